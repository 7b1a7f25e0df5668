"""Clinicians and the front desk at work, through real HTTP (bench/load/run_load.py runs it).

Each simulated user logs in once (timed as "login", reported apart: its
Argon2id cost is deliberate), then works with think time between steps:

- a clinician (weight 3): the client list, a search, a chart, a progress note
  saved, a small document uploaded;
- the front desk (weight 1): the client list, a search, an appointment booked.

Logins come from LOAD_LOGINS (a file of "role email password" lines, as
`sealbook demo` prints them, or bench/load/seed.py's `logins`); several
simulated users share one login, each with its own session. A page that
lands on the login page (a session lost, or refused while a fault lasts)
counts as a failure and the user logs in again before its next step, as a
person would; a login refused (a fault) is tried again at the next step.

Every write is checked for the redirect that acknowledges it: a note's to
its page (`/notes/<id>/`), a document's to the chart, an appointment's to
the calendar; anything else, a redirect to the login page included, is a
failure. With LOAD_RECORD_DIR set, each locust process writes there:

- `acks-<pid>.jsonl`: one line per acknowledged write, what identifies it
  in the database (the note's id; the appointment's client, clinician and
  local date and time, a slot no other write picks; the document's client),
  for run_load.py to check after a fault that every one is stored;
- `requests-<pid>.tsv`: every request's wall-clock time, name, outcome and
  latency, so run_load.py can count the errors of a fault's window apart
  from the steady state's.

All data is synthetic.
"""

from __future__ import annotations

import datetime
import itertools
import json
import os
import random
import re
import time
from pathlib import Path
from typing import Any, TextIO

from locust import HttpUser, between, events, task

CLIENT_LINK = re.compile(r'href="/clients/([0-9a-f-]{36})/"')
CLIENT_OPTION = re.compile(r'<option value="([0-9a-f-]{36})"')
CLIENTS_SELECT = re.compile(r'<select name="clients".*?</select>', re.S)
CLINICIAN_SELECT = re.compile(r'<select name="clinician".*?</select>', re.S)
OPTION = re.compile(r'<option value="(\d+)"')
SURNAME = re.compile(r'href="/clients/[0-9a-f-]{36}/"[^>]*>\s*([^<]+?)\s*<')
THINK = between(float(os.environ.get("LOAD_THINK_MIN", "2")),
                float(os.environ.get("LOAD_THINK_MAX", "6")))  # fmt: skip
# Each phase (LOAD_PHASE, from run_load.py) books from its own block of slots; within a
# phase the one locust process counts them (its users are greenlets of one thread).
SLOTS_PER_WEEK = 5 * 7
SLOTS = itertools.count(int(os.environ.get("LOAD_PHASE", "0")) * 10_000)
DOCUMENT = b"%PDF-1.4\n% synthetic load-test document\n" + b"0" * 8000 + b"\n%%EOF\n"
# A refused form's reason: the page's one-line error, or the first of the form's problems.
ALERT = re.compile(
    r'role="alert"[^>]*>\s*([^<\s][^<]*)<'
    r"|There is a problem</h2>\s*<ul>\s*<li>(?:<a [^>]*>)?([^<]+)<"
)
NOTE_ID = re.compile(r"/notes/([0-9a-f-]{36})/")
_files: dict[str, TextIO] = {}


def _record(kind: str, line: str) -> None:
    """Append a line to this process's `kind` file in LOAD_RECORD_DIR (if set).

    Line-buffered and flushed on every write: a write acknowledged to this user
    is on disk before the user goes on, whatever happens to locust later."""
    folder = os.environ.get("LOAD_RECORD_DIR")
    if not folder:
        return
    out = _files.get(kind)
    if out is None:
        suffix = "jsonl" if kind == "acks" else "tsv"
        out = _files[kind] = (Path(folder) / f"{kind}-{os.getpid()}.{suffix}").open("a", 1)
    out.write(line + "\n")


