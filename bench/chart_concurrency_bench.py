"""Chart views per second over HTTP with 1 and 4 concurrent clients, on 1 and on N processes.

    .venv/bin/python bench/chart_concurrency_bench.py [--backend sqlite|postgresql|both]
        [--seconds 8] [--rounds 3] [--clients 30] [--threads 8] [--processes N]
        [--clients 20000 [--audit-entries 1000000]]

For each backend a practice is served by two layouts at once: one `sealbook
serve --no-jobs --threads 8` process, and N such processes (`--processes`,
default the machine's cores: the documented layout, since one process
serves about one core's worth of charts, Python's GIL). The practice is a
demo (`sealbook demo --no-serve --clients N`: SQLite in its home, or a fresh
PostgreSQL database `sealbook_scale_chartbench`, `--database`, on
SEALBOOK_BENCH_POSTGRES, default postgresql://root@127.0.0.1:5432), or with
`--clients` over 5,000 a copy of the practice bench/load/seed.py keeps (the
PostgreSQL template `sealbook_load_seed_N` with its home
`/var/tmp/sealbook-load-seed-N`, or the SQLite practice in
`/var/tmp/sealbook-load-seed-N-sqlite`; made on first use, 15-20 minutes
each for 20,000 clients and 1,000,000 audit entries).

Load generator processes (one per simulated clinician, each its own login
and its own keep-alive connection) open the clinician's charts in turn as
fast as the server answers; on the N-process layout the i-th clinician talks
to the (i mod N)-th process directly (round-robin, not through Caddy: with
four persistent connections Caddy's least_conn spreads them the same way,
and its TLS would take CPU from the cores being compared; the 1-client
phase takes the same path). The phases are interleaved, every round: 1
client on each layout, then 4 on each, so that other load on this shared
machine falls on all; figures are the medians over rounds of each phase's
throughput and the pooled latencies.

Printed per layout: charts per second, the 4-client/1-client ratio
(targets: 1.6 on PostgreSQL, 1.0 on SQLite), p50/p95/p99 latency (target
p99 < 300 ms), the server processes' CPU per chart, the load generators'
CPU, and afterwards the audit check: exactly one new CHART_VIEWED entry per
chart view answered (other entries added are printed by event: the alert
rules' own), and `sealbook audit verify` passing. Everything shares this
machine's cores (the servers, PostgreSQL and the generators): the load
average is printed; it needs free cores (N for the servers, one more for the
generators and PostgreSQL), or the ratio says more about the machine than
about the code.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench" / "load"))
import seed  # noqa: E402

PG_DB = "sealbook_scale_chartbench"
SEALBOOK = [sys.executable, "-m", "sealbook"]


class Browserless:
    """A keep-alive HTTP/1.1 client with a cookie jar (enough for Sealbook's login)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str, str]:
        headers = {"Host": f"127.0.0.1:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://127.0.0.1:{self.port}"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        text = response.read().decode(errors="replace")
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.headers.get("Location", ""), text

    def log_in(self, email: str, password: str) -> None:
        from urllib.parse import urlencode

        _, _, page = self.request("GET", "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "no CSRF token on the login page"
        body = urlencode(
            {"csrfmiddlewaretoken": token.group(1), "email": email, "password": password}
        )
        status, location, _ = self.request("POST", "/login/", body)
        if status != 302 or "login" in location:
            raise SystemExit(f"login failed: {status} {location}")


def cpu_of(pid: int) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / tick


def chart_paths(web: Browserless) -> list[str]:
    _, _, listing = web.request("GET", "/clients/")
    return sorted(set(re.findall(r'href="(/clients/[0-9a-f-]{36}/)"', listing)))


def clinician_loop(port: int, login: tuple[str, str], conn: Any) -> None:
    """One simulated clinician: log in, then on each command open its charts for N seconds."""
    web = Browserless(port)
    web.log_in(*login)
    charts = chart_paths(web)
    conn.send(("ready", len(charts)))
    while True:
        command = conn.recv()
        if command is None:
            return
        seconds = float(command)
        latencies: list[float] = []
        errors = 0
        cpu0 = time.process_time()
        deadline = time.perf_counter() + seconds
        i = 0
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            status, _, _ = web.request("GET", charts[i % len(charts)])
            latencies.append(time.perf_counter() - start)
            errors += status != 200
            i += 1
        conn.send((latencies, errors, time.process_time() - cpu0))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(
    backend: str, home: Path, pg_base: str, args: argparse.Namespace
) -> tuple[dict[str, str], list[list[str]]]:
    """The demo practice made afresh, or (`--clients` over 5,000) a copy of the seeded one."""
    if args.clients > 5000:
        name = args.seed_name or seed.default_name(args.clients)
        template_home = args.seed_home or seed.default_home(args.clients)
        base: str | None = pg_base
        if backend == "sqlite":
            base, name = None, "sqlite"
            template_home = Path(f"{template_home}-sqlite")
        seed.ensure_template(base, name, template_home, args.clients, args.audit_entries)
        env = seed.copy_of(base, name, PG_DB, template_home, home)
        logins = [line.split() for line in (home / seed.LOGINS).read_text().splitlines()]
        return env, logins
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEALBOOK_")}
    env["SEALBOOK_HOME"] = str(home)
    if backend == "postgresql":
        import psycopg

        with psycopg.connect(f"{pg_base}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            admin.execute(f"CREATE DATABASE {PG_DB}")
        env["SEALBOOK_DATABASE_URL"] = f"{pg_base}/{PG_DB}"
    made = subprocess.run(
        [*SEALBOOK, "demo", "--no-serve", "--clients", str(args.clients)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    logins = [
        line.split()
        for line in made.stdout.splitlines()
        if len(line.split()) == 3 and "@" in line.split()[1]
    ]
    env["SEALBOOK_PASSPHRASE_FILE"] = str(home / "demo-passphrase")
    return env, logins


def audit_state(env: dict[str, str], since: int = -1) -> tuple[int, dict[str, int]]:
    """(the log's size, the entries after seq `since` by event name)."""
    script = (
        "import json\n"
        "from django.db.models import Count, Max\n"
        "from sealbook.cli.bootstrap import setup_django, open_practice\n"
        "setup_django(); open_practice(unseal=False)\n"
        "from sealbook.audit.models import AuditEntry\n"
        "from sealbook.audit.events import AuditEvent\n"
        f"rows = AuditEntry.objects.filter(seq__gt={since})"
        ".values('event').annotate(n=Count('seq'))\n"
        "size = (AuditEntry.objects.aggregate(m=Max('seq'))['m'] or -1) + 1\n"
        "print(json.dumps([size, {AuditEvent(r['event']).name: r['n'] for r in rows}]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], env=env, cwd=REPO, capture_output=True, text=True
    )
    size, events = json.loads(out.stdout)
    return int(size), dict(events)


def start_servers(env: dict[str, str], count: int, threads: int) -> list[tuple[Any, int]]:
    servers = []
    for _ in range(count):
        port = free_port()
        process = subprocess.Popen(
            [*SEALBOOK, "serve", "--no-jobs", "--port", str(port), "--threads", str(threads)],
            env=env,
            cwd=REPO,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        servers.append((process, port))
    for _, port in servers:
        for _ in range(600):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
    return servers


def start_clinicians(ports: list[int], clinicians: list[tuple[str, str]]) -> list[Any]:
    """Four simulated clinicians, the i-th on the (i mod N)-th process's port."""
    pipes = []
    ctx = multiprocessing.get_context("fork")
    for i in range(4):
        mine, theirs = ctx.Pipe()
        proc = ctx.Process(
            target=clinician_loop,
            args=(ports[i % len(ports)], clinicians[i % len(clinicians)], theirs),
        )
        proc.start()
        ready, charts = mine.recv()
        assert ready == "ready" and charts, "a clinician sees no charts"
        pipes.append((mine, proc))
    return pipes


def run_backend(backend: str, args: argparse.Namespace, pg_base: str) -> None:
    layouts = {"1 process": 1, f"{args.processes} processes": args.processes}
    with tempfile.TemporaryDirectory(prefix="sealbook-chartbench-") as tmp:
        env, logins = prepare(backend, Path(tmp) / "home", pg_base, args)
        servers: dict[str, list[tuple[Any, int]]] = {}
        try:
            for layout, count in layouts.items():
                servers[layout] = start_servers(env, count, args.threads)
            clinicians = [(e, p) for role, e, p in logins if role == "clinician"]
            pipes = {
                layout: start_clinicians([port for _, port in running], clinicians)
                for layout, running in servers.items()
            }
            # Warm-up, then the counted phases.
            for layout in layouts:
                for p, _ in pipes[layout]:
                    p.send("2")
                for p, _ in pipes[layout]:
                    p.recv()
            before_size, _ = audit_state(env, since=2**62)
            phases: dict[tuple[str, int], list[dict[str, Any]]] = {
                (layout, n): [] for n in (1, 4) for layout in layouts
            }
            answered = 0
            for _ in range(args.rounds):
                for n in (1, 4):
                    for layout in layouts:
                        pids = [process.pid for process, _ in servers[layout]]
                        server_cpu0 = sum(cpu_of(pid) for pid in pids)
                        wall0 = time.perf_counter()
                        for p, _ in pipes[layout][:n]:
                            p.send(str(args.seconds))
                        results = [p.recv() for p, _ in pipes[layout][:n]]
                        wall = time.perf_counter() - wall0
                        server_cpu = sum(cpu_of(pid) for pid in pids) - server_cpu0
                        lat = [x for r in results for x in r[0]]
                        answered += len(lat)
                        phases[(layout, n)].append(
                            {
                                "per_s": len(lat) / args.seconds,
                                "lat": lat,
                                "errors": sum(r[1] for r in results),
                                "server_ms": 1000 * server_cpu / max(len(lat), 1),
                                "gen_cpu": sum(r[2] for r in results) / wall,
                            }
                        )
            for layout in layouts:
                for p, proc in pipes[layout]:
                    p.send(None)
                    proc.join()
            _, added = audit_state(env, since=before_size - 1)
        finally:
            for running in servers.values():
                for process, _ in running:
                    process.terminate()
                    process.wait(timeout=30)
        verify = subprocess.run(
            [*SEALBOOK, "audit", "verify"], env=env, cwd=REPO, capture_output=True, text=True
        )
        if backend == "postgresql":
            import psycopg

            with psycopg.connect(f"{pg_base}/postgres", autocommit=True) as admin:
                admin.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")

    def pct(values: list[float], q: float) -> float:
        ordered = sorted(values)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    practice = f"{args.clients} clients" + (" (seeded)" if args.clients > 5000 else " (demo)")
    print(f"\n== {backend}: {practice}, serve --threads {args.threads}")
    print("| layout | clients | charts/s | p50 ms | p95 ms | p99 ms | server CPU ms/chart |"
          " generators' CPU (cores) | errors |")  # fmt: skip
    print("|---|---|---|---|---|---|---|---|---|")
    medians = {}
    for (layout, n), runs in phases.items():
        lat = [x for r in runs for x in r["lat"]]
        medians[(layout, n)] = statistics.median(r["per_s"] for r in runs)
        print(
            f"| {layout} | {n} | {medians[(layout, n)]:.1f} | {pct(lat, 0.5):.1f} |"
            f" {pct(lat, 0.95):.1f} | {pct(lat, 0.99):.1f} |"
            f" {statistics.median(r['server_ms'] for r in runs):.1f} |"
            f" {statistics.median(r['gen_cpu'] for r in runs):.2f} |"
            f" {sum(r['errors'] for r in runs)} |"
        )
    for layout in layouts:
        print(f"{layout}: 4 clients / 1 client: "
              f"{medians[(layout, 4)] / medians[(layout, 1)]:.2f}x")  # fmt: skip
    charts = added.pop("CHART_VIEWED", 0)
    # Anything else is the alert rules' own entries (many charts opened quickly raise an alert).
    print(
        f"audit: {answered} chart views answered, {charts} CHART_VIEWED entries added"
        f" ({'one entry per view' if charts == answered else 'MISMATCH'}); other entries"
        f" added: {added or 'none'}; verify: {verify.stdout.strip() or verify.stderr.strip()}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--processes", type=int, default=os.cpu_count() or 1,
        help="app processes of the multi-process layout (default: the machine's cores)",
    )  # fmt: skip
    parser.add_argument(
        "--audit-entries", type=int, default=1_000_000,
        help="over 5,000 clients: the seeded practice's audit entries (bench/load/seed.py)",
    )  # fmt: skip
    parser.add_argument("--seed-name", help="PostgreSQL template (default sealbook_load_seed_N)")
    parser.add_argument(
        "--seed-home", type=Path,
        help="its home (default /var/tmp/sealbook-load-seed-N; SQLite: the same with -sqlite)",
    )  # fmt: skip
    parser.add_argument("--database", default=PG_DB, help="PostgreSQL: the run's database")
    args = parser.parse_args()
    globals()["PG_DB"] = args.database
    pg_base = os.environ.get("SEALBOOK_BENCH_POSTGRES", "postgresql://root@127.0.0.1:5432")
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
    ).stdout.strip()
    one, five, _ = os.getloadavg()
    print(f"commit {head}; {os.cpu_count()} cores; load {one:.1f} / {five:.1f}", flush=True)
    for backend in ["sqlite", "postgresql"] if args.backend == "both" else [args.backend]:
        run_backend(backend, args, pg_base)
    one, five, _ = os.getloadavg()
    print(f"\nload afterwards {one:.1f} / {five:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
