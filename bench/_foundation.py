"""Shared set-up for the foundation benchmarks (chart, search, audit verify).

Each benchmark runs in its own throwaway SEALBOOK_HOME (SQLite, the embedded
default), created here before Django starts and removed when the benchmark
ends. The practice is sealed with a key file, the fast backend: Argon2id would
only add a constant at start-up, never to a request.

Not part of the test suite; nothing here is imported by `sealbook`.
"""

from __future__ import annotations

import contextlib
import math
import os
import platform
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

OWNER_PASSWORD = "bench-owner-password-2026"  # noqa: S105 - throwaway practice


@dataclass
class BenchHome:
    path: Path
    key_file: Path
    owner: Any


def start_django(home: Path) -> None:
    """Point Sealbook at `home` and start Django (must run before any model import)."""
    os.environ["SEALBOOK_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "sealbook.settings"
    # The test Client sends Host: testserver; the real settings only allow localhost.
    os.environ["SEALBOOK_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    for name in (
        "SEALBOOK_PASSPHRASE_FILE",
        "SEALBOOK_KEY_FILE",
        "SEALBOOK_HSM_PIN_FILE",
        "SEALBOOK_DATABASE_URL",
        "SEALBOOK_DEBUG",
    ):
        os.environ.pop(name, None)
    import django

    django.setup()


@contextlib.contextmanager
def throwaway_practice(prefix: str, *, expected_clients: int = 1000) -> Iterator[BenchHome]:
    """A new practice in a temporary SEALBOOK_HOME, unsealed in this process; removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix=f"sealbook-bench-{prefix}-"))
    home = root / "home"
    try:
        start_django(home)
        from django.conf import settings
        from django.db import connections

        from sealbook.core.crypto import sealing
        from sealbook.practice.setup import KekChoice, create_practice
        from sealbook.vault import paths, runtime

        key_file = sealing.new_key_file()
        key_path = root / "practice.key"
        key_path.write_bytes(key_file)
        owner = create_practice(
            name="Benchmark practice",
            choice=KekChoice(key_file=key_file),
            owner_email="owner@bench.example.org",
            owner_password=OWNER_PASSWORD,
            owner_name="Olive Owner",
            expected_clients=expected_clients,
        )
        # As `sealbook demo` does: the web secret exists only once the practice does.
        settings.SECRET_KEY = paths.web_secret_path().read_text().strip()
        try:
            yield BenchHome(home, key_path, owner)
        finally:
            runtime.seal()
            connections.close_all()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def make_staff(email: str, role: str, name: str, password_hash: str) -> Any:
    """A staff user with a precomputed password hash (Argon2 per user would dominate set-up)."""
    from sealbook.accounts.models import User

    return User.objects.create(
        username=email, email=email, role=role, display_name=name, password=password_hash
    )


def sign_in(web: Any, user: Any) -> Any:
    """Log `user` into the test Client with both factors done, as after a real TOTP login.

    The practice policy requires a second factor, so a password-only session
    only reaches the MFA pages; this is what tests/conftest.py's `sign_in` does.
    """
    from sealbook.staff.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="bench phone", confirmed=True)
    web.force_login(user)
    session = web.session
    session["otp_device_id"] = device.persistent_id
    session.save()
    return web


def percentile(values: Sequence[float], fraction: float) -> float:
    """Nearest-rank percentile (p95 of 400 values is the 380th smallest)."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(fraction * len(ordered))))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "median": statistics.median(ms),
        "p95": percentile(ms, 0.95),
        "max": max(ms),
        "min": min(ms),
        "mean": statistics.fmean(ms),
    }


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def peak_rss_mib(who: int = resource.RUSAGE_SELF) -> float:
    """Peak resident set size so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(who).ru_maxrss / 1024


def machine_line() -> str:
    cores = os.cpu_count()
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    import django
    from cryptography import __version__ as cryptography_version

    return (
        f"{cores} cores ({model or platform.machine()}), Python {platform.python_version()}, "
        f"Django {django.get_version()}, cryptography {cryptography_version}, "
        f"SQLite {__import__('sqlite3').sqlite_version}, {platform.system()} {platform.release()}"
    )


def load_line() -> str:
    """The load average: this machine is shared, so contention shows up in wall times."""
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min) on {os.cpu_count()} cores"


def code_line() -> str:
    """The commit measured, and whether sealbook/ had uncommitted changes at the time."""
    import subprocess

    repo = Path(__file__).resolve().parent.parent
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "sealbook"],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "commit unknown"
    return f"commit {head}" + (" (sealbook/ has uncommitted changes)" if dirty else "")


def heading(title: str) -> None:
    print(f"\n== {title} ==", flush=True)


def say(text: str) -> None:
    print(text, flush=True)
    sys.stdout.flush()


def synthetic_client_details(fake: Any, rng: Any, i: int) -> Any:
    """The `i`-th synthetic client (Faker's en_US names and addresses, 555 numbers, example.net
    addresses; every hundredth restricted), as the search and load benches make them."""
    from sealbook.records.actions import ClientDetails

    first, last = fake.first_name(), fake.last_name()
    return ClientDetails(
        legal_first_name=first,
        legal_last_name=last,
        preferred_name=fake.first_name() if i % 7 == 0 else "",
        date_of_birth=fake.date_of_birth(minimum_age=5, maximum_age=90),
        pronouns=rng.choice(["she/her", "he/him", "they/them", ""]),
        phone=f"555-{i // 10000:02d}{rng.randint(0, 99):02d}-{i % 10000:04d}",
        email=f"{first.lower()}.{last.lower()}.{i}@client.example.net",
        street=fake.street_address(),
        city=fake.city(),
        state=fake.state_abbr(),
        postal_code=fake.zipcode(),
        emergency_contact=f"{fake.name()} 555-01{rng.randint(10, 99)}-{i % 9973:04d}",
        restricted=(i % 100 == 42),
    )
