"""What the access policy adds to a chart view, measured side by side in one process.

    .venv/bin/python bench/policy_bench.py [--rounds 150] [--warmup 15]

One throwaway practice, one client built by chart_bench.build_chart (50 signed
SOAP notes, 5 amendments, through the real actions). Four people open its
chart (GET /clients/<uuid>/ with Django's test Client, both factors done):

- the clinician on its care team (basis "care-team");
- a supervisor of that clinician (basis "supervision");
- another clinician under an active break-glass grant (basis "break-glass",
  started through `start_break_glass` with a reason);
- the front desk (basis "role": demographics and sessions, no notes).

Each viewer's request runs in three variants per round, all in a new random
order each round:

- "policy": the real code;
- "unlogged": the real decisions, but `authorize` writes no ACCESS_GRANTED
  entry (the split between the queries and the audit append);
- "no policy": every `authorize` and `permits` the request reaches is replaced,
  in this process only, by a lookup of the same answers computed beforehand
  by the real `decide`, so the page shows exactly the same, but no care-team,
  supervision or break-glass query runs and no ACCESS_GRANTED entry is
  appended to the audit log. Everything else (the CHART_VIEWED entry, the
  decryption, the template) is the same code.

"policy" minus "no policy" is what the policy check costs a chart view. Within
a request the decisions share one set of relationship queries (the memo that
access.middleware sets up); the pieces are then timed alone, outside any
request and so without it: `decide` (the queries) and `authorize` (`decide`
plus its audit entry). Target: under 2 ms per chart view (issue 4), judged on
this thread's CPU time, which other processes on a shared machine disturb far
less than wall time (both are printed).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import random
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _foundation as fb
import chart_bench

TARGET_MS = 2.0
VARIANTS = ("policy", "unlogged", "no policy")
PATCHED = ("authorize", "permits")


def policy_functions() -> dict[str, Callable[..., Any]]:
    from sealbook.access import policy

    return {name: getattr(policy, name) for name in PATCHED}


@contextlib.contextmanager
def replaced(stand_ins: dict[str, Callable[..., Any]]) -> Iterator[None]:
    """Swap `authorize` and `permits` in every Sealbook module that imported them."""
    real = policy_functions()
    swapped: list[tuple[Any, str]] = []
    for module in list(sys.modules.values()):
        if not getattr(module, "__name__", "").startswith("sealbook"):
            continue
        for name in PATCHED:
            if getattr(module, name, None) is real[name]:
                setattr(module, name, stand_ins[name])
                swapped.append((module, name))
    try:
        yield
    finally:
        for module, name in swapped:
            setattr(module, name, real[name])


def without_policy(answers: dict[tuple[Any, str, Any], Any]) -> Any:
    """Stand-ins that give the real policy's answers for this benchmark, and do nothing else."""
    from sealbook.access.policy import AccessDenied

    def key(user: Any, action: Any, client: Any) -> tuple[Any, str, Any]:
        return (user.pk, str(action), client.pk if client is not None else None)

    def authorize(user: Any, action: Any, client: Any = None) -> Any:
        decision = answers[key(user, action, client)]
        if not decision.allowed:
            raise AccessDenied(action)
        return decision

    def permits(user: Any, action: Any, client: Any = None) -> bool:
        return bool(answers[key(user, action, client)].allowed)

    return replaced({"authorize": authorize, "permits": permits})


def unlogged() -> Any:
    """The real decisions, without the audit entry that `authorize` writes for each."""
    from sealbook.access.policy import AccessDenied, decide

    def authorize(user: Any, action: Any, client: Any = None) -> Any:
        decision = decide(user, action, client)
        if not decision.allowed:
            raise AccessDenied(action)
        return decision

    return replaced({"authorize": authorize, "permits": policy_functions()["permits"]})


