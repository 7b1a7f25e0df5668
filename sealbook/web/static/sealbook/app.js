// Automatic logoff in the browser (HIPAA 164.312(a)(2)(iii)). When the idle
// time runs out, hide everything on the page before going to the login page,
// so no client data stays on an unattended screen. The server enforces the
// same limit; while the user is active (typing a long note, say) a throttled
// ping tells the server so, and the note is not lost to a logoff.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="sealbook-idle-seconds"]');
  var seconds = meta ? parseInt(meta.getAttribute("content"), 10) : 0;
  var csrf = document.querySelector('meta[name="sealbook-csrf"]');
  if (!seconds || !document.querySelector("form[action='/logout/']")) { return; }
  var timer = null;
  var lastPing = Date.now();
  var pingEvery = Math.min(60, Math.max(5, seconds / 4)) * 1000;

  function blank() {
    var main = document.getElementById("main");
    if (main) { main.innerHTML = ""; }
    document.body.classList.add("idle");
    var curtain = document.getElementById("idle-curtain");
    if (curtain) { curtain.hidden = false; }
    window.setTimeout(function () { window.location.replace("/login/?idle=1"); }, 1500);
  }
  function restart() {
    if (timer) { window.clearTimeout(timer); }
    timer = window.setTimeout(blank, seconds * 1000);
  }
  function active() {
    restart();
    if (Date.now() - lastPing < pingEvery || !csrf) { return; }
    lastPing = Date.now();
    fetch("/still-here/", {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrf.getAttribute("content") }
    }).then(function (response) { if (!response.ok) { blank(); } });
  }
  ["keydown", "input", "pointerdown"].forEach(function (name) {
    document.addEventListener(name, active, { passive: true });
  });
  document.addEventListener("htmx:afterRequest", restart);
  restart();
})();

// Uploads. The server decides from the request's headers alone whether a body
// larger than an ordinary form's may follow (sealbook/web/body_limits.py), so
// the CSRF token has to travel in a header too, not only inside the body the
// server has not read yet. Without script the form still posts small files.
(function () {
  "use strict";
  var csrf = document.querySelector('meta[name="sealbook-csrf"]');
  var problems = {
    403: "Your session has ended. Log in again, then upload the file.",
    413: "This file is larger than the practice accepts.",
    507: "The server has too little free disk space for this file. Tell the administrator."
  };
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!csrf || !form.matches || !form.matches("form[data-sealbook-upload]")) { return; }
    event.preventDefault();
    var button = form.querySelector("button[type='submit']");
    var status = form.querySelector("[data-upload-status]");
    if (button) { button.disabled = true; }
    if (status) { status.textContent = "Uploading…"; }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrf.getAttribute("content") }
    }).then(function (response) {
      if (response.ok && response.redirected) {
        window.location.assign(response.url);
        return;
      }
      if (status) {
        status.textContent = problems[response.status] ||
          "The upload failed (" + response.status + "). Check the file and try again.";
      }
      if (button) { button.disabled = false; }
    }, function () {
      if (status) { status.textContent = "The upload did not reach the server. Try again."; }
      if (button) { button.disabled = false; }
    });
  });
})();
