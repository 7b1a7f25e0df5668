"""Clinicians and the front desk at work, through real HTTP (bench/load/run_load.py runs it).

Each simulated user logs in once (timed as "login", reported apart: its
Argon2id cost is deliberate), then works with think time between steps:

- a clinician (weight 3): the client list, a search, a chart, a progress note
  saved, a small document uploaded;
- the front desk (weight 1): the client list, a search, an appointment booked.

Logins come from LOAD_LOGINS (a file of "role email password" lines, as
`sealbook demo` prints them); several simulated users share one login, each
with its own session. Every write is checked for the redirect that
acknowledges it; anything else counts as a failure. All data is synthetic.
"""

from __future__ import annotations

import datetime
import os
import random
import re
from pathlib import Path
from typing import Any

from locust import HttpUser, between, task

CLIENT_LINK = re.compile(r'href="/clients/([0-9a-f-]{36})/"')
CLIENT_OPTION = re.compile(r'<option value="([0-9a-f-]{36})"')
CLINICIAN_SELECT = re.compile(r'<select name="clinician".*?</select>', re.S)
OPTION = re.compile(r'<option value="(\d+)"')
SURNAME = re.compile(r'href="/clients/[0-9a-f-]{36}/"[^>]*>\s*([^<]+?)\s*<')
THINK = between(float(os.environ.get("LOAD_THINK_MIN", "2")),
                float(os.environ.get("LOAD_THINK_MAX", "6")))  # fmt: skip
DOCUMENT = b"%PDF-1.4\n% synthetic load-test document\n" + b"0" * 8000 + b"\n%%EOF\n"


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
        self.log_in()
        self.clients: list[str] = []
        self.names: list[str] = []
        self.client_list()

    def log_in(self) -> None:
        email, password = self.login
        self.client.get("/login/", name="login page")
        with self.client.post(
            "/login/", data=self.form(email=email, password=password), name="login",
            headers=self.headers("/login/"), allow_redirects=False, catch_response=True,
        ) as response:  # fmt: skip
            if response.status_code != 302 or "login" in response.headers.get("Location", ""):
                response.failure(f"login refused ({response.status_code})")
            elif os.environ.get("LOAD_LOGIN_TIMES"):
                # Logins happen while users are spawned, before the statistics are reset
                # for the steady state (run_load.py): kept here, reported apart.
                with Path(os.environ["LOAD_LOGIN_TIMES"]).open("a") as out:
                    out.write(f"{response.elapsed.total_seconds():.4f}\n")

    def form(self, **fields: Any) -> dict[str, Any]:
        return {"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", ""), **fields}

    def headers(self, path: str) -> dict[str, str]:
        base = self.host.rstrip("/")
        return {"Origin": base, "Referer": base + path}

    def posted(self, path: str, name: str, **kwargs: Any) -> None:
        """A write: acknowledged only by the redirect (302) that follows a save."""
        with self.client.post(
            path, name=name, headers=self.headers(path), allow_redirects=False,
            catch_response=True, **kwargs,
        ) as response:  # fmt: skip
            if response.status_code != 302:
                response.failure(f"not saved ({response.status_code})")

    def page(self, path: str, name: str) -> str:
        """A page read; sent back to the login page (a session lost) counts as a failure."""
        with self.client.get(path, name=name, catch_response=True) as response:
            if response.url and "/login/" in response.url:
                response.failure("sent to the login page")
                self.log_in()  # as a person would, after a failed login or a lost session
                return ""
            return str(response.text)

    @task(3)
    def client_list(self) -> None:
        page = self.page("/clients/", "client list")
        self.clients = sorted(set(CLIENT_LINK.findall(page))) or self.clients
        words = [w for name in SURNAME.findall(page) for w in name.split() if len(w) > 2]
        self.names = words or self.names

    @task(2)
    def search(self) -> None:
        if not self.names:
            return
        path = "/clients/search/"
        self.client.post(path, data=self.form(q=random.choice(self.names)), name="search",
                         headers={**self.headers(path), "HX-Request": "true"})  # fmt: skip


class Clinician(Staff):
    weight = 3
    role = "clinician"

    @task(4)
    def open_chart(self) -> None:
        if self.clients:
            self.page(f"/clients/{random.choice(self.clients)}/", "open chart")

    @task(1)
    def save_note(self) -> None:
        if not self.clients:
            return
        path = f"/clients/{random.choice(self.clients)}/notes/new/"
        sections = {
            "subjective": "Reports sleeping better; synthetic load-test note.",
            "objective": "Calm, engaged.", "assessment": "Progressing.",
            "plan": "Continue weekly sessions.",
        }  # fmt: skip
        self.posted(path, "save note", data=self.form(**sections))

    @task(1)
    def upload_document(self) -> None:
        if not self.clients:
            return
        path = f"/clients/{random.choice(self.clients)}/documents/new/"
        files = {"file": ("intake-form.pdf", DOCUMENT, "application/pdf")}
        data = self.form(title="Intake form", kind="document")
        self.posted(path, "upload document", data=data, files=files)


class FrontDesk(Staff):
    weight = 1
    role = "frontdesk"

    @task(2)
    def schedule(self) -> None:
        page = self.page("/calendar/book/", "booking form")
        clients = CLIENT_OPTION.findall(page)
        select = CLINICIAN_SELECT.search(page)
        clinicians = OPTION.findall(select.group(0)) if select else []
        if not clients or not clinicians:
            return
        # A weekday years ahead, on the half hour inside working hours: two users
        # rarely pick the same clinician's slot (a clash is refused, and counted).
        day = datetime.date(2032, 1, 5) + datetime.timedelta(weeks=random.randrange(400),
                                                             days=random.randrange(5))  # fmt: skip
        slot = datetime.time(9 + random.randrange(7), random.choice((0, 30)))
        fields = {
            "clients": random.choice(clients), "clinician": random.choice(clinicians),
            "date": day.isoformat(), "time": slot.strftime("%H:%M"), "duration_minutes": "50",
            "service": "individual", "modality": "phone", "room": "", "repeat": "",
            "count": "", "until": "", "fold": "", "override_reason": "",
        }  # fmt: skip
        self.posted("/calendar/book/", "schedule", data=self.form(**fields))
