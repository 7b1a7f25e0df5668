"""The load test: Caddy -> 1 or 2 `sealbook serve` processes -> PostgreSQL, locust playing staff.

    .venv/bin/pip install -e ".[bench]"      # locust, pinned
    .venv/bin/python bench/load/run_load.py [--clients 60] [--users 50 100] [--seconds 120]
        [--think 2 6] [--database-url postgresql://root@127.0.0.1:5432] [--out FILE.json]
        [--clients 20000 --audit-entries 1000000] [--fault kill|failover] [--no-restart]

The practice is either a demo (`sealbook demo --no-serve --clients N`, at
most 5,000 clients) made afresh in the PostgreSQL database `--database`
(default `sealbook_bench_load`), or, with `--audit-entries`, a copy of the
template bench/load/seed.py keeps (`sealbook_load_seed_N` and its home
`/var/tmp/sealbook-load-seed-N`, made on first use: about 10-20 minutes for
20,000 clients and 1,000,000 entries on a quiet machine; afterwards `CREATE
DATABASE ... TEMPLATE` copies it in seconds, and the home is copied into the
run's folder so uploads never land in the template's). It is served by
three `sealbook serve --no-jobs` processes: one alone behind one Caddy
(deploy/Caddyfile, TLS with Caddy's local CA), two behind a second Caddy.
For each number of users the one-process and the two-process layouts are
measured in turn (1 then 2 at 50 users, 1 then 2 at 100), so other load on
the machine falls on both.

Each phase is one `locust --headless` process (bench/load/locustfile.py):
users are spawned (each logs in: Argon2id, timed apart), the statistics are
reset once all are running, and the steady state runs `--seconds`. Printed
per action: requests, failures, p50/p95/p99 (ms); the phase's throughput;
the CPU seconds of the load generator (its own process) and of the serving
processes, beside the wall time; the whole machine's busy share (PostgreSQL
opens a backend per connection, so its CPU is counted there); and the load
average before and after, since everything shares this machine's cores.

`--fault` strikes during the last two-process phase, `--fault-at` seconds
into its steady state (default: half way):

- `kill`: SIGKILL to one of the two app processes; it is started again on
  the same port at once, as systemd's `Restart=always` would (`--no-restart`:
  left dead), and Caddy's health check takes it back;
- `failover` (root): the practice is on a primary cluster with a synchronous
  streaming standby (bench/pg_cluster.py, `sealbook_load_primary` and
  `sealbook_load_standby` on free ports, dropped at the end; a seeded
  practice is copied to the primary with pg_dump | pg_restore before the
  standby's base backup, 41 s at full size; the processes
  use the two-host URL with `target_session_attrs=read-write`); the primary
  is stopped with `-m immediate` (a crash) and the standby promoted 2 s
  later; no app process is restarted.

Requests are counted apart for the fault's window (`--fault-window`
seconds from the fault, default 30) and for the steady state before and
after it. Every run then checks, and exits 1 otherwise: every write a
locust user saw acknowledged (the locustfile records each one: a note's id,
an appointment's client, clinician and slot, a document's client) is in the
database (on the new primary after a failover; documents counted per
client against the count before the run); the audit log's entries are
numbered 0..max without a hole; `sealbook audit verify` passes.
"""

from __future__ import annotations

import argparse
import collections
import csv
import itertools
import json
import os
import shutil
import signal
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(REPO / "bench"), str(Path(__file__).resolve().parent)]
import pg_cluster  # noqa: E402
import seed  # noqa: E402

LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
CADDYFILE = REPO / "deploy" / "Caddyfile"
SEALBOOK = [sys.executable, "-m", "sealbook"]
LOCUST = Path(sys.executable).parent / "locust"
# Numbers the phases of a run, so that each books from its own block of slots.
PHASES = itertools.count()
DB = "sealbook_bench_load"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(home: Path, base_url: str, clients: int) -> tuple[dict[str, str], Path]:
    import psycopg

    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
        admin.execute(f"CREATE DATABASE {DB}")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SEALBOOK_")}
    env |= {"SEALBOOK_HOME": str(home), "SEALBOOK_DATABASE_URL": f"{base_url}/{DB}"}
    made = subprocess.run(
        [*SEALBOOK, "demo", "--no-serve", "--clients", str(clients)],
        env=env, cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    logins = home.parent / "logins"
    logins.write_text(
        "".join(f"{line}\n" for line in made.stdout.splitlines()
                if line.split()[:1] in (["clinician"], ["frontdesk"]))
    )  # fmt: skip
    env["SEALBOOK_PASSPHRASE_FILE"] = str(home / "demo-passphrase")
    return env, logins


def serve(
    env: dict[str, str], public_port: int, log: Path, port: int = 0
) -> tuple[subprocess.Popen[bytes], str]:
    port = port or free_port()
    server_env = env | {
        "SEALBOOK_PUBLIC_URL": f"https://localhost:{public_port}",
        "SEALBOOK_TRUSTED_PROXIES": "127.0.0.1",
    }
    with log.open("ab") as out:
        process = subprocess.Popen(
            [*SEALBOOK, "serve", "--no-jobs", "--port", str(port)],
            env=server_env, cwd=REPO, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    wait(lambda: urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2))
    return process, f"127.0.0.1:{port}"


def caddy(root: Path, https_port: int, upstreams: str) -> tuple[subprocess.Popen[bytes], Path]:
    root.mkdir()
    env = {
        "PATH": "/usr/bin:/bin", "HOME": str(root), "XDG_DATA_HOME": str(root / "data"),
        "XDG_CONFIG_HOME": str(root / "config"), "CADDY_SITE": f"https://localhost:{https_port}",
        "CADDY_HTTPS_PORT": str(https_port), "CADDY_HTTP_PORT": str(free_port()),
        "CADDY_UPSTREAM": upstreams, "CADDY_TLS": "internal",
    }  # fmt: skip
    with (root / "caddy.log").open("ab") as out:
        process = subprocess.Popen(
            ["caddy", "run", "--config", str(CADDYFILE), "--adapter", "caddyfile"],
            env=env, cwd=root, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    ca = root / "data" / "caddy" / "pki" / "authorities" / "local" / "root.crt"

    def ready() -> Any:
        context = ssl.create_default_context(cafile=str(ca))
        url = f"https://localhost:{https_port}/login/"
        return urllib.request.urlopen(url, timeout=2, context=context)

    wait(ready)
    return process, ca


def wait(probe: Any, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            probe().close()
            return
        except Exception:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def cpu_of(pids: list[int]) -> float:
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def machine_busy() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine so far, every core (/proc/stat)."""
    tick = os.sysconf("SC_CLK_TCK")
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = fields[3] + fields[4]
    return (sum(fields) - idle) / tick, sum(fields) / tick


def phase(args: argparse.Namespace, label: str, users: int, url: str, ca: Path,
          servers: list[int], logins: Path, work: Path,
          fault: Any = None) -> dict[str, Any]:  # fmt: skip
    prefix = work / f"{label}-{users}"
    login_times = work / f"{label}-{users}-logins.txt"
    records = work / "records" / f"{label}-{users}"
    records.mkdir(parents=True)
    env = os.environ | {
        "LOAD_LOGINS": str(logins), "LOAD_CA_FILE": str(ca), "LOAD_LOGIN_TIMES": str(login_times),
        "LOAD_THINK_MIN": str(args.think[0]), "LOAD_THINK_MAX": str(args.think[1]),
        "LOAD_RECORD_DIR": str(records), "LOAD_PHASE": str(next(PHASES)),
    }  # fmt: skip
    spawn_seconds = users / args.spawn_rate
    load_before = os.getloadavg()
    cpu0, machine0 = cpu_of(servers), machine_busy()
    wall0 = time.monotonic()
    steady_from = time.time() + spawn_seconds
    locust = subprocess.Popen(
        [str(LOCUST), "-f", str(LOCUSTFILE), "--headless", "-u", str(users),
         "-r", str(args.spawn_rate), "-t", f"{int(spawn_seconds + args.seconds)}s",
         "-H", url, "--reset-stats", "--csv", str(prefix), "--only-summary",
         "--stop-timeout", "10"],
        env=env, cwd=work, stdout=subprocess.DEVNULL,
        stderr=(work / f"{label}-{users}.log").open("w"),
    )  # fmt: skip
    struck: dict[str, Any] = {}
    if fault is not None:
        fault_at = args.fault_at if args.fault_at is not None else args.seconds / 2
        time.sleep(max(0.0, steady_from + fault_at - time.time()))
        struck = fault()
        # The killed process's CPU until it died is counted; its successor's from its start.
        servers = [pid for pid in servers if pid != struck.get("killed_pid")]
        servers += [pid for pid in [struck.get("restarted_pid")] if pid]
    _, _, usage = os.wait4(locust.pid, 0)
    wall = time.monotonic() - wall0
    machine1 = machine_busy()
    rows = list(csv.DictReader((prefix.with_name(prefix.name + "_stats.csv")).open()))
    failures = prefix.with_name(prefix.name + "_failures.csv")
    why = [f"{r['Name']}: {r['Error']} x{r['Occurrences']}"
           for r in csv.DictReader(failures.open())]  # fmt: skip
    logins_s = [float(x) for x in login_times.read_text().split()] if login_times.exists() else []
    return {
        "layout": label, "users": users, "wall_s": round(wall, 1),
        "steady_s": args.seconds, "load_before": load_before, "load_after": os.getloadavg(),
        "generator_cpu_s": round(usage.ru_utime + usage.ru_stime, 1),
        "server_cpu_s": round(cpu_of(servers) - cpu0 + struck.get("killed_cpu", 0.0), 1),
        # Everything on the machine (PostgreSQL's per-connection backends, Caddy, the
        # other work sharing it): busy share of all cores over the phase.
        "machine_busy": round((machine1[0] - machine0[0]) / (machine1[1] - machine0[1]), 2),
        "login_s": {"n": len(logins_s), "p50": q(logins_s, 0.5), "p95": q(logins_s, 0.95)},
        "failures": why,
        "fault": {k: v for k, v in struck.items() if not k.endswith("_pid")},
        "windows": windows(records, steady_from, struck.get("at"), args.fault_window),
        "actions": {
            r["Name"]: {
                "n": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                "p50": r["50%"], "p95": r["95%"], "p99": r["99%"], "rps": r["Requests/s"],
            }
            for r in rows
        },
    }  # fmt: skip


def windows(records: Path, steady_from: float, fault_at: float | None,
            width: float) -> dict[str, dict[str, Any]]:  # fmt: skip
    """Requests of the steady state by window (before / during / after a fault), per action:
    count, failures, p95 (ms). From the locustfile's per-request records."""
    parts: dict[str, dict[str, list[tuple[bool, float]]]] = collections.defaultdict(
        lambda: collections.defaultdict(list)
    )
    for path in records.glob("requests-*.tsv"):
        for line in path.read_text().splitlines():
            t, name, outcome, ms = line.split("\t")
            when = float(t)
            if when < steady_from:
                continue
            if fault_at is None:
                part = "steady"
            else:
                part = ("before" if when < fault_at
                        else "fault" if when < fault_at + width else "after")  # fmt: skip
            parts[part][name].append((outcome == "ok", float(ms)))
    return {
        part: {
            name: {"n": len(rows), "failures": sum(not ok for ok, _ in rows),
                   "p95": q([ms for _, ms in rows], 0.95)}
            for name, rows in sorted(actions.items())
        }
        for part, actions in parts.items()
    }  # fmt: skip


def q(values: list[float], at: float) -> float | None:
    if not values:
        return None
    if len(values) == 1:
        return round(values[0], 3)
    return round(statistics.quantiles(values, n=100)[round(at * 100) - 1], 3)


def report(result: dict[str, Any]) -> None:
    print(f"\n{result['layout']} process(es), {result['users']} users: "
          f"{result['steady_s']} s steady state ({result['wall_s']} s with spawning); "
          f"load average {result['load_before'][0]:.1f} before, "
          f"{result['load_after'][0]:.1f} after")  # fmt: skip
    print(f"  CPU s: load generator {result['generator_cpu_s']}, app processes "
          f"{result['server_cpu_s']}; machine {result['machine_busy']:.0%} busy; "
          f"logins (Argon2id, while spawning): n={result['login_s']['n']} "
          f"p50 {result['login_s']['p50']} s p95 {result['login_s']['p95']} s")  # fmt: skip
    print(f"  {'action':<18}{'n':>7}{'fail':>6}{'p50':>7}{'p95':>7}{'p99':>7}{'req/s':>8}")
    for name, a in result["actions"].items():
        print(f"  {name:<18}{a['n']:>7}{a['failures']:>6}{a['p50']:>7}{a['p95']:>7}"
              f"{a['p99']:>7}{float(a['rps']):>8.1f}")  # fmt: skip
    for failure in result["failures"]:
        print(f"  failed: {failure}")
    if result["fault"]:
        print(f"  fault: {result['fault']}")
        words = {"before": "before the fault", "fault": "in its window", "after": "after that"}
        for part, said in words.items():
            actions = result["windows"].get(part, {})
            n = sum(a["n"] for a in actions.values())
            failed = [f"{name} {a['failures']}/{a['n']}" for name, a in actions.items()
                      if a["failures"]]  # fmt: skip
            failures = sum(a["failures"] for a in actions.values())
            print(f"  {said}: {n} requests, {failures} failed {', '.join(failed)}".rstrip())


def practice(args: argparse.Namespace, work: Path,
             clusters: pg_cluster.Clusters | None) -> tuple[dict[str, str], Path]:  # fmt: skip
    """The practice to serve: the demo made afresh, or a copy of the seeded template;
    on the primary of a new cluster pair for a failover."""
    global DB
    DB = args.database
    if args.audit_entries is None:
        if clusters is None:
            return prepare(work / "home", args.database_url, args.clients)
        clusters.make()
        clusters.psql(f'CREATE DATABASE "{DB}"')
        env = {k: v for k, v in os.environ.items() if not k.startswith("SEALBOOK_")}
        env |= {"SEALBOOK_HOME": str(work / "home"), "SEALBOOK_DATABASE_URL": clusters.url(DB)}
        made = subprocess.run(
            [*SEALBOOK, "demo", "--no-serve", "--clients", str(args.clients)],
            env=env, cwd=REPO, capture_output=True, text=True, check=True,
        )  # fmt: skip
        logins = work / "logins"
        staff = [line for line in made.stdout.splitlines()
                 if line.split()[:1] in (["clinician"], ["frontdesk"])]  # fmt: skip
        logins.write_text("".join(f"{line}\n" for line in staff))
        env["SEALBOOK_PASSPHRASE_FILE"] = str(work / "home" / "demo-passphrase")
        return env, logins
    name = args.seed_name or seed.default_name(args.clients)
    home = args.seed_home or seed.default_home(args.clients)
    seed.ensure_template(args.database_url, name, home, args.clients, args.audit_entries)
    env = seed.copy_of(args.database_url, name, DB, home, work / "home")
    if clusters is not None:
        t0 = time.monotonic()
        clusters.make_primary()
        clusters.copy_in(env["SEALBOOK_DATABASE_URL"], DB)
        clusters.make_standby()
        seed.say(f"copied to the primary and its standby in {time.monotonic() - t0:.0f} s")
        with psycopg_admin(args.database_url) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
        env["SEALBOOK_DATABASE_URL"] = clusters.url(DB)
    return env, work / "home" / seed.LOGINS


def psycopg_admin(base_url: str) -> Any:
    import psycopg

    return psycopg.connect(f"{base_url}/postgres", autocommit=True)


def stored(url: str) -> dict[str, Any]:
    """What the database holds that a write could have made (notes, appointments, documents)."""
    import psycopg

    with psycopg.connect(url) as conn:
        notes = {str(n) for (n,) in conn.execute("SELECT id FROM records_progressnote")}
        slots = {
            (str(c), int(u), local.date().isoformat(), local.strftime("%H:%M"))
            for c, u, local in conn.execute(
                "SELECT client_id, clinician_id, (start AT TIME ZONE time_zone)"
                " FROM scheduling_appointment"
            )
        }
        documents = collections.Counter({
            str(c): n for c, n in conn.execute(
                "SELECT client_id, count(*) FROM documents_document GROUP BY client_id")
        })  # fmt: skip
        count, low, high = conn.execute(
            "SELECT count(*), min(seq), max(seq) FROM audit_auditentry"
        ).fetchone() or (0, 0, 0)
    return {"notes": notes, "slots": slots, "documents": documents,
            "audit": (int(count), int(low), int(high))}  # fmt: skip


def nothing_lost(work: Path, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Every write a locust user saw acknowledged, looked for in the database."""
    acks = [json.loads(line) for path in (work / "records").glob("*/acks-*.jsonl")
            for line in path.read_text().splitlines()]  # fmt: skip
    kinds = collections.Counter(a["kind"] for a in acks)
    missing_notes = [a["id"] for a in acks if a["kind"] == "note" and a["id"] not in after["notes"]]
    missing_slots = [
        a for a in acks if a["kind"] == "appointment"
        and (a["client"], a["clinician"], a["date"], a["time"]) not in after["slots"]
    ]  # fmt: skip
    documents = collections.Counter(a["client"] for a in acks if a["kind"] == "document")
    short = {c: n for c, n in documents.items()
             if after["documents"][c] - before["documents"][c] < n}  # fmt: skip
    count, low, high = after["audit"]
    return {
        "acknowledged": dict(kinds), "missing_notes": missing_notes,
        "missing_appointments": missing_slots, "documents_short": short,
        "audit_entries": count, "audit_gap_free": low == 0 and count == high + 1,
        "first_ack_after": acks and sorted(a["t"] for a in acks),
    }  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=60)
    parser.add_argument(
        "--audit-entries",
        type=int,
        help="use the seeded template (bench/load/seed.py) with this many entries",
    )
    parser.add_argument("--seed-name", help="template database (default sealbook_load_seed_N)")
    parser.add_argument(
        "--seed-home", type=Path, help="its home (default /var/tmp/sealbook-load-seed-N)"
    )
    parser.add_argument("--database", default=DB, help="the run's own database (made afresh)")
    parser.add_argument("--users", type=int, nargs="+", default=[50, 100])
    parser.add_argument("--seconds", type=int, default=120, help="steady state per phase")
    # Each user's login costs about half a second of CPU (Argon2id): at 4 a second the
    # logins alone took both cores, and the queue they left spilled into the steady state
    # (p99 about 3 s on every action at 100 users, 2026-12-06); at 1 a second they take
    # half a core, and the last login ends about when the statistics are reset.
    parser.add_argument("--spawn-rate", type=float, default=1.0, help="users started per second")
    parser.add_argument("--think", type=float, nargs=2, default=[2.0, 6.0], metavar=("MIN", "MAX"))
    parser.add_argument("--database-url", default="postgresql://root@127.0.0.1:5432")
    parser.add_argument("--fault", choices=("kill", "failover"),
                        help="strike during the last two-process phase")  # fmt: skip
    parser.add_argument("--fault-at", type=float, help="seconds into its steady state")
    parser.add_argument("--fault-window", type=float, default=30.0,
                        help="seconds after the fault counted apart")  # fmt: skip
    parser.add_argument("--no-restart", action="store_true",
                        help="kill: leave the killed process dead")  # fmt: skip
    parser.add_argument("--out", type=Path, help="write every figure here as JSON")
    args = parser.parse_args()
    if shutil.which("caddy") is None or not LOCUST.exists():
        raise SystemExit("needs Debian's caddy and locust (pip install -e '.[bench]')")
    if args.fault == "failover" and os.geteuid() != 0:
        raise SystemExit("--fault failover must run as root: it makes clusters (pg_createcluster)")
    if args.audit_entries is None and not 1 <= args.clients <= 5000:
        raise SystemExit("more than 5,000 clients needs the seeded template: add --audit-entries")
    clusters = None
    if args.fault == "failover":
        clusters = pg_cluster.Clusters("sealbook_load_primary", "sealbook_load_standby",
                                       free_port(), free_port())  # fmt: skip
    results: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="sealbook-load-") as tmp:
        work = Path(tmp)
        try:
            env, logins = practice(args, work, clusters)
            url = env["SEALBOOK_DATABASE_URL"]
            before = stored(url)
            results = run_phases(args, env, logins, work, clusters)
            after = stored(url)
            verify_env = {k: v for k, v in env.items() if k != "SEALBOOK_PASSPHRASE_FILE"}
            verify = subprocess.run([*SEALBOOK, "audit", "verify"], env=verify_env, cwd=REPO,
                                    capture_output=True, text=True)  # fmt: skip
            lost = nothing_lost(work, before, after)
        finally:
            if clusters is not None:
                clusters.drop()
            else:
                with psycopg_admin(args.database_url) as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{DB}" WITH (FORCE)')
    times = lost.pop("first_ack_after") or []
    faults = [r["fault"] for r in results if r["fault"]]
    if faults and "at" in faults[0]:
        later = [t for t in times if t > faults[0]["at"]]
        lost["first_ack_after_fault_s"] = round(later[0] - faults[0]["at"], 1) if later else None
    print(f"\nacknowledged writes: {lost['acknowledged']}; missing: notes "
          f"{lost['missing_notes']}, appointments {lost['missing_appointments']}, documents "
          f"{lost['documents_short']}")  # fmt: skip
    print(
        f"audit log: {lost['audit_entries']} entries, "
        f"{'no gap' if lost['audit_gap_free'] else 'GAP'}; sealbook audit verify: exit "
        f"{verify.returncode}: {verify.stdout.strip()[-160:] or verify.stderr.strip()[-160:]}"
    )
    checks = {
        "every acknowledged write stored": not (lost["missing_notes"] or lost[
            "missing_appointments"] or lost["documents_short"]),
        "audit log gap-free and verifies": lost["audit_gap_free"] and verify.returncode == 0,
    }  # fmt: skip
    if faults:
        print(f"first write acknowledged {lost.get('first_ack_after_fault_s')} s after the fault")
        if args.fault == "failover":
            resumed = lost.get("first_ack_after_fault_s")
            checks["writes resumed within 30 s"] = resumed is not None and resumed < 30
    for name, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
    if args.out:
        args.out.write_text(json.dumps({"args": vars(args) | {"out": str(args.out)},
                                        "phases": results, "checks": checks, "lost": lost},
                                       indent=1, default=str))  # fmt: skip
    return 0 if all(checks.values()) else 1


def run_phases(args: argparse.Namespace, env: dict[str, str], logins: Path, work: Path,
               clusters: pg_cluster.Clusters | None) -> list[dict[str, Any]]:  # fmt: skip
    processes: list[subprocess.Popen[bytes]] = []
    results = []
    try:
        layouts = {}
        for label, count in (("1", 1), ("2", 2)):
            port = free_port()
            servers = [serve(env, port, work / f"serve-{label}.log") for _ in range(count)]
            processes += [p for p, _ in servers]
            proxy, ca = caddy(work / f"caddy-{label}", port, " ".join(u for _, u in servers))
            processes.append(proxy)
            layouts[label] = (f"https://localhost:{port}", ca, servers, port)
        last = (args.users[-1], "2")
        for users in args.users:
            for label, (site, ca, servers, public_port) in layouts.items():
                strike = None
                if args.fault and (users, label) == last:
                    strike = fault_of(args, env, servers, public_port, work, processes, clusters)
                pids = [p.pid for p, _ in servers]
                result = phase(args, label, users, site, ca, pids, logins, work, strike)
                report(result)
                results.append(result)
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            process.wait(timeout=60)
    return results


def fault_of(args: argparse.Namespace, env: dict[str, str],
             servers: list[tuple[subprocess.Popen[bytes], str]], public_port: int, work: Path,
             processes: list[subprocess.Popen[bytes]],
             clusters: pg_cluster.Clusters | None) -> Any:  # fmt: skip
    """What `phase` calls at the fault's moment; returns what happened, with times."""

    def kill() -> dict[str, Any]:
        victim, upstream = servers[0]
        cpu = cpu_of([victim.pid])
        at = time.time()
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=30)
        seed.say(f"SIGKILL to app process {victim.pid} ({upstream})")
        done: dict[str, Any] = {"kind": "kill", "at": at, "killed_pid": victim.pid,
                                "killed_cpu": cpu}  # fmt: skip
        if not args.no_restart:
            # As systemd's Restart=always: the same unit, the same port.
            again, _ = serve(env, public_port, work / "serve-2-restarted.log",
                             port=int(upstream.rsplit(":", 1)[1]))  # fmt: skip
            processes.append(again)
            servers[0] = (again, upstream)
            done |= {"restarted_pid": again.pid, "restarted_after_s": round(time.time() - at, 1)}
            seed.say(f"started again as {again.pid}, answering {done['restarted_after_s']} s "
                     "after the kill")  # fmt: skip
        return done

    def failover() -> dict[str, Any]:
        assert clusters is not None
        at = time.time()
        clusters.crash_primary()
        down = time.time() - at
        seed.say("primary stopped (-m immediate)")
        time.sleep(2)
        clusters.promote_standby()
        seed.say("standby promoted")
        return {"kind": "failover", "at": at, "stop_took_s": round(down, 1),
                "promoted_after_s": round(time.time() - at, 1)}  # fmt: skip

    return kill if args.fault == "kill" else failover


if __name__ == "__main__":
    sys.exit(main())
