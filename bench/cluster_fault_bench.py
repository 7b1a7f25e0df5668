"""Faults under a write load: Caddy -> 2 `sealbook serve` -> PostgreSQL, then one process
SIGKILLed, or the PostgreSQL primary stopped and its standby promoted; nothing acknowledged lost.

    .venv/bin/python bench/cluster_fault_bench.py --fault kill [--writers 4] [--before 10]
        [--after 20] [--clients 12] [--database-url postgresql://root@127.0.0.1:5432]
    .venv/bin/python bench/cluster_fault_bench.py --fault failover [...]   # root: makes clusters

One demo practice (`sealbook demo --no-serve`) in a PostgreSQL database,
served by two `sealbook serve --no-jobs` processes behind one Caddy
(deploy/Caddyfile, TLS with Caddy's local CA). `--writers` threads, each
logged in as a clinician on its own keep-alive HTTPS connection, write
without think time, in turn: a progress note (the redirect names the note's
id), a session on a date no other write uses, a small document. A write
counts as acknowledged only when the server answers with the redirect that
follows a save; its id (note), its client and date (session) or its client
(document) is recorded. After `--before` seconds the fault:

- `kill`: one app process gets SIGKILL (the practice database on the main
  cluster, `sealbook_scale_fault`). A POST that Caddy sends it in the moment
  it dies fails (502: Caddy 2.6 cannot resend a body, never acknowledged);
  from `--detect` seconds after the kill (default 4: the Caddyfile's 2 s
  health_interval with a margin) every write must succeed on the other
  process.
- `failover`: the database is on a primary cluster `r4scale_primary` with a
  synchronous streaming standby `r4scale_standby` (pg_createcluster on free
  ports, as bench/pg_failover_bench.py makes them); the processes' URL lists
  both hosts with `target_session_attrs=read-write`. The primary is stopped
  (`-m immediate`, a crash), the standby promoted 2 s later; writes must be
  acknowledged again within 30 s of the stop, with no process restarted.
  Both clusters are dropped at the end.

Then, asserted (exit 1 and a FAIL verdict otherwise): every acknowledged
note and session is in the database (on the new primary after a failover),
each client has at least as many documents as were acknowledged for it; the
audit log has no gap (its entries' numbers run 0..max without a hole) and
`sealbook audit verify` passes. Printed beside: writes acknowledged and
refused per window, the app processes' and this process's CPU seconds
beside the wall time, and the machine's load average (everything here
shares its cores: the figures say whether anything was lost, not how fast).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import http.client
import os
import re
import resource
import signal
import ssl
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE / "load")]
import pg_cluster  # noqa: E402
import run_load  # noqa: E402

REPO = HERE.parent
SEALBOOK = [sys.executable, "-m", "sealbook"]
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
DOCUMENT = b"%PDF-1.4\n% synthetic fault-test document\n" + b"x" * 2000 + b"\n%%EOF\n"


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


@dataclass
class Tally:
    notes: list[str] = field(default_factory=list)
    sessions: list[tuple[str, str]] = field(default_factory=list)
    documents: Counter[str] = field(default_factory=Counter)
    # (seconds since the fault or negative before it, action, HTTP status or 0 for no answer)
    outcomes: list[tuple[float, str, int]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Writer(threading.Thread):
    def __init__(
        self,
        n: int,
        port: int,
        ca: Path,
        login: tuple[str, str],
        clients: list[str],
        tally: Tally,
        fault: dict[str, float],
        stop: threading.Event,
    ) -> None:
        super().__init__(daemon=True)
        self.n, self.port, self.login, self.clients = n, port, login, clients
        self.context = ssl.create_default_context(cafile=str(ca))
        self.origin = f"https://localhost:{port}"
        self.tally, self.fault, self.stop = tally, fault, stop
        self.cookies: dict[str, str] = {}
        self.conn: http.client.HTTPSConnection | None = None
        self.error = ""
        self.body = ""
        self.ready = threading.Event()  # logged in, about to write

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers |= {
                "Content-Type": content_type,
                "Origin": self.origin,
                "Referer": self.origin + path,
            }
        try:
            if self.conn is None:
                self.conn = http.client.HTTPSConnection(
                    "localhost", self.port, context=self.context, timeout=60
                )
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            self.body = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            return 0, ""
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if response.headers.get("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        return response.status, response.headers.get("Location", "")

    def form(self, path: str, fields: dict[str, str]) -> tuple[int, str]:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        body = urlencode(fields).encode()
        return self.request("POST", path, body, "application/x-www-form-urlencoded")

    def upload(self, path: str) -> tuple[int, str]:
        boundary = uuid.uuid4().hex
        parts = [
            (k, v)
            for k, v in {
                "csrfmiddlewaretoken": self.cookies.get("csrftoken", ""),
                "title": "Intake form",
                "kind": "document",
            }.items()
        ]
        body = b"".join(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in parts
        )
        body += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            f'filename="intake-form.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        body += DOCUMENT + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", path, body, f"multipart/form-data; boundary={boundary}")

    def log_in(self) -> None:
        self.request("GET", "/login/")
        email, password = self.login
        status, location = self.form("/login/", {"email": email, "password": password})
        if status != 302 or "login" in location:
            raise RuntimeError(f"login refused ({status})")

    def run(self) -> None:
        try:
            self.log_in()
        except RuntimeError as exc:
            self.error = str(exc)
            self.ready.set()
            return
        # Only the clients this clinician may open (the care team): a 404 is no write.
        self.request("GET", "/clients/")
        mine = sorted(set(re.findall(rf'href="/clients/({UUID})/"', self.body)))
        self.clients = [c for c in self.clients if c in mine] or mine
        if not self.clients:
            self.error = "no client on the list"
            self.ready.set()
            return
        self.ready.set()
        # A date range of its own per writer: no two writes book the same session date.
        day = datetime.date(2040, 1, 2) + datetime.timedelta(days=3000 * self.n)
        i = 0
        while not self.stop.is_set():
            client = self.clients[(i + self.n) % len(self.clients)]
            action = ("note", "session", "document")[i % 3]
            if action == "note":
                status, location = self.form(
                    f"/clients/{client}/notes/new/",
                    {
                        "subjective": "Synthetic fault-test note.",
                        "objective": "Calm.",
                        "assessment": "Progressing.",
                        "plan": "Continue.",
                    },
                )
                found = re.search(rf"/notes/({UUID})/", location)
                ok = status == 302 and found is not None
            elif action == "session":
                day += datetime.timedelta(days=1)
                status, location = self.form(
                    f"/clients/{client}/sessions/new/",
                    {
                        "date": day.isoformat(),
                        "start_time": "09:00",
                        "duration_minutes": "50",
                        "service": "individual",
                        "modality": "in-person",
                    },
                )
                ok = status == 302 and location.rstrip("/").endswith(client)
            else:
                status, location = self.upload(f"/clients/{client}/documents/new/")
                ok = status == 302 and location.rstrip("/").endswith(client)
            since = time.monotonic() - self.fault["at"] if self.fault["at"] else -1.0
            with self.tally.lock:
                self.tally.outcomes.append((since, action, status if ok or status != 302 else -1))
                if ok and action == "note" and found is not None:
                    self.tally.notes.append(found.group(1))
                elif ok and action == "session":
                    self.tally.sessions.append((client, day.isoformat()))
                elif ok:
                    self.tally.documents[client] += 1
            if status != 302 and "login" in location:
                with contextlib.suppress(RuntimeError):  # refused now: tried again next time
                    self.log_in()
            if not ok:
                time.sleep(0.1)
            i += 1


def query(url: str, sql: str) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(url) as conn:
        return list(conn.execute(sql).fetchall())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fault", choices=("kill", "failover"), required=True)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--before", type=float, default=10, help="seconds of writes before")
    parser.add_argument("--after", type=float, default=20, help="seconds of writes after")
    parser.add_argument("--detect", type=float, default=4, help="kill: seconds Caddy may take")
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--database-url", default="postgresql://root@127.0.0.1:5432")
    args = parser.parse_args()
    if args.fault == "failover" and os.geteuid() != 0:
        raise SystemExit("run as root: the clusters are made with pg_createcluster")
    load_before = os.getloadavg()
    processes: list[subprocess.Popen[bytes]] = []
    clusters = pg_cluster.Clusters("r4scale_primary", "r4scale_standby")
    ports = (0, 0)
    try:
        with tempfile.TemporaryDirectory(prefix="sealbook-fault-") as tmp:
            root = Path(tmp)
            if args.fault == "failover":
                ports = (run_load.free_port(), run_load.free_port())
                clusters.primary_port, clusters.standby_port = ports
                say(f"creating {clusters.primary} on {ports[0]}, {clusters.standby} on {ports[1]}")
                clusters.make()
                clusters.psql("CREATE DATABASE sealbook_scale_failover")
                db_url = clusters.url("sealbook_scale_failover")
                run_load.DB = "sealbook_scale_failover"
                env = {k: v for k, v in os.environ.items() if not k.startswith("SEALBOOK_")}
                env |= {"SEALBOOK_HOME": str(root / "home"), "SEALBOOK_DATABASE_URL": db_url}
                made = subprocess.run(
                    [*SEALBOOK, "demo", "--no-serve", "--clients", str(args.clients)],
                    env=env,
                    cwd=REPO,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                logins = root / "logins"
                logins.write_text(
                    "".join(
                        f"{line}\n"
                        for line in made.stdout.splitlines()
                        if line.startswith("clinician ")
                    )
                )
                env["SEALBOOK_PASSPHRASE_FILE"] = str(root / "home" / "demo-passphrase")
            else:
                run_load.DB = "sealbook_scale_fault"
                env, logins = run_load.prepare(root / "home", args.database_url, args.clients)
                db_url = env["SEALBOOK_DATABASE_URL"]
            https_port = run_load.free_port()
            say("starting two `sealbook serve --no-jobs` and Caddy")
            upstreams = []
            for n in range(2):
                process, upstream = run_load.serve(env, https_port, root / f"serve{n}.log")
                processes.append(process)
                upstreams.append(upstream)
            caddy, ca = run_load.caddy(root / "caddy", https_port, " ".join(upstreams))
            processes.append(caddy)
            clinicians = [
                tuple(line.split()[1:3])
                for line in logins.read_text().splitlines()
                if line.startswith("clinician ")
            ]
            clients = [
                str(c)
                for (c,) in query(
                    db_url.replace("postgres@", "postgres@", 1),
                    "SELECT id FROM records_client ORDER BY id",
                )
            ]
            before_docs = Counter(
                {
                    str(c): n
                    for c, n in query(
                        db_url,
                        "SELECT client_id, count(*) FROM documents_document GROUP BY client_id",
                    )
                }
            )
            tally, fault, stop = Tally(), {"at": 0.0}, threading.Event()
            writers = [
                Writer(
                    n,
                    https_port,
                    ca,
                    clinicians[n % len(clinicians)],
                    clients,  # type: ignore[arg-type]
                    tally,
                    fault,
                    stop,
                )
                for n in range(args.writers)
            ]
            for w in writers:
                w.start()
            for w in writers:  # each logs in first (Argon2id): the clock starts once all have
                w.ready.wait(timeout=300)
            cpu_start = run_load.cpu_of([p.pid for p in processes[:2]])
            wall_start = time.monotonic()
            time.sleep(args.before)
            acknowledged_before = (
                len(tally.notes) + len(tally.sessions) + sum(tally.documents.values())
            )
            if args.fault == "kill":
                cpu_killed = run_load.cpu_of([processes[0].pid])
                processes[0].send_signal(signal.SIGKILL)
                fault["at"] = time.monotonic()
                processes[0].wait(timeout=10)
                say(f"SIGKILL to one app process after {acknowledged_before} acknowledged writes")
            else:
                cpu_killed = 0.0
                fault["at"] = time.monotonic()  # a write refused while it stops is after it
                clusters.crash_primary()
                # From here nothing can commit on the old primary: a write acknowledged
                # later was committed on the promoted standby.
                fault["down"] = time.monotonic() - fault["at"]
                say(f"primary stopped (immediate) after {acknowledged_before} acknowledged writes")
                time.sleep(2)
                clusters.promote_standby()
                say("standby promoted")
            time.sleep(args.after)
            stop.set()
            for w in writers:
                w.join(timeout=90)
            wall = time.monotonic() - wall_start
            errors = [w.error for w in writers if w.error]
            live = processes[1:2] if args.fault == "kill" else processes[:2]
            restarted = any(p.poll() is not None for p in live)
            cpu = run_load.cpu_of([p.pid for p in live]) + cpu_killed - cpu_start
            own = resource.getrusage(resource.RUSAGE_SELF)
            for p in processes:
                if p.poll() is None:
                    p.terminate()
                    p.wait(timeout=30)
            # What is stored, on the (new) primary.
            stored_notes = {str(n) for (n,) in query(db_url, "SELECT id FROM records_progressnote")}
            stored_sessions = {
                (str(c), d.isoformat())
                for c, d in query(db_url, "SELECT client_id, date FROM records_session")
            }
            docs = Counter(
                {
                    str(c): n
                    for c, n in query(
                        db_url,
                        "SELECT client_id, count(*) FROM documents_document GROUP BY client_id",
                    )
                }
            )
            ((count, low, high),) = query(
                db_url, "SELECT count(*), min(seq), max(seq) FROM audit_auditentry"
            )
            verify_env = {k: v for k, v in env.items() if k != "SEALBOOK_PASSPHRASE_FILE"}
            verify = subprocess.run(
                [*SEALBOOK, "audit", "verify"],
                env=verify_env,
                cwd=REPO,
                capture_output=True,
                text=True,
                timeout=600,
            )
    finally:
        for p in processes:
            if p.poll() is None:
                p.kill()
        if args.fault == "failover" and ports[0]:
            clusters.drop()
            say("clusters dropped")
        elif args.fault == "kill":
            import psycopg

            with psycopg.connect(f"{args.database_url}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {run_load.DB} WITH (FORCE)")
    missing_notes = [n for n in tally.notes if n not in stored_notes]
    missing_sessions = [s for s in tally.sessions if s not in stored_sessions]
    short_docs = {c: n for c, n in tally.documents.items() if docs[c] - before_docs[c] < n}
    gap_free = count == high - low + 1 and low == 0
    by_window: dict[str, Counter[str]] = {
        "before": Counter(),
        "fault": Counter(),
        "after": Counter(),
    }
    window = args.detect if args.fault == "kill" else 30.0
    first_after = None
    down = fault.get("down", 0.0)
    for since, _, status in sorted(tally.outcomes):
        part = "before" if since < 0 else "fault" if since < window else "after"
        by_window[part][str(status)] += 1
        if since > down and status == 302 and first_after is None:
            first_after = since - down
    acked = len(tally.notes) + len(tally.sessions) + sum(tally.documents.values())
    say(
        f"writers: {args.writers}; wall {wall:.1f} s; acknowledged writes {acked} "
        f"({len(tally.notes)} notes, {len(tally.sessions)} sessions, "
        f"{sum(tally.documents.values())} documents); {acked / wall:.1f}/s"
    )
    for part, statuses in by_window.items():
        say(f"  {part:>6}: statuses {dict(statuses)}")
    if args.fault == "failover":
        say(
            f"first write acknowledged {None if first_after is None else round(first_after, 1)}"
            f" s after the primary was down (its stop took {down:.1f} s)"
        )
    say(
        f"CPU: app processes {cpu:.1f} s, load generator {own.ru_utime + own.ru_stime:.1f} s, "
        f"in {wall:.1f} s wall; load average {load_before[0]:.1f} before, "
        f"{os.getloadavg()[0]:.1f} after (1 min, {os.cpu_count()} cores)"
    )
    say(f"missing: notes {missing_notes}, sessions {missing_sessions}, documents {short_docs}")
    say(
        f"audit log: {count} entries, seq {low}..{high} ({'no gap' if gap_free else 'GAP'}); "
        f"verify: {(verify.stdout.strip() or verify.stderr.strip())[:90]}"
    )
    failed_after = sum(n for s, n in by_window["after"].items() if s != "302")
    checks = {
        "no acknowledged write lost": not (missing_notes or missing_sessions or short_docs),
        "audit log gap-free and verifies": gap_free and verify.returncode == 0,
        "writers logged in": not errors,
        "writes acknowledged before the fault": by_window["before"]["302"] > 0,
    }
    if args.fault == "kill":
        checks["Caddy routed around it (every write succeeded after detection)"] = (
            failed_after == 0 and by_window["after"]["302"] > 0
        )
        checks["the other process stayed up"] = not restarted
    else:
        checks["writes resumed within 30 s"] = first_after is not None and first_after < 30
        checks["no process restarted"] = not restarted
    for name, ok in checks.items():
        say(f"{'ok  ' if ok else 'FAIL'} {name}")
    verdict = all(checks.values())
    say("PASS: nothing lost" if verdict else "FAIL")
    return 0 if verdict else 1


if __name__ == "__main__":
    raise SystemExit(main())
