"""E-mail over real SMTP: the fixed notices, TLS that verifies, and clear failures."""

from __future__ import annotations

import datetime
import ipaddress
import ssl
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sealbook.conf import ConfigurationError, smtp_settings
from sealbook.core.deid.roster import Roster, RosterClient
from sealbook.core.errors import SealbookError
from sealbook.mail import MailError, Notice, send_notice
from sealbook.mail.catcher import MailCatcher
from tests.mail.support import assert_reveals_nothing, links_in, words_of

ROSTER = Roster(
    clients=(
        RosterClient(
            client_ref="c1",
            names=("Rowan Abernathy-Quill",),
            emails=("rowan.aq@example.net",),
            addresses=("41 Larkspur Lane",),
        ),
    )
)
WHEN = datetime.datetime(2026, 12, 8, 15, 30, tzinfo=ZoneInfo("America/New_York"))


def test_every_notice_goes_over_smtp_and_reveals_nothing(smtp_server: Any) -> None:
    for notice in Notice:
        send_notice(
            "rowan.aq@example.net",
            notice,
            greeting="Dear R.",
            link="https://notes.example.org/portal/invitation/q3Jx-9kLmT2vBz_7/",
            when=WHEN if notice is Notice.APPOINTMENT_REMINDER else None,
            sender_name="The practice",
        )
    received = smtp_server.messages
    assert [m["Subject"] for m in received] == [
        "Your account invitation", "Confirm your e-mail address", "You have a new message",
        "A document is waiting for you", "Your download is ready", "Appointment reminder",
        "An access alert needs your attention", "Your request has an answer",
    ]  # fmt: skip
    for message in received:
        assert message["To"] == "rowan.aq@example.net"
        assert message["From"] == "The practice <sealbook@localhost>"
        assert message["Message-ID"].endswith("@sealbook.invalid>")
        assert links_in(message) == [
            "https://notes.example.org/portal/invitation/q3Jx-9kLmT2vBz_7/"
        ]
        assert_reveals_nothing(message, ROSTER)
    assert "Tuesday 8 December 2026 at 15:30" in received[5].get_content()


def test_the_leak_check_of_e_mails_does_catch_a_name(smtp_server: Any) -> None:
    # The check the other tests rely on must be able to fail: a greeting naming
    # a roster client is caught.
    send_notice("x@example.net", Notice.NEW_MESSAGE, greeting="Dear Rowan Abernathy-Quill")
    with pytest.raises(AssertionError, match="reveals"):
        assert_reveals_nothing(smtp_server.messages[0], ROSTER)


def test_a_link_with_more_than_a_token_fails_the_check(smtp_server: Any) -> None:
    send_notice("x@example.net", Notice.INVITATION, link="https://a.example/p/?name=Rowan")
    with pytest.raises(AssertionError, match="carries more than a token"):
        words_of(smtp_server.messages[0])


def test_a_time_goes_with_reminders_only() -> None:
    with pytest.raises(ValueError, match="reminder"):
        send_notice("x@example.net", Notice.NEW_MESSAGE, when=WHEN)
    with pytest.raises(ValueError, match="reminder"):
        send_notice("x@example.net", Notice.APPOINTMENT_REMINDER)
    with pytest.raises(ValueError, match="http"):
        send_notice("x@example.net", Notice.INVITATION, link="javascript:alert(1)")


def test_unconfigured_mail_is_refused_in_one_line(settings: Any) -> None:
    for name, value in smtp_settings(None).items():
        setattr(settings, name, value)
    with pytest.raises(SealbookError, match="SEALBOOK_SMTP_URL"):
        send_notice("x@example.net", Notice.NEW_MESSAGE)


def test_a_server_that_is_down_is_a_mail_error(settings: Any) -> None:
    catcher = MailCatcher()  # never started: nothing listens on its port
    for name, value in smtp_settings(catcher.url).items():
        setattr(settings, name, value)
    with pytest.raises(MailError, match="could not be reached"):
        send_notice("x@example.net", Notice.NEW_MESSAGE)


def _certificate(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "test mail server")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def _tls_only_server(tmp_path: Path) -> tuple[MailCatcher, Path]:
    """A started SMTP server that insists on STARTTLS, and its self-signed certificate."""
    cert_path, key_path = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_path, key_path)
    return MailCatcher(tls_context=context, require_starttls=True).start(), cert_path


def test_starttls_verifies_the_server_against_the_given_authority(
    settings: Any, tmp_path: Path
) -> None:
    catcher, cert_path = _tls_only_server(tmp_path)
    try:
        # An unknown certificate is refused, never sent to anyway.
        url = f"smtp+starttls://127.0.0.1:{catcher.port}"
        for name, value in smtp_settings(url).items():
            setattr(settings, name, value)
        with pytest.raises(MailError, match="TLS failed"):
            send_notice("x@example.net", Notice.NEW_MESSAGE)
        assert catcher.messages == []
        # With the practice's authority named, the same server is trusted.
        for name, value in smtp_settings(f"{url}?cafile={cert_path}").items():
            setattr(settings, name, value)
        send_notice("x@example.net", Notice.NEW_MESSAGE)
        assert [m["Subject"] for m in catcher.messages] == ["You have a new message"]
    finally:
        catcher.stop()


def test_plain_smtp_to_a_server_that_insists_on_tls_is_refused(
    settings: Any, tmp_path: Path
) -> None:
    catcher, _ = _tls_only_server(tmp_path)
    try:
        for name, value in smtp_settings(catcher.url).items():
            setattr(settings, name, value)
        with pytest.raises(MailError, match="SMTP 530"):
            send_notice("x@example.net", Notice.NEW_MESSAGE)
    finally:
        catcher.stop()


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://relay.internal", {"EMAIL_PORT": 25, "EMAIL_USE_TLS": False}),
        ("smtp+starttls://me%40x@mail.example.org", {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True,
                                                     "EMAIL_HOST_USER": "me@x"}),
        ("smtps://u:p%2Fw@mail.example.org:2465", {"EMAIL_PORT": 2465, "EMAIL_USE_SSL": True,
                                                   "EMAIL_HOST_PASSWORD": "p/w"}),
    ],
)  # fmt: skip
def test_smtp_urls(url: str, expected: dict[str, object]) -> None:
    parsed = smtp_settings(url)
    assert parsed["EMAIL_BACKEND"] == "sealbook.mail.backend.SMTPBackend"
    for name, value in expected.items():
        assert parsed[name] == value


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://mail.example.org", "must look like"),
        ("smtp://", "must look like"),
        ("smtp://mail.example.org/inbox", "must look like"),
        ("smtp://mail.example.org:99999", "must look like"),
        ("smtps://mail.example.org?verify=no", "unknown option 'verify'"),
        ("smtp://mail.example.org?cafile=/x.pem", "cafile needs"),
    ],
)
def test_bad_smtp_urls_are_refused_in_one_line(url: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        smtp_settings(url)


def test_the_password_may_come_from_a_file(monkeypatch: Any, tmp_path: Path) -> None:
    secret = tmp_path / "smtp-password"
    secret.write_text("from the file\n")
    monkeypatch.setenv("SEALBOOK_SMTP_PASSWORD_FILE", str(secret))
    assert smtp_settings("smtps://u:inline@h")["EMAIL_HOST_PASSWORD"] == "from the file"
