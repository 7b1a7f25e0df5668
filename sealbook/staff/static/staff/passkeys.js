// Passkey ceremonies (WebAuthn) for sealbook/staff/passkeys.py. A static file:
// the CSP allows no inline script. An element with data-passkey="create" (a form
// with a name field) enrols a passkey; one with data-passkey="get" (a button)
// proves one. Each asks data-options-url for options, hands them to the browser,
// and posts the answer to data-finish-url, which replies {redirect} or {error}.
(function () {
  "use strict";

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function csrfToken() {
    var meta = document.querySelector('meta[name="sealbook-csrf"]');
    return meta ? meta.content : "";
  }

  async function post(url, body) {
    var response = await fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify(body || {}),
    });
    // Sent elsewhere first (re-authentication expired, session ended): follow.
    if (response.redirected) {
      window.location.assign(response.url);
      throw new Error("");
    }
    var data = await response.json();
    if (!response.ok) throw new Error(data.error || "The passkey was not accepted.");
    return data;
  }

  function descriptors(list) {
    return (list || []).map(function (item) {
      return Object.assign({}, item, { id: toBytes(item.id) });
    });
  }

  function creationOptions(options) {
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    options.excludeCredentials = descriptors(options.excludeCredentials);
    return options;
  }

  function requestOptions(options) {
    options.challenge = toBytes(options.challenge);
    options.allowCredentials = descriptors(options.allowCredentials);
    return options;
  }

  function answer(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      authenticatorAttachment: credential.authenticatorAttachment,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toBase64url(response.clientDataJSON) },
    };
    if (response.attestationObject) {
      json.response.attestationObject = toBase64url(response.attestationObject);
      json.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      json.response.authenticatorData = toBase64url(response.authenticatorData);
      json.response.signature = toBase64url(response.signature);
      if (response.userHandle) json.response.userHandle = toBase64url(response.userHandle);
    }
    return json;
  }

  async function ceremony(element, status) {
    var body = { next: new URLSearchParams(window.location.search).get("next") || "" };
    var options = await post(element.dataset.optionsUrl);
    var credential;
    if (element.dataset.passkey === "create") {
      body.name = element.querySelector('input[name="name"]').value;
      credential = await navigator.credentials.create({ publicKey: creationOptions(options) });
    } else {
      credential = await navigator.credentials.get({ publicKey: requestOptions(options) });
    }
    body.credential = answer(credential);
    status.textContent = "Checking…";
    var result = await post(element.dataset.finishUrl, body);
    window.location.assign(result.redirect);
  }

  function start(element) {
    var status = element.querySelector("[data-passkey-status]") ||
      element.parentElement.parentElement.querySelector("[data-passkey-status]");
    var run = function (event) {
      event.preventDefault();
      if (!window.PublicKeyCredential) {
        status.textContent = "This browser cannot use passkeys.";
        return;
      }
      status.textContent = "";
      ceremony(element, status).catch(function (error) {
        // NotAllowedError: the user cancelled or the time ran out.
        status.textContent = error.name === "NotAllowedError"
          ? "No passkey was used. Try again when you are ready."
          : error.message;
      });
    };
    element.addEventListener(element.tagName === "FORM" ? "submit" : "click", run);
  }

  document.querySelectorAll("[data-passkey]").forEach(start);
})();