def counting(calls: dict[str, list[tuple[Any, str, Any]]]) -> Any:
    """The real functions, noting each call's (user, action, client)."""
    real = policy_functions()

    def wrap(name: str) -> Callable[..., Any]:
        def counted(user: Any, action: Any, client: Any = None) -> Any:
            calls[name].append((user.pk, str(action), client.pk if client is not None else None))
            return real[name](user, action, client)

        return counted

    return replaced({name: wrap(name) for name in PATCHED})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=150, help="measured requests per variant")
    parser.add_argument("--warmup", type=int, default=15, help="unmeasured requests per variant")
    args = parser.parse_args()

    with fb.throwaway_practice("policy"):
        from django.contrib.auth.hashers import make_password
        from django.test import Client as WebClient

        from sealbook.access.models import Supervision
        from sealbook.access.policy import Action, authorize, decide
        from sealbook.audit.models import AuditHead
        from sealbook.records.breakglass import start_break_glass

        fb.heading("policy_bench: the access policy's cost per chart view")
        fb.say(f"machine: {fb.machine_line()}")
        fb.say(f"code: {fb.code_line()}; {fb.load_line()}")
        password = make_password("bench-staff-password-2026")
        casey = fb.make_staff("casey@bench.example.org", "clinician", "Casey Clinician", password)
        morgan = fb.make_staff(
            "morgan@bench.example.org", "clinician", "Morgan Colleague", password
        )
        sam = fb.make_staff("sam@bench.example.org", "supervisor", "Sam Supervisor", password)
        erin = fb.make_staff("erin@bench.example.org", "clinician", "Erin Oncall", password)
        frankie = fb.make_staff("frankie@bench.example.org", "frontdesk", "Frankie Desk", password)
        Supervision.objects.create(supervisor=sam, supervisee=casey)
        built, client = fb.timed(lambda: chart_bench.build_chart(casey, morgan, seed=2026))
        fb.say(f"built a chart of {chart_bench.NOTES} signed notes in {built:.1f} s")
        erin.sudo_active = True  # as after re-authentication, which break-glass needs
        start_break_glass(erin, client, "Bench: on-call clinician, client in crisis tonight.")

        viewers = {
            "care team": casey,
            "supervisor": sam,
            "break-glass": erin,
            "front desk": frankie,
        }
        webs = {label: fb.sign_in(WebClient(), user) for label, user in viewers.items()}
        url = f"/clients/{client.id}/"

        # Which decisions one chart view asks for, and what the real policy answers.
        calls: dict[str, list[tuple[Any, str, Any]]] = {name: [] for name in PATCHED}
        per_view: dict[str, tuple[int, int, int]] = {}
        for label, web in webs.items():
            before = {name: len(calls[name]) for name in PATCHED}
            size = AuditHead.objects.get(pk=1).size
            with counting(calls):
                response = web.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{label}: HTTP {response.status_code}")
            per_view[label] = (
                len(calls["authorize"]) - before["authorize"],
                len(calls["permits"]) - before["permits"],
                AuditHead.objects.get(pk=1).size - size,
            )
        answers: dict[tuple[Any, str, Any], Any] = {}
        for user_pk, action, client_pk in calls["authorize"] + calls["permits"]:
            user = next(u for u in viewers.values() if u.pk == user_pk)
            answers[(user_pk, action, client_pk)] = decide(user, Action(action), client)
        if not all(d.allowed for (_, a, _), d in answers.items() if a == "view-demographics"):
            raise SystemExit("a viewer may not open the chart")
        for label, (n_auth, n_permits, n_entries) in per_view.items():
            fb.say(
                f"{label:12} one chart view: {n_auth} authorize, {n_permits} permits, "
                f"{n_entries} audit entries"
            )

        sizes: dict[tuple[str, str], int] = {}

        def get(label: str, variant: str) -> tuple[float, float]:
            """One request: (wall seconds, this thread's CPU seconds)."""
            mode = (
                without_policy(answers)
                if variant == "no policy"
                else unlogged()
                if variant == "unlogged"
                else contextlib.nullcontext()
            )
            with mode:
                cpu_start = time.thread_time()
                start = time.perf_counter()
                response = webs[label].get(url)
                elapsed = time.perf_counter() - start
                cpu = time.thread_time() - cpu_start
            if response.status_code != 200:
                raise SystemExit(f"{label}, {variant}: HTTP {response.status_code}")
            sizes[(label, variant)] = len(response.content)
            return elapsed, cpu

        runs = [(label, variant) for label in viewers for variant in VARIANTS]
        for _ in range(args.warmup):
            for run in runs:
                get(*run)
        wall: dict[tuple[str, str], list[float]] = {run: [] for run in runs}
        cpu: dict[tuple[str, str], list[float]] = {run: [] for run in runs}
        rng = random.Random(4)
        gc.collect()
        for _ in range(args.rounds):
            order = runs[:]
            rng.shuffle(order)  # drift in the machine's load hits every variant alike
            for run in order:
                w, c = get(*run)
                wall[run].append(w)
                cpu[run].append(c)
        for label in viewers:
            if len({sizes[(label, variant)] for variant in VARIANTS}) != 1:
                raise SystemExit(f"{label}: the variants rendered different pages")

        fb.heading(f"results ({args.rounds} requests per variant after {args.warmup} warm-up, ms)")
        fb.say(fb.load_line())
        fb.say("wall and CPU (this thread) medians; 'added' = policy minus no policy, of which")
        fb.say("'decisions' = unlogged minus no policy (the queries) and 'audit' the rest")
        fb.say(
            f"{'viewer':12} {'policy':>8} {'unlogged':>8} {'none':>8} {'added':>8} | "
            f"{'CPU pol':>8} {'CPU none':>8} {'CPU add':>8} {'decisns':>8} {'audit':>8}"
        )
        added_cpu: dict[str, float] = {}
        added_wall: dict[str, float] = {}
        for label in viewers:
            w = {v: fb.summary_ms(wall[(label, v)])["median"] for v in VARIANTS}
            c = {v: fb.summary_ms(cpu[(label, v)])["median"] for v in VARIANTS}
            added_wall[label] = w["policy"] - w["no policy"]
            added_cpu[label] = c["policy"] - c["no policy"]
            fb.say(
                f"{label:12} {w['policy']:8.2f} {w['unlogged']:8.2f} {w['no policy']:8.2f} "
                f"{added_wall[label]:8.2f} | {c['policy']:8.2f} {c['no policy']:8.2f} "
                f"{added_cpu[label]:8.2f} {c['unlogged'] - c['no policy']:8.2f} "
                f"{c['policy'] - c['unlogged']:8.2f}"
            )

        fb.heading("the pieces alone (500 calls each; median ms per call, wall / CPU)")
        for label, user in viewers.items():
            action = Action.VIEW_DEMOGRAPHICS if label == "front desk" else Action.VIEW_CLINICAL
            pieces = {
                "decide": lambda user=user, action=action: decide(user, action, client),
                "authorize": lambda user=user, action=action: authorize(user, action, client),
            }
            line = []
            for name, fn in pieces.items():
                fn()
                wall_times, cpu_times = [], []
                for _ in range(500):
                    cpu_start = time.thread_time()
                    wall_times.append(fb.timed(fn)[0])
                    cpu_times.append(time.thread_time() - cpu_start)
                line.append(
                    f"{name} {fb.summary_ms(wall_times)['median']:.3f} / "
                    f"{fb.summary_ms(cpu_times)['median']:.3f}"
                )
            fb.say(f"{label:12} {action:18} " + "; ".join(line))

        worst = max(added_cpu.values())
        verdict = "PASS" if worst < TARGET_MS else "MISS"
        fb.say(
            f"\nlargest added cost per chart view: {worst:.2f} ms CPU, "
            f"{max(added_wall.values()):.2f} ms wall (median); "
            f"target < {TARGET_MS:.0f} ms on CPU time: {verdict}"
        )
        return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
