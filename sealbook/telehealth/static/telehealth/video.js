// Video sessions in the browser: the waiting room, the clinician's controls, and the call.
//
// Media is encrypted end to end with encoded transforms: every RTCPeerConnection is made
// with `encodedInsertableStreams: true` and every sender and receiver gets its transform
// before the offer or answer, so no frame can leave unencrypted. Each frame is AES-GCM
// under a key derived (HKDF-SHA-256) from the room's media key and the sender's key id;
// the codec's first bytes stay in clear for the packetizer (VP8: 10 on key frames, 3 on
// others; Opus: 1) and are authenticated. A frame ends with its 12-byte IV and the key id.
// A browser without encoded transforms is refused: never a silent unencrypted call.
"use strict";
(function () {
  const E2EE = typeof RTCRtpSender !== "undefined" && "createEncodedStreams" in RTCRtpSender.prototype;
  const say = (id, text) => { const el = document.getElementById(id); if (el) el.textContent = text; };
  const csrf = () => (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
  // Steps of joining a call, as performance marks (read by bench/video_bench.py).
  const mark = (name) => performance.mark(`sealbook-${name}`);
  // `subscribers`: feed id -> { pc, handle } of each remote feed this page receives.
  const state = { pcs: [], subscribers: new Map(), janus: null, stream: null, recorder: null };
  const showRecording = (on) => {
    const el = document.getElementById("recording-indicator"); if (el) el.hidden = !on;
  };
  window.sealbookVideo = state; // for the browser tests' getStats()

  // -- end-to-end encryption ------------------------------------------------------------
  const encoder = new TextEncoder();
  async function roomKey(b64) {
    const raw = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    return crypto.subtle.importKey("raw", raw, "HKDF", false, ["deriveKey"]);
  }
  function senderKey(base, keyId) {
    return crypto.subtle.deriveKey(
      { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: encoder.encode(`sealbook-media-sender-${keyId}`) },
      base, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
  }
  const clearBytes = (frame, kind) => (kind === "audio" ? 1 : frame.type === "key" ? 10 : 3);

  function encryptor(key, keyId, kind) {
    return new TransformStream({
      async transform(frame, controller) {
        const data = new Uint8Array(frame.data);
        const n = Math.min(clearBytes(frame, kind), data.length);
        const iv = crypto.getRandomValues(new Uint8Array(12));
        const header = data.slice(0, n);
        const sealed = new Uint8Array(await crypto.subtle.encrypt(
          { name: "AES-GCM", iv, additionalData: header }, await key, data.subarray(n)));
        const out = new Uint8Array(n + sealed.length + 13);
        out.set(header, 0); out.set(sealed, n); out.set(iv, n + sealed.length);
        out[out.length - 1] = keyId;
        frame.data = out.buffer;
        controller.enqueue(frame);
      },
    });
  }
  function decryptor(base, kind) {
    const keys = new Map();
    return new TransformStream({
      async transform(frame, controller) {
        const data = new Uint8Array(frame.data);
        if (data.length < 30) return;
        const keyId = data[data.length - 1];
        if (!keys.has(keyId)) keys.set(keyId, senderKey(base, keyId));
        const n = Math.min(clearBytes(frame, kind), data.length - 29);
        const iv = data.slice(data.length - 13, data.length - 1);
        try {
          const plain = new Uint8Array(await crypto.subtle.decrypt(
            { name: "AES-GCM", iv, additionalData: data.subarray(0, n) }, await keys.get(keyId),
            data.subarray(n, data.length - 13)));
          const out = new Uint8Array(n + plain.length);
          out.set(data.subarray(0, n), 0); out.set(plain, n);
          frame.data = out.buffer;
          controller.enqueue(frame);
        } catch (err) { /* not ours or damaged: dropped, never shown */ }
      },
    });
  }

  // -- Janus through Sealbook's proxy ---------------------------------------------------
  class Janus {
    constructor(base, onLost) { this.base = base; this.handlers = new Map(); this.onLost = onLost; }
    async post(path, body) {
      const transaction = Math.random().toString(36).slice(2);
      const response = await fetch(this.base + path, {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ ...body, transaction }),
      });
      const answer = await response.json();
      if (!response.ok || answer.janus === "error") {
        throw new Error(answer.error && (answer.error.reason || answer.error) || "refused");
      }
      return answer;
    }
    async start() {
      this.sid = (await this.post("", { janus: "create" })).data.id;
      this.poll();
      this.keepalive = setInterval(() => this.post(`/${this.sid}`, { janus: "keepalive" }).catch(() => {}), 25000);
    }
    async poll() {
      let failures = 0;
      while (!this.closed) {
        try {
          const response = await fetch(`${this.base}/${this.sid}`, { credentials: "same-origin" });
          if (!response.ok) throw new Error(String(response.status));
          let events = await response.json();
          if (!Array.isArray(events)) events = [events];
          // 458: no such session (Janus restarted and forgot it): lost, not retried.
          if (events.some((e) => e.janus === "error" && e.error && e.error.code === 458)) failures = 3;
          else failures = 0;
          for (const event of events) { const h = this.handlers.get(event.sender); if (h) h(event); }
          if (failures) throw new Error("the media server forgot this session");
        } catch (err) {
          failures += 1;
          if (failures >= 3) { this.close(); this.onLost(); return; }
          await sleep(1000);
        }
      }
    }
    async attach(onEvent) {
      const id = (await this.post(`/${this.sid}`, { janus: "attach", plugin: "janus.plugin.videoroom" })).data.id;
      this.handlers.set(id, onEvent);
      return id;
    }
    message(handle, body, jsep) {
      return this.post(`/${this.sid}/${handle}`, jsep ? { janus: "message", body, jsep } : { janus: "message", body });
    }
    trickle(handle, candidate) {
      return this.post(`/${this.sid}/${handle}`, { janus: "trickle", candidate: candidate || { completed: true } }).catch(() => {});
    }
    close() { this.closed = true; clearInterval(this.keepalive); }
    lose() { if (this.closed) return; this.leave(); this.onLost(); }
    // Leaving the page ends its Janus session at once: otherwise its feed would linger in
    // the room, without frames, until Janus's session timeout.
    leave() {
      if (!this.sid || this.closed) return;
      this.close();
      fetch(`${this.base}/${this.sid}`, { method: "POST", keepalive: true, credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrf() },
        body: JSON.stringify({ janus: "destroy", transaction: "leave" }) }).catch(() => {});
    }
  }

  function showRemote(feed, track) {
    const area = document.getElementById("remote-videos");
    let video = document.getElementById(`feed-${feed.id}`);
    if (!video) {
      const figure = document.createElement("figure");
      video = document.createElement("video");
      video.id = `feed-${feed.id}`; video.autoplay = true; video.playsInline = true;
      video.srcObject = new MediaStream();
      const caption = document.createElement("figcaption"); caption.textContent = feed.display || "";
      figure.append(video, caption); area.append(figure);
    }
    video.srcObject.addTrack(track);
  }

  async function subscribe(janus, media, base, feed) {
    if (state.subscribers.has(feed.id)) return;
    const mine = { pc: null, handle: null };
    state.subscribers.set(feed.id, mine);
    let handle = null;
    let pc = null;
    const onEvent = async (event) => {
      if (!event.jsep || event.jsep.type !== "offer" || state.subscribers.get(feed.id) !== mine) return;
      if (!pc) {
        mark("subscriber-offer");
        pc = new RTCPeerConnection({ iceServers: media.iceServers, encodedInsertableStreams: true });
        pc.sealbookRole = "subscriber"; state.pcs.push(pc); mine.pc = pc;
        // Each receiver decrypts from its first frame; a later offer (an ICE restart) keeps
        // the same receivers, so their transforms stay.
        pc.ontrack = (ev) => {
          const { readable, writable } = ev.receiver.createEncodedStreams();
          readable.pipeThrough(decryptor(base, ev.track.kind)).pipeTo(writable);
          showRemote(feed, ev.track);
        };
        pc.onicecandidate = (ev) => janus.trickle(handle, ev.candidate);
        pc.addEventListener("connectionstatechange", () => { if (pc.connectionState === "connected") mark("subscriber-connected"); });
        // Janus makes the new offer of a subscriber's ICE restart; if that does not
        // help, this feed is received again on a new connection.
        watchIce(pc, () => janus.message(handle, { request: "configure", restart: true }), () => {
          unsubscribe(janus, feed.id);
          subscribe(janus, media, base, feed);
        });
      }
      await pc.setRemoteDescription(event.jsep);
      const answer = await pc.createAnswer();
      await pc.setLocalDescription(answer);
      await janus.message(handle, { request: "start" }, { type: answer.type, sdp: answer.sdp, e2ee: true });
      mark("subscribed");
    };
    handle = await janus.attach(onEvent);
    mine.handle = handle;
    await janus.message(handle, { request: "join", ptype: "subscriber", streams: [{ feed: feed.id }] });
  }

  // A feed that left the room (or is received again): its connection, handle and picture go.
  function unsubscribe(janus, feedId) {
    const mine = state.subscribers.get(feedId);
    if (!mine) return;
    state.subscribers.delete(feedId);
    if (mine.pc) {
      mine.pc.close();
      const at = state.pcs.indexOf(mine.pc); if (at >= 0) state.pcs.splice(at, 1);
      if (mine.pc.sealbookRestart) restarters.delete(mine.pc.sealbookRestart);
    }
    if (mine.handle) janus.post(`/${janus.sid}/${mine.handle}`, { janus: "detach" }).catch(() => {});
    const video = document.getElementById(`feed-${feedId}`);
    if (video) video.closest("figure").remove();
  }

  // -- keeping the call up -------------------------------------------------------------
  // A network change (a new address, Wi-Fi to mobile) fails a connection's ICE: it is
  // restarted on the same peer connection (same senders, receivers and transforms); if
  // that does not bring it back, the whole call is joined again. When the media server
  // itself is lost (it restarted), the page says so and joins again, without a reload,
  // as soon as it is back: a new Janus session and new peer connections, encrypted as
  // the first ones, from this page's camera and the same media key.
  const ICE_GRACE = 2000; // "disconnected" often heals by itself
  const ICE_RESTART_TIMEOUT = 10000;
  state.iceRestarts = 0;
  const restarters = new Set();
  state.restartIce = () => Promise.all([...restarters].map((restart) => restart())); // tests
  function watchIce(pc, restartIce, giveUp) {
    let timer = null; let restarted = false;
    const restart = async () => {
      restarted = true; state.iceRestarts += 1;
      await restartIce();
      clearTimeout(timer);
      timer = setTimeout(() => { if (!healthy() && pc.connectionState !== "closed") giveUp(); }, ICE_RESTART_TIMEOUT);
    };
    const healthy = () => ["connected", "completed"].includes(pc.iceConnectionState);
    pc.sealbookRestart = restart;
    restarters.add(restart);
    pc.addEventListener("iceconnectionstatechange", () => {
      const now = pc.iceConnectionState;
      if (now === "closed") { restarters.delete(restart); clearTimeout(timer); return; }
      if (healthy()) { clearTimeout(timer); timer = null; restarted = false; return; }
      if ((now === "disconnected" || now === "failed") && !timer) {
        timer = setTimeout(() => {
          timer = null;
          if (healthy()) return;
          if (pc.connectionState === "closed") return;
          if (restarted) giveUp(); else restart().catch(giveUp);
        }, now === "failed" ? 0 : ICE_GRACE);
      }
    });
  }

  function dropConnections() {
    restarters.clear();
    for (const pc of state.pcs) pc.close();
    state.pcs.length = 0;
    state.subscribers.clear();
    const area = document.getElementById("remote-videos"); if (area) area.replaceChildren();
  }

  async function startCall(proxyBase, media) {
    say("video-status", "Connecting the encrypted call…");
    mark("call");
    const base = await roomKey(media.mediaKey);
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480 } });
    mark("camera");
    state.stream = stream;
    document.getElementById("local-video").srcObject = stream;
    const area = document.getElementById("video-area"); if (area) area.hidden = false;
    window.addEventListener("pagehide", () => { state.left = true; if (state.janus) state.janus.leave(); });
    const call = { proxyBase, media, base, stream, key: senderKey(base, media.keyId) };
    try {
      await joinCall(call);
    } catch (err) {
      if (state.janus) state.janus.leave();
      if (err && err.shown) throw err; // refused: trying again would not help
      rejoin(call, "The video server does not answer. Joining as soon as it is back…");
    }
  }

  function rejoin(call, message) {
    if (state.rejoining || state.left) return;
    state.rejoining = true;
    dropConnections();
    say("video-status", message || "The connection to the video server was lost. Rejoining as soon as it is back…");
    (async () => {
      while (!state.left) {
        await sleep(2000);
        if (state.left) break;
        try {
          await joinCall(call);
          mark("rejoined");
          break;
        } catch (err) {
          if (state.janus) state.janus.leave();
          dropConnections();
        }
      }
      state.rejoining = false;
    })();
  }

  async function joinCall(call) {
    const { media } = call;
    const janus = new Janus(call.proxyBase, () => { if (state.janus === janus) rejoin(call); });
    state.janus = janus;
    await janus.start();
    mark("janus-session");
    let pc = null; let handle = null;
    let published; let refused;
    const answered = new Promise((resolve, reject) => { published = resolve; refused = reject; });
    const onEvent = async (event) => {
      const data = (event.plugindata && event.plugindata.data) || {};
      if (event.jsep && pc && event.jsep.type === "answer") { await pc.setRemoteDescription(event.jsep); mark("published"); published(); }
      for (const feed of data.publishers || []) subscribe(janus, media, call.base, feed);
      const gone = data.unpublished || data.leaving;
      if (gone && gone !== "ok") unsubscribe(janus, gone);
      if (data.error) refused(Object.assign(new Error("The video server refused the call."), { shown: true }));
    };
    handle = await janus.attach(onEvent);
    await janus.message(handle, { request: "join", ptype: "publisher" });
    pc = new RTCPeerConnection({ iceServers: media.iceServers, encodedInsertableStreams: true });
    pc.sealbookRole = "publisher"; state.pcs.push(pc);
    for (const track of call.stream.getTracks()) {
      const sender = pc.addTrack(track, call.stream);
      const { readable, writable } = sender.createEncodedStreams();
      readable.pipeThrough(encryptor(call.key, media.keyId, track.kind)).pipeTo(writable);
    }
    pc.onicecandidate = (ev) => janus.trickle(handle, ev.candidate);
    const publish = async (options) => {
      const offer = await pc.createOffer(options);
      await pc.setLocalDescription(offer);
      await janus.message(handle, { request: "configure", audio: true, video: true },
        { type: offer.type, sdp: offer.sdp, e2ee: true });
    };
    await publish();
    // If restarting ICE does not bring the publisher back, the call is joined again.
    watchIce(pc, () => publish({ iceRestart: true }), () => janus.lose());
    await Promise.race([answered, sleep(15000).then(() => { throw new Error("no answer"); })]);
    say("video-status", "In the call (end-to-end encrypted).");
  }

  async function checkDevices() {
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
      document.getElementById("local-video").srcObject = stream;
      say("device-status", "Your camera and microphone work.");
    } catch (err) {
      say("device-status", err && err.name === "NotAllowedError"
        ? "The browser was not allowed to use your camera or microphone: allow them for this page and try again."
        : "No camera or microphone could be started on this device.");
    }
  }
  const callFailed = (err) => say("video-status", err && err.name === "NotAllowedError"
    ? "The browser was not allowed to use your camera or microphone: allow them and reload the page."
    : err && err.shown ? err.message : "The call could not be started. Reload the page to try again.");

  const waiting = document.getElementById("waiting-room");
  if (waiting) {
    if (!E2EE) {
      say("waiting-message", "This browser cannot encrypt the call end to end, so it cannot join. " +
        "Please use a current Chrome or Edge.");
      return;
    }
    document.getElementById("check-devices").addEventListener("click", checkDevices);
    const token = waiting.dataset.token;
    let started = false;
    const poll = async () => {
      let answer;
      try {
        answer = await (await fetch(`/video/join/${token}/status`, { credentials: "same-origin" })).json();
      } catch (err) {
        say("waiting-message", "The connection to the practice was lost; trying again…");
        setTimeout(poll, 5000);
        return;
      }
      if (answer.state === "waiting") {
        say("waiting-message", "Your clinician will let you in. Please keep this page open.");
        // Admission is seen within 0.4 s: the wait for the next poll is part of every join
        // (the bench's admission-to-first-frame figure), and a waiting room is short.
        setTimeout(poll, 400);
      } else if (answer.state === "admitted" && answer.media) {
        if (!started) mark("admitted");
        say("waiting-message", "Your clinician let you in.");
        showRecording(answer.recording);
        if (!started) { started = true; startCall(`/video/join/${token}/janus`, answer.media).catch(callFailed); }
        setTimeout(poll, 3000);
      } else {
        state.left = true;
        if (state.janus) state.janus.close();
        for (const pc of state.pcs) pc.close();
        showRecording(false);
        say("video-status", "");
        say("waiting-message", answer.message || "Your clinician ended your part in this session.");
      }
    };
    poll();
  }

  const room = document.getElementById("video-room");
  if (room && room.dataset.open) {
    const session = room.dataset.session;
    const list = document.getElementById("participants");
    const control = async (id, verb) => {
      await fetch(`/video/links/${id}/${verb}/`, {
        method: "POST", credentials: "same-origin",
        headers: { "X-CSRFToken": csrf(), Accept: "application/json" },
      });
      refresh();
    };
    const refresh = async () => {
      let answer;
      try {
        const response = await fetch(`/video/sessions/${session}/participants/`, { credentials: "same-origin" });
        answer = await response.json();
        if (!response.ok || !Array.isArray(answer.participants)) throw new Error(answer.error || response.status);
      } catch (err) { setTimeout(refresh, 5000); return; }  // a busy or restarting server: ask again
      list.replaceChildren();
      const shown = answer.participants.filter((p) => p.state === "waiting" || p.state === "admitted");
      if (!shown.length) {
        const li = document.createElement("li"); li.className = "muted"; li.textContent = "Nobody yet."; list.append(li);
      }
      for (const p of shown) {
        const li = document.createElement("li");
        li.textContent = `${p.label}: ${p.state} `;
        const verbs = p.state === "waiting" ? [["admit", "Admit"], ["decline", "Decline"]] : [["remove", "Remove"]];
        for (const [verb, label] of verbs) {
          const b = document.createElement("button"); b.type = "button"; b.textContent = `${label} ${p.label}`;
          b.addEventListener("click", () => control(p.id, verb)); li.append(b, " ");
        }
        list.append(li);
      }
      recordingChanged(answer.recording);
      if (answer.room === "open") { setTimeout(refresh, 2000); return; }
      // Ended (here or in another tab): nothing to rejoin.
      state.left = true;
      if (state.janus) state.janus.leave();
      dropConnections();
    };
    // -- recording: in this browser, from the decrypted streams, uploaded encrypted ----
    const recordButton = document.getElementById("record-start");
    const stopButton = document.getElementById("record-stop");
    const post = (url) => fetch(url, { method: "POST", credentials: "same-origin",
      headers: { "X-CSRFToken": csrf(), Accept: "application/json" } }).then(async (r) => [r.ok, await r.json()]);
    const recordingButtons = (on) => { recordButton.hidden = on; stopButton.hidden = !on; showRecording(on); };
    function mixedStream() {
      // Every picture on the page drawn in a grid, every sound mixed into one track; a
      // participant let in while recording is drawn and mixed in from then on.
      const canvas = document.createElement("canvas"); canvas.width = 640; canvas.height = 480;
      const g = canvas.getContext("2d");
      const audio = new AudioContext(); const mix = audio.createMediaStreamDestination();
      const mixed = new Set();
      const draw = () => {
        if (!state.recorder) return;
        const videos = [...document.querySelectorAll("#video-area video")];
        const columns = Math.ceil(Math.sqrt(videos.length)); const rows = Math.ceil(videos.length / columns);
        const w = canvas.width / columns; const h = canvas.height / rows;
        g.fillRect(0, 0, canvas.width, canvas.height);
        videos.forEach((v, i) => {
          g.drawImage(v, (i % columns) * w, Math.floor(i / columns) * h, w, h);
          const source = v === videos[0] ? state.stream : v.srcObject;
          if (source && !mixed.has(source) && source.getAudioTracks().length) {
            mixed.add(source); audio.createMediaStreamSource(source).connect(mix);
          }
        });
        setTimeout(draw, 100);
      };
      return { stream: new MediaStream([...canvas.captureStream(10).getVideoTracks(), ...mix.stream.getAudioTracks()]), draw, audio };
    }
    async function startRecording() {
      const [ok, answer] = await post(`/video/sessions/${session}/record/`);
      if (!ok) { say("recording-status", answer.error); return; }
      const mixed = mixedStream();
      const chunks = [];
      const recorder = new MediaRecorder(mixed.stream, { mimeType: "video/webm" });
      recorder.ondataavailable = (ev) => { if (ev.data.size) chunks.push(ev.data); };
      state.recorder = { recorder, chunks, id: answer.id, audio: mixed.audio };
      mixed.draw();
      recorder.start(1000);
      recordingButtons(true);
      say("recording-status", "Recording. Every participant sees that this session is recorded.");
    }
    // A recorder that stopped by itself (an encoder error, a track that ended) is already
    // inactive and fires no second stop event: waiting for one would leave the page
    // saying "Recording" for ever. Waiting is also bounded for a recorder that hangs.
    function stopped(recorder) {
      if (recorder.state === "inactive") return Promise.resolve();
      return new Promise((resolve) => {
        recorder.onstop = resolve;
        setTimeout(resolve, 5000);
        recorder.stop();
      });
    }
    async function finishRecording(keep, message) {
      const current = state.recorder; if (!current) return;
      state.recorder = null;
      await stopped(current.recorder);
      current.audio.close();
      recordingButtons(false);
      if (!keep) { current.chunks.length = 0; say("recording-status", message); return; }
      say("recording-status", "Saving the recording to the chart…");
      const form = new FormData();
      form.append("file", new Blob(current.chunks, { type: "video/webm" }), "session-recording.webm");
      const response = await fetch(`/video/recordings/${current.id}/file/`, { method: "POST",
        credentials: "same-origin", headers: { "X-CSRFToken": csrf() }, body: form });
      const answer = await response.json();
      say("recording-status", response.ok ? "The recording was saved to the chart (encrypted)."
        : `The recording was not saved: ${answer.error}`);
    }
    function recordingChanged(recording) {
      const current = state.recorder;
      if (!current || !recording || recording.id !== current.id || recording.state === "on") return;
      if (recording.state === "withdrawn") {
        finishRecording(false, "Recording stopped: a client withdrew their recording consent. Nothing was saved.");
      } else {
        finishRecording(true);
      }
    }
    if (recordButton) {
      recordButton.addEventListener("click", () => startRecording().catch((err) => say("recording-status", String(err))));
      stopButton.addEventListener("click", async () => {
        const current = state.recorder; if (!current) return;
        const [ok, answer] = await post(`/video/recordings/${current.id}/stop/`);
        if (ok) await finishRecording(true); else say("recording-status", answer.error);
      });
      // Ending the session stops the recording: save it before the page goes.
      document.getElementById("end-video").form.addEventListener("submit", async (ev) => {
        if (!state.recorder) return;
        ev.preventDefault();
        await post(`/video/recordings/${state.recorder.id}/stop/`);
        await finishRecording(true);
        ev.target.submit();
      });
    }
    refresh();
    if (!E2EE) {
      say("video-status", "This browser cannot encrypt the call end to end: use a current Chrome or Edge.");
    } else {
      fetch(`/video/sessions/${session}/media/`, { credentials: "same-origin" })
        .then((r) => r.json())
        .then((media) => (media.error ? say("video-status", media.error)
          : startCall(`/video/sessions/${session}/janus`, media)))
        .catch(callFailed);
    }
  }
})();
