"""The load test: Caddy -> 1 or 2 `sealbook serve` processes -> PostgreSQL, locust playing staff.

    .venv/bin/pip install -e ".[bench]"      # locust, pinned
    .venv/bin/python bench/load/run_load.py [--clients 60] [--users 50 100] [--seconds 120]
        [--think 2 6] [--database-url postgresql://root@127.0.0.1:5432] [--out FILE.json]

One practice (`sealbook demo --no-serve --clients N`, a fresh PostgreSQL
database `sealbook_bench_load`) is served by three `sealbook serve
--no-jobs` processes: one alone behind one Caddy (deploy/Caddyfile, TLS with
Caddy's local CA), two behind a second Caddy. For each number of users the
one-process and the two-process layouts are measured in turn (1 then 2 at 50
users, 1 then 2 at 100), so other load on the machine falls on both.

Each phase is one `locust --headless` process (bench/load/locustfile.py):
users are spawned (each logs in: Argon2id, timed apart), the statistics are
reset once all are running, and the steady state runs `--seconds`. Printed
per action: requests, failures, p50/p95/p99 (ms); the phase's throughput;
the CPU seconds of the load generator (its own process) and of the serving
processes, beside the wall time; the whole machine's busy share (PostgreSQL
opens a backend per connection, so its CPU is counted there); and the load
average before and after, since everything shares this machine's cores.
Afterwards `sealbook audit verify` must pass.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
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
LOCUSTFILE = Path(__file__).resolve().parent / "locustfile.py"
CADDYFILE = REPO / "deploy" / "Caddyfile"
SEALBOOK = [sys.executable, "-m", "sealbook"]
LOCUST = Path(sys.executable).parent / "locust"
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


def serve(env: dict[str, str], public_port: int, log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
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
          servers: list[int], logins: Path, work: Path) -> dict[str, Any]:  # fmt: skip
    prefix = work / f"{label}-{users}"
    login_times = work / f"{label}-{users}-logins.txt"
    env = os.environ | {
        "LOAD_LOGINS": str(logins), "LOAD_CA_FILE": str(ca), "LOAD_LOGIN_TIMES": str(login_times),
        "LOAD_THINK_MIN": str(args.think[0]), "LOAD_THINK_MAX": str(args.think[1]),
    }  # fmt: skip
    spawn_seconds = users / args.spawn_rate
    load_before = os.getloadavg()
    cpu0, machine0 = cpu_of(servers), machine_busy()
    wall0 = time.monotonic()
    locust = subprocess.Popen(
        [str(LOCUST), "-f", str(LOCUSTFILE), "--headless", "-u", str(users),
         "-r", str(args.spawn_rate), "-t", f"{int(spawn_seconds + args.seconds)}s",
         "-H", url, "--reset-stats", "--csv", str(prefix), "--only-summary",
         "--stop-timeout", "10"],
        env=env, cwd=work, stdout=subprocess.DEVNULL,
        stderr=(work / f"{label}-{users}.log").open("w"),
    )  # fmt: skip
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
        "server_cpu_s": round(cpu_of(servers) - cpu0, 1),
        # Everything on the machine (PostgreSQL's per-connection backends, Caddy, the
        # other work sharing it): busy share of all cores over the phase.
        "machine_busy": round((machine1[0] - machine0[0]) / (machine1[1] - machine0[1]), 2),
        "login_s": {"n": len(logins_s), "p50": q(logins_s, 0.5), "p95": q(logins_s, 0.95)},
        "failures": why,
        "actions": {
            r["Name"]: {
                "n": int(r["Request Count"]), "failures": int(r["Failure Count"]),
                "p50": r["50%"], "p95": r["95%"], "p99": r["99%"], "rps": r["Requests/s"],
            }
            for r in rows
        },
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=60)
    parser.add_argument("--users", type=int, nargs="+", default=[50, 100])
    parser.add_argument("--seconds", type=int, default=120, help="steady state per phase")
    parser.add_argument("--spawn-rate", type=float, default=4.0, help="users started per second")
    parser.add_argument("--think", type=float, nargs=2, default=[2.0, 6.0], metavar=("MIN", "MAX"))
    parser.add_argument("--database-url", default="postgresql://root@127.0.0.1:5432")
    parser.add_argument("--out", type=Path, help="write every figure here as JSON")
    args = parser.parse_args()
    if shutil.which("caddy") is None or not LOCUST.exists():
        raise SystemExit("needs Debian's caddy and locust (pip install -e '.[bench]')")
    with tempfile.TemporaryDirectory(prefix="sealbook-load-") as tmp:
        work = Path(tmp)
        env, logins = prepare(work / "home", args.database_url, args.clients)
        processes: list[subprocess.Popen[bytes]] = []
        try:
            layouts = {}
            for label, count in (("1", 1), ("2", 2)):
                port = free_port()
                servers = [serve(env, port, work / f"serve-{label}.log") for _ in range(count)]
                processes += [p for p, _ in servers]
                proxy, ca = caddy(work / f"caddy-{label}", port, " ".join(u for _, u in servers))
                processes.append(proxy)
                layouts[label] = (f"https://localhost:{port}", ca, [p.pid for p, _ in servers])
            results = []
            for users in args.users:
                for label, (url, ca, pids) in layouts.items():
                    result = phase(args, label, users, url, ca, pids, logins, work)
                    report(result)
                    results.append(result)
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=60)
        verify = subprocess.run([*SEALBOOK, "audit", "verify"], env=env, cwd=REPO,
                                capture_output=True, text=True)  # fmt: skip
        print(f"\nsealbook audit verify: exit {verify.returncode}: {verify.stdout.strip()[-200:]}")
        if args.out:
            args.out.write_text(json.dumps({"args": vars(args) | {"out": str(args.out)},
                                            "phases": results}, indent=1, default=str))  # fmt: skip
        return 0 if verify.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
