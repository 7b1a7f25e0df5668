"""kill -9 of the server during note saves and attachment uploads, again and again.

After every kill: the database is intact, `sealbook audit verify` passes, every
note and document row decrypts and has its file, every audited creation has
its row and every row its audit entry, and, once a server has started again,
no incoming or orphaned file is left in attachment storage.
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import uuid

import pytest

from tests.backup.test_backup_cli import dump, tool

KILLS = 4
CSRF = "k" * 32


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(cli, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [sys.executable, "-m", "sealbook", "serve", "--port", str(port), "--threads", "4"],
        env={**cli.env, **cli.unsealed()},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise AssertionError("the server did not start")


def post(port: int, session: str, path: str, body: bytes, content_type: str) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request(
        "POST", path, body=body,
        headers={"Cookie": f"sessionid={session}; csrftoken={CSRF}", "Content-Type": content_type,
                 "X-CSRFToken": CSRF, "Host": "127.0.0.1"},
    )  # fmt: skip
    response = conn.getresponse()
    response.read()
    conn.close()
    if response.status != 302:
        raise ValueError(f"{path} answered {response.status}")


def save_note(port: int, session: str, client: str) -> None:
    body = f"csrfmiddlewaretoken={CSRF}&subjective=Synthetic+crash+note&plan=p".encode()
    post(port, session, f"/clients/{client}/notes/new/?format=soap", body,
         "application/x-www-form-urlencoded")  # fmt: skip


def upload(port: int, session: str, client: str) -> None:
    boundary = uuid.uuid4().hex
    data = os.urandom(random.choice([10, 70_000, 400_000]))

    def field(name: str, value: str) -> bytes:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        return f"{head}{value}\r\n".encode()

    body = b"".join(
        [
            field("csrfmiddlewaretoken", CSRF),
            field("title", "Scan"),
            field("kind", "document"),
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="s.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n".encode(),
            data,
            f"\r\n--{boundary}--\r\n".encode(),
        ]
    )
    post(port, session, f"/clients/{client}/documents/new/", body,
         f"multipart/form-data; boundary={boundary}")  # fmt: skip


def hammer(port: int, session: str, client: str, stop: threading.Event, done: list[str]) -> None:
    while not stop.is_set():
        try:
            random.choice([save_note, upload])(port, session, client)
            done.append("ok")
        except (OSError, http.client.HTTPException):
            return  # the server died under us
        except ValueError as exc:
            done.append(str(exc))
            return


def check_consistent(cli) -> dict:
    assert cli.run("audit", "verify").returncode == 0
    database = cli.home / "sealbook.sqlite3"
    if "SEALBOOK_DATABASE_URL" not in cli.env:
        with sqlite3.connect(database) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    state = dump(cli)
    assert "UNREADABLE" not in json.dumps(state)
    return state


@pytest.mark.slow
def test_kill_9_during_saves_and_uploads_never_corrupts_or_orphans(cli):
    cli.initialised()
    tool(cli, "populate", "1")
    login = json.loads(tool(cli, "session"))
    port = free_port()
    total = 0
    for _ in range(KILLS):
        server = start_server(cli, port)
        stop, done = threading.Event(), []
        workers = [
            threading.Thread(
                target=hammer, args=(port, login["session"], login["client"], stop, done)
            )
            for _ in range(4)
        ]
        for worker in workers:
            worker.start()
        # Kill at a random moment once requests are flowing (a loaded machine,
        # or PostgreSQL, can take a while to answer the first one).
        deadline = time.monotonic() + 60
        while not done and time.monotonic() < deadline:
            time.sleep(0.02)
        time.sleep(random.uniform(0.1, 0.8))
        os.kill(server.pid, signal.SIGKILL)
        server.wait()
        stop.set()
        for worker in workers:
            worker.join()
        assert [d for d in done if d != "ok"] == []
        total += len(done)
        check_consistent(cli)
    assert total > 0, "no request completed between kills"
    # A restarted server finishes or clears what the killed ones left in incoming/.
    server = start_server(cli, port)
    server.terminate()
    server.wait()
    state = check_consistent(cli)
    incoming = cli.home / "attachments" / "incoming"
    assert not incoming.exists() or list(incoming.iterdir()) == []
    stored = {p.name for p in (cli.home / "attachments" / "objects").rglob("*") if p.is_file()}
    assert stored == {uuid.UUID(d).hex for d in state["documents"]}
    # No half-written record: every creation in the log has its row, and every row its entry.
    audited = json.loads(tool(cli, "audited"))
    assert audited["notes"] == audited["note_rows"]
    assert audited["documents"] == audited["document_rows"] == sorted(state["documents"])
