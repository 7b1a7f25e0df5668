"""No secret, login name or identifier reaches the database, the logs or temporary files.

A real `sealbook serve` is driven over HTTP as a person would drive it, with
canaries (made-up values nobody else uses) in every place a secret or an
identifier goes in: a login name that fails, a password typed into the e-mail
field, a new client's name, phone and address, a progress note, a second
factor's seed. Then every file the server could have written is read back
byte by byte (the practice's home with its SQLite database and journal, the
server's log, its temporary folder) and, on PostgreSQL, every value of every
table. A canary found anywhere is a leak.
"""

from __future__ import annotations

import base64
import http.cookiejar
import os
import re
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.support import (
    create_demo_practice,
    free_port,
    sealbook_command,
    stop,
    subprocess_env,
    wait_until_serving,
)

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        bool(os.environ.get("SEALBOOK_DATABASE_URL")),
        reason="the served demo practice is a SQLite one; test_at_rest covers PostgreSQL rows",
    ),
]

CLIENT = {
    "legal_first_name": "Quillvarra",
    "legal_last_name": "Zentobrisk",
    "preferred_name": "Quilly",
    "date_of_birth": "1931-02-17",
    "phone": "555-0143-9876",
    "email": "quillvarra.z@canary.example.org",
    "street": "19 Umbrigast Lane",
    "city": "Pellowmarsh",
    "state": "OR",
    "postal_code": "97999",
    "emergency_contact": "Ostrevane Zentobrisk 555-0143-1111",
}
NOTE_TEXT = "Quillvarra spoke of the umbrigast dread again"
FAILED_LOGIN = "wrongfoot.canary@nowhere.example.org"
PASSWORD_IN_EMAIL_FIELD = "Sn0wdrift-Canary-Pa55"
PASSWORD = "sealbook-demo-2026"


class Browser:
    """A minimal cookie-keeping HTTP client that posts forms with their CSRF token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.base + path, timeout=30) as reply:
            return urllib.parse.urlsplit(reply.geturl()).path, reply.read().decode()

    def post(self, path: str, fields: dict[str, str], form_page: str | None = None) -> str:
        _, page = self.get(form_page or path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token is not None, f"no CSRF token on {form_page or path}"
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token[1], **fields}).encode()
        request = urllib.request.Request(  # noqa: S310 - our own server's address
            self.base + path, data=data, headers={"Referer": self.base + path}
        )
        try:
            with self.opener.open(request, timeout=60) as reply:
                return urllib.parse.urlsplit(reply.geturl()).path
        except urllib.error.HTTPError as error:
            return f"HTTP {error.code}"

    def log_in(self, email: str, password: str) -> str:
        return self.post("/login/", {"email": email, "password": password})


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path | str]]:
    root = tmp_path_factory.mktemp("canaries")
    home, tmp, log = root / "home", root / "tmp", root / "serve.log"
    tmp.mkdir()
    create_demo_practice(home, 3)
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            [*sealbook_command(), "serve", "--port", str(port), "--no-jobs"],
            env=subprocess_env(
                home, SEALBOOK_PASSPHRASE_FILE=str(home / "demo-passphrase"), TMPDIR=str(tmp)
            ),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until_serving(base + "/login/", process), log.read_text()
        yield {"home": home, "tmp": tmp, "log": log, "base": base, "process": process}  # type: ignore[misc]
    finally:
        stop(process)


@pytest.fixture(scope="module")
def canaries(served: dict[str, object]) -> list[bytes]:
    """Drive the server through every place a canary goes in; return the canaries."""
    base = str(served["base"])
    stranger = Browser(base)
    assert stranger.log_in(FAILED_LOGIN, "not the password") == "HTTP 401"
    assert stranger.log_in(PASSWORD_IN_EMAIL_FIELD, "") != "/clients/"

    clinician = Browser(base)
    assert clinician.log_in("clinician@demo.example.org", PASSWORD) == "/clients/"
    _, form = clinician.get("/clients/new/")
    me = re.search(r'<option value="(\d+)" selected', form)
    assert me is not None, "the clinician is not pre-selected on the new-client form"
    chart = clinician.post("/clients/new/", {**CLIENT, "clinician": me[1]})
    assert re.fullmatch(r"/clients/[0-9a-f-]{36}/", chart), chart
    note = clinician.post(
        f"{chart}notes/new/?format=soap",
        {"subjective": NOTE_TEXT, "objective": "", "assessment": "", "plan": "Continue."},
        form_page=f"{chart}notes/new/?format=soap",
    )
    assert note.startswith(("/notes/", "/clients/")), note

    # A second factor's seed, as shown once on the enrolment page.
    _, enrol = clinician.get("/mfa/enrol/")
    seed = re.search(r"\b([A-Z2-7]{26,})\b", enrol)
    assert seed is not None, "the enrolment page shows no TOTP secret"
    padded = seed[1] + "=" * (-len(seed[1]) % 8)
    raw_seed = base64.b32decode(padded)

    texts = [*CLIENT.values(), NOTE_TEXT, FAILED_LOGIN, PASSWORD_IN_EMAIL_FIELD, seed[1]]
    found = [t.lower().encode() for t in texts if len(t) >= 6 and t not in {"OR", "97999"}]
    return [*found, raw_seed.hex().encode(), raw_seed]


def written_files(served: dict[str, object]) -> Iterator[tuple[str, bytes]]:
    for key in ("home", "tmp"):
        for path in Path(str(served[key])).rglob("*"):
            if path.is_file():
                yield f"{key}/{path.relative_to(str(served[key]))}", path.read_bytes()
    yield "serve.log", Path(str(served["log"])).read_bytes()


def test_the_canaries_really_went_in(served, canaries):
    # The server accepted every canary: they are in the vault, readable by the app.
    assert len(canaries) >= 12
    assert served["process"].poll() is None


def test_no_canary_is_stored_or_logged_in_the_clear(served, canaries):
    leaks = sorted(
        {
            (where, canary.decode(errors="replace")[:40])
            for where, blob in written_files(served)
            for canary in canaries
            if canary in blob.lower() or canary in blob
        }
    )
    assert leaks == [], "\n".join(f"{w}: {c}" for w, c in leaks)
