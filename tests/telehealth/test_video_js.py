"""The silent plaintext trap, checked in the page's own script (docs/telehealth.md).

Without `encodedInsertableStreams: true` on the peer connection, a sender transform set
after the offer is silently ignored and video goes out unencrypted while Janus believes
it is encrypted. Every connection the page makes must ask for encoded streams, and each
sender's transform must be attached before the offer (each receiver's before the answer).
tests/browser/test_video.py shows the result: a keyless subscriber decodes nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import sealbook.telehealth

SCRIPT = Path(sealbook.telehealth.__file__).parent / "static" / "telehealth" / "video.js"


def test_every_peer_connection_asks_for_encoded_streams():
    text = SCRIPT.read_text()
    made = re.findall(r"new RTCPeerConnection\(([^)]*)\)", text)
    assert made, "the page makes no peer connection"
    assert all("encodedInsertableStreams: true" in config for config in made), made


def test_transforms_are_attached_before_the_offer_and_the_answer():
    """Also on a rejoin (`joinCall` runs again) and an ICE restart (a new offer or answer
    on the same connection, whose senders and receivers keep their transforms)."""
    text = SCRIPT.read_text()
    assert text.count("new RTCPeerConnection(") == 2  # a publisher's and a subscriber's
    publish = text[text.index("async function joinCall") :]
    assert publish.index("sender.createEncodedStreams()") < publish.index("pc.createOffer(")
    assert publish.index("pc.addTrack(") < publish.index("sender.createEncodedStreams()")
    assert text.count("createOffer(") == 1 and "createOffer(" not in text[: text.index(
        "async function joinCall")]  # fmt: skip
    start = text.index("async function subscribe")
    subscribe = text[start : text.index("function watchIce")]
    assert subscribe.index("ev.receiver.createEncodedStreams()") < subscribe.index("showRemote(")
    # ontrack fires during setRemoteDescription, before the answer is made.
    assert subscribe.index("pc.ontrack") < subscribe.index("pc.setRemoteDescription")
    assert subscribe.index("pc.setRemoteDescription") < subscribe.index("pc.createAnswer()")


def test_a_browser_without_encoded_transforms_is_refused():
    text = SCRIPT.read_text()
    assert 'const E2EE = typeof RTCRtpSender !== "undefined" && "createEncodedStreams"' in text
    assert "cannot encrypt the call end to end" in text