@events.request.add_listener
def _on_request(name: str, response_time: float, exception: Any, **_: Any) -> None:
    outcome = "ok" if exception is None else str(exception).replace("\t", " ")[:80]
    _record("requests", f"{time.time():.3f}\t{name}\t{outcome}\t{response_time:.1f}")


def logins(role: str) -> list[tuple[str, str]]:
    rows = [line.split() for line in Path(os.environ["LOAD_LOGINS"]).read_text().splitlines()]
    return [(email, password) for r, email, password in (x for x in rows if len(x) == 3)
            if r == role]  # fmt: skip


class Staff(HttpUser):
    abstract = True
    role = ""
    wait_time = THINK

    def on_start(self) -> None:
        self.client.verify = os.environ.get("LOAD_CA_FILE", True)
        self.login = random.choice(logins(self.role))
        self.logged_in = False
        self.clients: list[str] = []
        self.names: list[str] = []
        self.log_in()
        self.client_list()

    def log_in(self) -> None:
        email, password = self.login
        self.client.cookies.clear()  # a new session, as after the login page
        self.client.get("/login/", name="login page")
        with self.client.post(
            "/login/", data=self.form(email=email, password=password), name="login",
            headers=self.headers("/login/"), allow_redirects=False, catch_response=True,
        ) as response:  # fmt: skip
            self.logged_in = response.status_code == 302 and "login" not in response.headers.get(
                "Location", ""
            )
            if not self.logged_in:
                response.failure(f"login refused ({response.status_code})")
            elif os.environ.get("LOAD_LOGIN_TIMES"):
                # Logins happen while users are spawned, before the statistics are reset
                # for the steady state (run_load.py): kept here, reported apart.
                with Path(os.environ["LOAD_LOGIN_TIMES"]).open("a") as out:
                    out.write(f"{response.elapsed.total_seconds():.4f}\n")

    def ready(self) -> bool:
        """Logged in, or logged in again now (a login refused is tried at the next step)."""
        if not self.logged_in:
            self.log_in()
        return self.logged_in

    def lost_session(self) -> None:
        """Sent to the login page: log in again before the next step."""
        self.logged_in = False
        self.log_in()

    def form(self, **fields: Any) -> dict[str, Any]:
        return {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **fields}

    def headers(self, path: str) -> dict[str, str]:
        base = self.host.rstrip("/")
        return {"Origin": base, "Referer": base + path}

    def posted(self, path: str, name: str, acknowledged: str, **kwargs: Any) -> str | None:
        """A write: acknowledged only by the redirect (302) that follows a save, to a
        location matching `acknowledged` (never the login page); returns the location."""
        with self.client.post(
            path, name=name, headers=self.headers(path), allow_redirects=False,
            catch_response=True, **kwargs,
        ) as response:  # fmt: skip
            location = response.headers.get("Location", "")
            if response.status_code == 302 and "/login/" in location:
                response.failure("sent to the login page")
                lost = True
            elif response.status_code != 302 or not re.search(acknowledged, location):
                # The page's one-line error (synthetic data; messages name no client) says why.
                said = ALERT.search(response.text or "")
                why = f": {(said.group(1) or said.group(2)).strip()[:80]}" if said else ""
                response.failure(f"not saved ({response.status_code}{why})")
                return None
            else:
                return location
        if lost:
            self.lost_session()
        return None

    def acknowledge(self, **identity: Any) -> None:
        _record("acks", json.dumps({"t": round(time.time(), 3), **identity}))

    def page(self, path: str, name: str) -> str:
        """A page read; sent back to the login page (a session lost) counts as a failure."""
        with self.client.get(path, name=name, catch_response=True) as response:
            lost = bool(response.url and "/login/" in response.url)
            if lost:
                response.failure("sent to the login page")
            elif response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return ""
        if lost:
            self.lost_session()  # as a person would
            return ""
        return str(response.text)

    @task(3)
    def client_list(self) -> None:
        if not self.ready():
            return
        page = self.page("/clients/", "client list")
        self.clients = sorted(set(CLIENT_LINK.findall(page))) or self.clients
        words = [w for name in SURNAME.findall(page) for w in name.split() if len(w) > 2]
        self.names = words or self.names

    @task(2)
    def search(self) -> None:
        if not self.names or not self.ready():
            return
        path = "/clients/search/"
        with self.client.post(
            path, data=self.form(q=random.choice(self.names)), name="search",
            headers={**self.headers(path), "HX-Request": "true"}, allow_redirects=False,
            catch_response=True,
        ) as response:  # fmt: skip
            lost = response.status_code == 302 and "/login/" in response.headers.get("Location", "")
            if lost:
                response.failure("sent to the login page")
            elif response.status_code != 200:
                response.failure(f"status {response.status_code}")
        if lost:
            self.lost_session()


