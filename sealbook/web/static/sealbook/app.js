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
