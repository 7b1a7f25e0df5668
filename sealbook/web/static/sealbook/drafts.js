// Unsaved text is never lost to an idle logoff. When the idle logoff comes,
// idle.js asks this script for the page's unsaved forms and sends them to the
// server, which seals each one as a draft (docs/drafts.md). After the next
// login, on the same page, this script offers each draft back once:
// "Restore your unsaved text from HH:MM?". Restoring or discarding deletes it.
(function () {
  "use strict";
  var csrfMeta = document.querySelector('meta[name="sealbook-csrf"]');
  var csrf = csrfMeta ? csrfMeta.getAttribute("content") : "";
  var SKIPPED = ["hidden", "password", "file", "submit", "button", "reset", "image"];

  function main() { return document.getElementById("main"); }

  // A form's own properties can be shadowed by its fields (a field named
  // "method" or "action" replaces form.method), so forms are read through
  // the prototypes' methods only.
  var E = Element.prototype;
  function find(form, selector) { return E.querySelector.call(form, selector); }
  function attr(form, name) { return E.getAttribute.call(form, name) || ""; }
  function controls(form) {
    return Array.prototype.slice.call(E.querySelectorAll.call(form, "input, select, textarea"));
  }

  // A form worth keeping: one that posts and has a textarea someone can type in.
  // Forms holding a password (logins, re-authentication) are never kept.
  function draftable(form) {
    return attr(form, "method").toLowerCase() === "post" &&
      !!find(form, "textarea:not([readonly]):not([disabled])") &&
      !find(form, 'input[type="password"]');
  }

  function fieldsOf(form) {
    return controls(form).filter(function (el) {
      return el.name && !el.disabled && el.name !== "csrfmiddlewaretoken" &&
        SKIPPED.indexOf((el.type || "").toLowerCase()) < 0;
    });
  }

  function changed(el) {
    if (el.type === "checkbox" || el.type === "radio") { return el.checked !== el.defaultChecked; }
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return el.value !== el.defaultValue;
  }

  // The values as a form submits them: {name: [value, ...]}.
  function valuesOf(form) {
    var values = {};
    fieldsOf(form).forEach(function (el) {
      var list = values[el.name] || (values[el.name] = []);
      if (el.type === "checkbox" || el.type === "radio") {
        if (el.checked) { list.push(el.value); }
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { list.push(o.value); });
      } else {
        list.push(el.value);
      }
    });
    return values;
  }

  function locationOf(url) {
    var parsed = new URL(url, window.location.href);
    return parsed.pathname + parsed.search;
  }

  // Where the form posts: its action, or this page when it has none.
  function actionOf(form) { return locationOf(attr(form, "action") || window.location.href); }

  function pageLocation() { return window.location.pathname + window.location.search; }

  function forms() {
    var root = main();
    return root ? Array.prototype.filter.call(root.querySelectorAll("form"), draftable) : [];
  }

  // The forms of this page with something typed that was not saved.
  function unsaved() {
    return forms().filter(function (form) {
      return fieldsOf(form).some(changed);
    }).map(function (form) {
      return { element: form, form: actionOf(form), fields: valuesOf(form) };
    });
  }

  function fill(form, values) {
    var used = {};
    fieldsOf(form).forEach(function (el) {
      var list = values[el.name];
      if (!list) { return; }
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = list.indexOf(el.value) >= 0;
      } else if (el.tagName === "SELECT") {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = list.indexOf(o.value) >= 0; });
      } else {
        var i = used[el.name] || 0;
        if (i < list.length) { el.value = list[i]; }
        used[el.name] = i + 1;
      }
    });
  }

  function post(url) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrf, "Accept": "application/json" }
    });
  }

  function clock(iso) {
    var at = new Date(iso);
    function two(n) { return (n < 10 ? "0" : "") + n; }
    return two(at.getHours()) + ":" + two(at.getMinutes());
  }

  function button(text, cls) {
    var b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (cls) { b.className = cls; }
    return b;
  }

  // The offer sits just above its form; its question is a polite live region,
  // filled after insertion so that screen readers announce it.
  function offer(form, draft) {
    var box = document.createElement("div");
    box.className = "draft-offer card";
    var question = document.createElement("p");
    question.setAttribute("role", "status");
    var restore = button("Restore");
    var discard = button("Discard", "secondary");
    var actions = document.createElement("p");
    actions.appendChild(restore);
    actions.appendChild(document.createTextNode(" "));
    actions.appendChild(discard);
    box.appendChild(question);
    box.appendChild(actions);
    E.before.call(form, box);
    window.setTimeout(function () {
      question.textContent = "Restore your unsaved text from " + clock(draft.saved_at) + "?";
    }, 50);

    function settle(message, isError) {
      actions.remove();
      question.setAttribute("role", isError ? "alert" : "status");
      question.textContent = message;
    }
    function failed(response) {
      return response.json().then(function (body) { settle(body.error, true); },
        function () { settle("The draft could not be opened. Try again later.", true); });
    }
    restore.addEventListener("click", function () {
      post("/drafts/" + draft.id + "/restore/").then(function (response) {
        if (!response.ok) { return failed(response); }
        return response.json().then(function (body) {
          fill(form, body.fields);
          settle("Your unsaved text from " + clock(draft.saved_at) + " is back in the form. Save it to keep it.");
          var first = find(form, "textarea");
          if (first) { first.focus(); }
        });
      }, function () { settle("The server did not answer. Try again later.", true); });
    });
    discard.addEventListener("click", function () {
      post("/drafts/" + draft.id + "/discard/").then(function (response) {
        if (!response.ok) { return failed(response); }
        settle("The unsaved text from " + clock(draft.saved_at) + " was discarded.");
      }, function () { settle("The server did not answer. Try again later.", true); });
    });
  }

  function offerDrafts() {
    var here = forms();
    if (!here.length || !document.querySelector("form[action='/logout/']")) { return; }
    fetch("/drafts/?page=" + encodeURIComponent(pageLocation()), {
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      return response.ok ? response.json() : { drafts: [] };
    }).then(function (body) {
      body.drafts.forEach(function (draft) {
        var form = here.filter(function (f) { return actionOf(f) === draft.form; })[0];
        if (form) { offer(form, draft); }
      });
    }, function () { /* No offer without the server; the draft waits for the next visit. */ });
  }

  window.SealbookDrafts = { unsaved: unsaved, page: pageLocation };
  offerDrafts();
})();
