// Automatic logoff in the browser (HIPAA 164.312(a)(2)(iii)): when the idle
// time runs out, hide everything on the page before navigating to the login
// page, so no client data stays on an unattended screen. The server enforces
// the same limit on its side.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="sealbook-idle-seconds"]');
  var seconds = meta ? parseInt(meta.getAttribute("content"), 10) : 0;
  if (!seconds || !document.querySelector("form[action='/logout/']")) { return; }
  var timer = null;
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
  document.addEventListener("htmx:afterRequest", restart);
  restart();
})();