class Clinician(Staff):
    weight = 3
    role = "clinician"

    @task(4)
    def open_chart(self) -> None:
        if self.clients and self.ready():
            self.page(f"/clients/{random.choice(self.clients)}/", "open chart")

    @task(1)
    def save_note(self) -> None:
        if not self.clients or not self.ready():
            return
        path = f"/clients/{random.choice(self.clients)}/notes/new/"
        sections = {
            "subjective": "Reports sleeping better; synthetic load-test note.",
            "objective": "Calm, engaged.", "assessment": "Progressing.",
            "plan": "Continue weekly sessions.",
        }  # fmt: skip
        location = self.posted(path, "save note", NOTE_ID.pattern, data=self.form(**sections))
        found = NOTE_ID.search(location or "")
        if found:
            self.acknowledge(kind="note", id=found.group(1))

    @task(1)
    def upload_document(self) -> None:
        if not self.clients or not self.ready():
            return
        client = random.choice(self.clients)
        path = f"/clients/{client}/documents/new/"
        files = {"file": ("intake-form.pdf", DOCUMENT, "application/pdf")}
        data = self.form(title="Intake form", kind="document")
        if self.posted(path, "upload document", f"/clients/{client}/$", data=data, files=files):
            self.acknowledge(kind="document", client=client)


class FrontDesk(Staff):
    weight = 1
    role = "frontdesk"

    @task(2)
    def schedule(self) -> None:
        if not self.ready():
            return
        page = self.page("/calendar/book/", "booking form")
        # Only the clients' list: the rooms' options are ids of the same shape.
        listed = CLIENTS_SELECT.search(page)
        clients = CLIENT_OPTION.findall(listed.group(0)) if listed else []
        select = CLINICIAN_SELECT.search(page)
        clinicians = OPTION.findall(select.group(0)) if select else []
        if not clients or not clinicians:
            return
        # A weekday years ahead, on the hour inside working hours, never a time this run
        # booked before (an hour apart, so two 50-minute sessions never overlap): a front
        # desk books free slots, and a clash the server rightly refuses (same clinician or
        # client at that time) would count as an error. Random slots clashed about once
        # per run; consecutive half-hours, whose sessions overlap, several times.
        index = next(SLOTS)
        week, in_week = divmod(index, SLOTS_PER_WEEK)
        day = datetime.date(2032, 1, 5) + datetime.timedelta(weeks=week, days=in_week // 7)
        slot = datetime.time(9 + in_week % 7)
        fields = {
            "clients": random.choice(clients), "clinician": random.choice(clinicians),
            "date": day.isoformat(), "time": slot.strftime("%H:%M"), "duration_minutes": "50",
            "service": "individual", "modality": "phone", "room": "", "repeat": "",
            "count": "", "until": "", "fold": "", "override_reason": "",
        }  # fmt: skip
        booked = self.posted("/calendar/book/", "schedule", r"/calendar/\?date=",
                             data=self.form(**fields))  # fmt: skip
        if booked:
            self.acknowledge(kind="appointment", client=fields["clients"],
                             clinician=int(fields["clinician"]), date=fields["date"],
                             time=fields["time"])  # fmt: skip
