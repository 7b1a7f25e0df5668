// Automatic logoff in the browser (HIPAA 164.312(a)(2)(iii)), announced a
// minute ahead (WCAG 2.2.1 Timing Adjustable), and never at the cost of
// unsaved text.
//
// The server's idle clock is the one that counts (web/idle.py); this script
// follows it. Every request restarts it; while the user types, a throttled
// ping tells the server so. A minute before the end the script asks the
// server how much time is really left (another tab may have been busy), then
// opens a modal alert dialog with a countdown and "Stay signed in". When the
// time is up it wipes the page at once, sends the page's unsaved forms to
// the server, which keeps them as sealed drafts and ends the session in the
// same request, and goes to the login page. If a form could not be kept,
// the page says so and keeps the text hidden instead of wiping it silently.
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="sealbook-idle-seconds"]');
  var seconds = meta ? parseInt(meta.getAttribute("content"), 10) : 0;
  var csrfMeta = document.querySelector('meta[name="sealbook-csrf"]');
  if (!seconds || !document.querySelector("form[action='/logout/']")) { return; }
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var idleMs = seconds * 1000;
  var warnMs = Math.min(60000, idleMs / 2);
  // Log off a moment before the server would, so the drafts reach a live session.
  var earlyMs = Math.min(3000, idleMs / 10);
  var pingEvery = Math.min(60, Math.max(5, seconds / 4)) * 1000;

  // `deadline` is the server's, on this browser's clock, measured from the
  // moment each counted request was sent: never later than the server's own.
  var deadline = Date.now() + idleMs;
  var lastPing = Date.now();
  var lastActivity = 0;
  var warnTimer = null;
  var endTimer = null;
  var ticker = null;
  var dialog = null;
  var returnFocus = null;
  var ending = false;

  function request(url, method, body) {
    var headers = { "X-CSRFToken": csrf, "Accept": "application/json" };
    if (body !== undefined) { headers["Content-Type"] = "application/json"; }
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      redirect: "manual",
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body)
    });
  }

  // The JSON of a 200 answer, or null for anything else (a redirect to the
  // login page, a 403, no answer at all): the session is over or unreachable.
  function jsonOrNull(promise) {
    return promise.then(function (response) {
      return response.status === 200 ? response.json() : null;
    }).catch(function () { return null; });
  }

  function schedule() {
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    // While the warning is open only its own button (or the end) moves on.
    if (!(dialog && dialog.open)) {
      warnTimer = window.setTimeout(warnOrExtend, Math.max(0, deadline - warnMs - Date.now()));
    }
    // The end does not wait for any answer from the server.
    endTimer = window.setTimeout(timeUp, Math.max(0, deadline - earlyMs - Date.now()));
  }

  // Each new deadline starts a new epoch; an answer about an older one is stale.
  var epoch = 0;

  function heard(sentAt, secondsLeft) {
    epoch += 1;
    deadline = sentAt + secondsLeft * 1000;
    schedule();
  }

  function ping() {
    var sentAt = Date.now();
    lastPing = sentAt;
    request("/still-here/", "POST").then(function (response) {
      if (ending) { return; }
      if (response.ok) { heard(sentAt, seconds); } else { timeUp(); }
    }, function () { /* Offline: the deadline stands; the next activity tries again. */ });
  }

  function active() {
    if (ending || dialog && dialog.open) { return; }
    lastActivity = Date.now();
    if (lastActivity - lastPing >= pingEvery) { ping(); }
  }

  function warnOrExtend() {
    if (ending) { return; }
    // Typing since the last ping: the user is here, the server just does not know yet.
    if (lastActivity > lastPing) { ping(); return; }
    var sentAt = Date.now();
    var asked = epoch;
    jsonOrNull(request("/session/idle/", "GET")).then(function (body) {
      if (ending || asked !== epoch) { return; }
      if (!body) { timeUp(); return; }
      var left = sentAt + body.seconds_left * 1000 - Date.now();
      if (left > warnMs + 2000) { heard(sentAt, body.seconds_left); return; }
      deadline = Math.min(deadline, sentAt + body.seconds_left * 1000);
      warn();
      schedule();
    });
  }

  // The warning -------------------------------------------------------------

  function element(tag, attributes, text) {
    var el = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { el.setAttribute(name, attributes[name]); });
    if (text) { el.textContent = text; }
    return el;
  }

  function buildDialog() {
    var d = element("dialog", {
      id: "idle-warning",
      role: "alertdialog",
      "aria-modal": "true",
      "aria-labelledby": "idle-warning-title",
      "aria-describedby": "idle-warning-text"
    });
    d.appendChild(element("h2", { id: "idle-warning-title" }, "Are you still there?"));
    var text = element("p", { id: "idle-warning-text" },
      "You have been inactive for a while. To protect client information you will be logged off in ");
    text.appendChild(element("span", { id: "idle-countdown", role: "timer" }, ""));
    text.appendChild(document.createTextNode(
      ". Text you have not saved on this page is kept as a draft for you."));
    d.appendChild(text);
    var stay = element("button", { type: "button", id: "idle-stay" }, "Stay signed in");
    var p = element("p", {});
    p.appendChild(stay);
    d.appendChild(p);
    stay.addEventListener("click", staySignedIn);
    // Escape means "I am here", not "log me off".
    d.addEventListener("cancel", function (event) { event.preventDefault(); staySignedIn(); });
    document.body.appendChild(d);
    return d;
  }

  function remaining() {
    var s = Math.max(0, Math.ceil((deadline - earlyMs - Date.now()) / 1000));
    return s >= 60 ? "1 minute" : s + (s === 1 ? " second" : " seconds");
  }

  function warn() {
    if (!dialog) { dialog = buildDialog(); }
    if (dialog.open) { return; }
    returnFocus = document.activeElement;
    document.getElementById("idle-countdown").textContent = remaining();
    dialog.showModal();
    document.getElementById("idle-stay").focus();
    window.clearInterval(ticker);
    ticker = window.setInterval(function () {
      document.getElementById("idle-countdown").textContent = remaining();
    }, 1000);
  }

  function closeWarning() {
    window.clearInterval(ticker);
    if (dialog && dialog.open) {
      dialog.close();
      if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
    }
  }

  function staySignedIn() {
    if (ending) { return; }
    var sentAt = Date.now();
    jsonOrNull(request("/session/stay/", "POST")).then(function (body) {
      if (ending) { return; }
      if (!body) { timeUp(); return; }
      lastPing = sentAt;
      closeWarning();
      heard(sentAt, body.seconds_left);
    });
  }

  // The end -------------------------------------------------------------------

  function curtain(message, role) {
    var c = document.getElementById("idle-curtain");
    if (!c) {
      c = element("div", { id: "idle-curtain" });
      document.body.appendChild(c);
    }
    c.textContent = "";
    c.setAttribute("role", role);
    c.appendChild(element("p", {}, message));
    c.hidden = false;
    return c;
  }

  function wipe() {
    var root = document.getElementById("main");
    if (root) { root.innerHTML = ""; }
    return root;
  }

  function toLogin(url) {
    wipe();
    curtain("You were logged off after a period of inactivity.", "alert");
    var page = document.querySelector('meta[name="sealbook-login"]');
    window.location.replace(url || (page ? page.content : "/login/?idle=1"));
  }

  function timeUp() {
    if (ending) { return; }
    ending = true;
    window.clearTimeout(warnTimer);
    window.clearTimeout(endTimer);
    closeWarning();
    // Wipe the page at once. The unsaved forms are taken out first and held
    // here, out of sight (with their values), until the server has them.
    var drafts = window.SealbookDrafts;
    var unsaved = drafts ? drafts.unsaved() : [];
    unsaved.forEach(function (u) { Element.prototype.remove.call(u.element); });
    wipe();
    document.body.classList.add("idle");
    curtain(unsaved.length ? "Logging off after a period of inactivity: keeping your unsaved text…"
      : "You were logged off after a period of inactivity.", "status");
    keep(unsaved);
  }

  function putBack(forms) {
    var root = document.getElementById("main");
    if (root) { forms.forEach(function (u) { root.appendChild(u.element); }); }
  }

  function keep(unsaved) {
    var page = window.SealbookDrafts ? window.SealbookDrafts.page() : window.location.pathname;
    var body = {
      page: page,
      forms: unsaved.map(function (u) { return { form: u.form, fields: u.fields }; })
    };
    jsonOrNull(request("/drafts/idle-logoff/", "POST", body)).then(function (result) {
      if (result && result.logged_off === false) { stillOpen(unsaved, result.seconds_left); return; }
      var lost = unsaved.filter(function (u, i) { return !result || result.kept.indexOf(i) < 0; });
      if (!lost.length) { toLogin(result ? result.login : null); return; }
      notKept(lost, result);
    });
  }

  // Another tab kept the session busy after all, so it was not ended: give
  // back the unsaved forms and say why the rest of the page is gone.
  function stillOpen(unsaved, secondsLeft) {
    ending = false;
    var root = document.getElementById("main");
    if (root) {
      root.appendChild(element("p", { role: "status" },
        "Your session is still open in another tab. This page was cleared at the idle time; " +
        "your unsaved text is below. Reload the page after saving it."));
    }
    putBack(unsaved);
    document.body.classList.remove("idle");
    document.getElementById("idle-curtain").hidden = true;
    lastPing = Date.now();
    heard(lastPing, secondsLeft);
  }

  // Some text could not be kept: say so, keep it hidden in the page, and let
  // the user try again or give it up.
  function notKept(lost, result) {
    putBack(lost);
    var reasons = result ? Object.keys(result.refused).map(function (k) { return result.refused[k]; }) : [];
    var c = curtain("You were logged off after a period of inactivity, and your unsaved text " +
      "could not be kept as a draft" + (reasons.length ? " (" + reasons.join("; ") + ")" :
      " (the session had already ended, or the server did not answer)") +
      ". It is hidden on this page, not saved: it is lost when you leave this page.", "alert");
    var again = element("button", { type: "button", id: "idle-keep-again" }, "Try again to keep it");
    var give = element("button", { type: "button", id: "idle-give-up" }, "Discard it and log in again");
    var p = element("p", {});
    p.appendChild(again);
    p.appendChild(document.createTextNode(" "));
    p.appendChild(give);
    c.appendChild(p);
    again.addEventListener("click", function () {
      curtain("Keeping your unsaved text…", "status");
      keep(lost);
    });
    give.addEventListener("click", function () { toLogin(null); });
    again.focus();
  }

  ["keydown", "input", "pointerdown"].forEach(function (name) {
    document.addEventListener(name, active, { passive: true });
  });
  // An htmx request restarted the server's clock, so the deadline moves too.
  document.addEventListener("htmx:beforeRequest", function () { lastPing = Date.now(); });
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail && event.detail.successful) { heard(lastPing, seconds); }
  });
  schedule();
})();
