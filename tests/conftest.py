"""The shared test cast and practice (in the style of healthchecks' hc/test.py).

- Casey, a clinician, and Morgan, a colleague: both on Riley's care team;
- Quinn, a clinician outside it;
- Frankie at the front desk, Olive the owner, Avery the auditor.

Every person, name, date and number here is synthetic.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

PASSWORD = "correct horse battery staple 7"

# The property tests try the same examples on every run (derived from each test, not drawn
# at random), so a run, CI's or a newcomer's, is red or green for the code alone. While
# working on the engine, SEALBOOK_PROPERTY_SEARCH=1 makes them search anew each run, to
# find what the fixed examples do not.
settings.register_profile("fixed", derandomize=True)
if not os.environ.get("SEALBOOK_PROPERTY_SEARCH"):
    settings.load_profile("fixed")


@pytest.fixture(scope="session")
def password_hash(django_db_blocker: Any) -> str:
    # Argon2 with Django's parameters takes ~0.1 s; hash once for the whole cast.
    from django.contrib.auth.hashers import make_password

    return make_password(PASSWORD)


@pytest.fixture
def smtp_server(settings: Any) -> Iterator[Any]:
    """A real SMTP server (aiosmtpd) on a free port, with Django sending to it.

    `smtp_server.messages` are the e-mails as received; see tests/mail/support.py
    for reading them and checking that they reveal nothing.
    """
    from sealbook.conf import smtp_settings
    from sealbook.mail.catcher import MailCatcher

    catcher = MailCatcher().start()
    for name, value in smtp_settings(catcher.url).items():
        setattr(settings, name, value)
    try:
        yield catcher
    finally:
        catcher.stop()


@pytest.fixture
def home(settings: Any, tmp_path: Path) -> Path:
    settings.SEALBOOK_HOME = tmp_path / "home"
    return Path(settings.SEALBOOK_HOME)


@pytest.fixture
def practice(db: Any, home: Path) -> Iterator[Any]:
    """A practice sealed with a key file (fast), unsealed in this process."""
    from sealbook.vault import runtime

    yield new_practice(home)
    runtime.seal()


def new_practice(home: Path) -> Any:
    """Create the practice of `home` (the SEALBOOK_HOME setting), sealed with a key file
    written beside it, and unsealed in this process; its owner."""
    from sealbook.core.crypto import sealing
    from sealbook.practice.setup import KekChoice, create_practice

    key_file = sealing.new_key_file()
    (home.parent / "practice.key").write_bytes(key_file)
    return create_practice(
        name="Test practice",
        choice=KekChoice(key_file=key_file),
        owner_email="olive@practice.example.org",
        owner_password=PASSWORD,
        owner_name="Olive Owner",
        # The widest blind index (24 bits): at the default width a chance collision
        # of truncated values (a "possibly family" alert, an extra search match)
        # fails about one test in a hundred that counts audit entries. Truncation
        # itself is tested in tests/core/crypto/test_blind_index.py.
        expected_clients=30_000_000,
    )


@dataclass
class Cast:
    owner: Any
    casey: Any
    morgan: Any
    quinn: Any
    frankie: Any
    avery: Any
    riley: Any


def make_user(email: str, role: str, name: str, password_hash: str) -> Any:
    from sealbook.accounts.models import User

    return User.objects.create(
        username=email, email=email, role=role, display_name=name, password=password_hash
    )


def client_details(**overrides: Any) -> Any:
    from sealbook.records.actions import ClientDetails

    values: dict[str, Any] = {
        "legal_first_name": "Riley",
        "legal_last_name": "Synthwood",
        "preferred_name": "Ri",
        "date_of_birth": datetime.date(1987, 6, 5),
        "phone": "555-0100-2000",
        "email": "riley.synthwood@client.example.net",
        "street": "12 Imaginary Lane",
        "city": "Fictionville",
        "state": "OR",
        "postal_code": "97000",
    }
    values.update(overrides)
    return ClientDetails(**values)


@pytest.fixture
def cast(practice: Any, password_hash: str) -> Cast:
    return new_cast(practice, password_hash)


def new_cast(practice: Any, password_hash: str) -> Cast:
    """The practice's staff (the owner, three clinicians, the front desk, an auditor) and
    Riley, Casey's client with Morgan on the care team."""
    from sealbook.records.actions import create_client

    casey = make_user("casey@practice.example.org", "clinician", "Casey Clinician", password_hash)
    morgan = make_user(
        "morgan@practice.example.org", "clinician", "Morgan Colleague", password_hash
    )
    quinn = make_user("quinn@practice.example.org", "clinician", "Quinn Outsider", password_hash)
    frankie = make_user("frankie@practice.example.org", "frontdesk", "Frankie Desk", password_hash)
    avery = make_user("avery@practice.example.org", "auditor", "Avery Auditor", password_hash)
    riley = create_client(casey, client_details(), care_team=[morgan])
    return Cast(practice, casey, morgan, quinn, frankie, avery, riley)


def sign_in(client: Any, user: Any) -> Any:
    """Log `user` in with both factors done, as after a real TOTP login."""
    from sealbook.staff.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="test phone", confirmed=True)
    client.force_login(user)
    session = client.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return client


def sign_in_reauthenticated(client: Any, user: Any) -> Any:
    """`sign_in`, then re-authenticated a moment ago (staff.sudo), as the owner's pages ask."""
    import time

    sign_in(client, user)
    session = client.session
    session["sealbook_sudo_until"] = time.time() + 300
    session.save()
    return client


BROWSER_FOLDER = Path(__file__).resolve().parent / "browser"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser test lives in tests/browser: scripts/test.sh runs only that folder for
    them (collecting the whole suite there cost 15 s of CPU) and leaves the folder out of
    the other streams, so one marked elsewhere would run in none."""
    strays = [
        item.nodeid
        for item in items
        if item.get_closest_marker("browser") and BROWSER_FOLDER not in Path(str(item.path)).parents
    ]
    if strays:
        raise pytest.UsageError(f"browser tests outside tests/browser: {', '.join(strays)}")


# SEALBOOK_TEST_CPU_LOG=FILE appends each test's CPU seconds (this process and the
# subprocesses it waited for, setup to teardown) to FILE: the run is CPU-bound on two
# cores, so this, not --durations under contention, says which tests to make cheaper.
# A server a test leaves running or a browser's processes count where they are reaped.
if os.environ.get("SEALBOOK_TEST_CPU_LOG"):
    import resource

    def _cpu_seconds() -> float:
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
        began = _cpu_seconds()
        yield
        with open(os.environ["SEALBOOK_TEST_CPU_LOG"], "a", encoding="utf-8") as log:
            log.write(f"{_cpu_seconds() - began:.2f}\t{item.nodeid}\n")
