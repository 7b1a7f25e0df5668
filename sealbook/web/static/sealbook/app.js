// Behaviour shared by every page. The automatic logoff and its warning are in
// idle.js; keeping unsaved text as a draft at logoff is in drafts.js.

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
