"""PostgreSQL failover under writes: a primary and a streaming standby, the primary stopped.

    .venv/bin/python bench/pg_failover_bench.py [--writes-before 30] [--keep]

Needs root (it runs the clusters as the postgres user) and the Debian
postgresql-common tools. Takes about a minute, so it is a bench script, not a
CI test. Steps, each printed:

1. `pg_createcluster 15 sealbook_scale_primary` and `..._standby` on free
   ports (trust authentication on 127.0.0.1; never the machine's main
   cluster). The primary has `synchronous_standby_names` naming the standby
   and `synchronous_commit = on`: a commit returns only once the standby has
   flushed its WAL, so a write acknowledged to a user survives losing the
   primary's machine (docs/scale.md, "Failover").
2. The standby is made with `pg_basebackup -R -X stream` and started: it
   streams from the primary.
3. `sealbook demo --no-serve` creates a demo practice on the primary;
   `sealbook serve` starts with SEALBOOK_DATABASE_URL listing both hosts and
   `target_session_attrs=read-write`.
4. A clinician schedules sessions over HTTP, one after another; after
   `--writes-before` acknowledged writes the primary is stopped
   (`pg_ctlcluster ... stop -m immediate`, as a crash), the standby promoted
   (`pg_ctlcluster ... promote`), and the writes go on.
5. Printed and asserted: the time from the stop until the first write
   acknowledged again (target under 30 s), that every acknowledged session is
   on the new primary, that the audit log verifies (`sealbook audit verify`)
   and has no gap, and that the server process was never restarted.

Both clusters are dropped at the end (`--keep` leaves them for a look).
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
import pg_cluster  # noqa: E402

SEALBOOK = [sys.executable, "-m", "sealbook"]
CLUSTERS = pg_cluster.Clusters("sealbook_scale_primary", "sealbook_scale_standby")
PRIMARY, STANDBY = CLUSTERS.primary, CLUSTERS.standby
sh = pg_cluster.sh


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def make_clusters(primary_port: int, standby_port: int) -> None:
    CLUSTERS.primary_port, CLUSTERS.standby_port = primary_port, standby_port
    CLUSTERS.make()


def drop_clusters() -> None:
    CLUSTERS.drop()


def psql(port: int, sql: str, db: str = "postgres") -> str:
    return CLUSTERS.psql(sql, db, port=port)


class Web:
    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode({"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form})
            headers |= {
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": f"http://127.0.0.1:{self.port}",
                "Referer": f"http://127.0.0.1:{self.port}{path}",
            }
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode(errors="replace")
        except OSError:
            return 0, "", ""
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers.get("Location", ""), text


def run(cmd: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, env=env, cwd=REPO, capture_output=True, text=True, timeout=300)


def schedule(web: Web, path: str, day: datetime.date) -> bool:
    form = {
        "date": day.isoformat(),
        "start_time": "09:00",
        "duration_minutes": "50",
        "service": "individual",
        "modality": "in-person",
    }
    status, location, _ = web.request("POST", path, form)
    return status == 302 and "/sessions/" not in location and "login" not in location


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writes-before", type=int, default=30)
    parser.add_argument("--writes-after", type=int, default=30)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    if os.geteuid() != 0:
        raise SystemExit("run as root: the clusters are made with pg_createcluster")
    primary_port, standby_port = free_port(), free_port()
    server = None
    ok = True
    try:
        say(f"creating {PRIMARY} on {primary_port} and {STANDBY} on {standby_port}")
        make_clusters(primary_port, standby_port)
        state = psql(
            primary_port, "SELECT application_name, state, sync_state FROM pg_stat_replication"
        )
        say(f"replication seen by the primary: {state}")
        psql(primary_port, "CREATE DATABASE sealbook")
        url = (
            f"postgresql://postgres@127.0.0.1:{primary_port},127.0.0.1:{standby_port}/sealbook"
            "?target_session_attrs=read-write"
        )
        with tempfile.TemporaryDirectory(prefix="sealbook-failover-") as tmp:
            home = Path(tmp) / "home"
            env = {k: v for k, v in os.environ.items() if not k.startswith("SEALBOOK_")}
            env |= {"SEALBOOK_HOME": str(home), "SEALBOOK_DATABASE_URL": url}
            made = run([*SEALBOOK, "demo", "--no-serve", "--clients", "3"], env)
            if made.returncode != 0:
                raise SystemExit(made.stderr)
            email, password = next(
                line.split()[1:]
                for line in made.stdout.splitlines()
                if line.startswith("clinician ")
            )
            env["SEALBOOK_PASSPHRASE_FILE"] = str(home / "demo-passphrase")
            port = free_port()
            server = subprocess.Popen(
                [*SEALBOOK, "serve", "--port", str(port)],
                env=env,
                cwd=REPO,
                stdout=subprocess.DEVNULL,
                stderr=open(Path(tmp) / "serve.log", "wb"),  # noqa: SIM115
            )
            web = Web(port)
            deadline = time.monotonic() + 60
            while web.request("GET", "/login/")[0] != 200:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("sealbook serve did not start")
                time.sleep(0.2)
            status, location, _ = web.request(
                "POST", "/login/", {"email": email, "password": password}
            )
            assert status == 302 and "login" not in location, (status, location)
            listing = web.request("GET", "/clients/")[2]
            client_id = re.findall(r'href="/clients/([0-9a-f-]{36})/"', listing)[0]
            path = f"/clients/{client_id}/sessions/new/"
            first = datetime.date(2032, 1, 5)
            acknowledged: list[datetime.date] = []
            failed = 0
            day = first
            while len(acknowledged) < args.writes_before:
                if schedule(web, path, day):
                    acknowledged.append(day)
                day += datetime.timedelta(days=1)
            say(f"{len(acknowledged)} writes acknowledged; stopping the primary (immediate)")
            stopped = time.monotonic()
            sh("pg_ctlcluster", "15", PRIMARY, "stop", "-m", "immediate")
            # An operator (or a tool such as Patroni) promotes the standby a moment later.
            failures_before_promote = 0
            for _ in range(3):
                failures_before_promote += not schedule(web, path, day)
                day += datetime.timedelta(days=1)
            sh("pg_ctlcluster", "15", STANDBY, "promote")
            say(f"standby promoted after {time.monotonic() - stopped:.1f} s")
            resumed = None
            while len(acknowledged) < args.writes_before + args.writes_after:
                if schedule(web, path, day):
                    acknowledged.append(day)
                    if resumed is None:
                        resumed = time.monotonic() - stopped
                else:
                    failed += 1
                    time.sleep(0.2)
                if time.monotonic() - stopped > 120:
                    break
                day += datetime.timedelta(days=1)
            say(
                f"writes resumed {resumed if resumed is None else round(resumed, 1)} s after the"
                f" stop; {failures_before_promote} refused before the promotion, {failed} after"
            )
            restarted = server.poll() is not None
            server.terminate()
            server.wait(timeout=30)
            server = None
            stored = set(
                psql(
                    standby_port,
                    f"SELECT date FROM records_session WHERE client_id = '{client_id}'",  # noqa: S608
                    "sealbook",
                ).split()
            )
            missing = [d for d in acknowledged if d.isoformat() not in stored]
            gaps = psql(
                standby_port,
                "SELECT count(*) - (max(seq) + 1) FROM audit_auditentry",
                "sealbook",
            )
            env.pop("SEALBOOK_PASSPHRASE_FILE")
            verify = run([*SEALBOOK, "audit", "verify"], env)
            say(f"acknowledged writes: {len(acknowledged)}, missing on the new primary: {missing}")
            say(f"audit log: gap count {gaps}; verify: {verify.stdout.strip() or verify.stderr}")
            ok = (
                not missing
                and gaps == "0"
                and verify.returncode == 0
                and resumed is not None
                and resumed < 30
                and not restarted
            )
            say("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        if server is not None:
            server.terminate()
        if not args.keep:
            drop_clusters()
            say("clusters dropped")


if __name__ == "__main__":
    raise SystemExit(main())
