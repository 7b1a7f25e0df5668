"""What runs after each entry is appended: the one point other apps watch the log from.

`record()` calls `appended(entry)` once per entry, after the entry's row is
written in its transaction (so a hook's own writes commit or roll back with the
entry). Apps above the audit log register here at start-up (the oversight
app's alert rules, `oversight.apps`); the audit log imports none of them.

A hook must be cheap (it runs on every append, the chart view's path among
them), must not raise (an exception is swallowed and logged, so a broken rule
never loses an entry), and may call `record()` itself: hooks do not run for
entries written while a hook runs, so a rule cannot trigger itself.

A hook that needs the database's answer may send its statement and return a
function that reads the answer and acts on it: `record()` calls it (`finish`)
once the append's own statements and the hooks' have been answered, still in
the append's transaction. On PostgreSQL they all travel in one round trip
(`log._one_round_trip`), so such a hook costs the server's time for its
statement and no wait of its own (bench/RESULTS.md, "The alert rules").
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

logger = logging.getLogger(__name__)

Finish = Callable[[], None]
Hook = Callable[[Any], Finish | None]
_hooks: list[Hook] = []
_running: ContextVar[bool] = ContextVar("audit_hook_running", default=False)


def register(hook: Hook) -> None:
    """Run `hook(entry)` after every appended entry (idempotent)."""
    if hook not in _hooks:
        _hooks.append(hook)


def unregister(hook: Hook) -> None:
    if hook in _hooks:
        _hooks.remove(hook)


def appended(entry: Any) -> list[Finish]:
    """Called by `record()` with each new AuditEntry, inside the append's transaction.

    Returns what the hooks left to do once their statements are answered (`finish`).
    """
    if not _hooks or _running.get():
        return []
    token = _running.set(True)
    left: list[Finish] = []
    try:
        for hook in _hooks:
            try:
                then = hook(entry)
            except Exception:
                logger.exception("an audit hook failed on entry %s", entry.seq)
            else:
                if then is not None:
                    left.append(then)
    finally:
        _running.reset(token)
    return left


def finish(left: list[Finish]) -> None:
    """Run what the hooks left to do (`appended`), as hooks: errors logged, no hooks inside."""
    if not left:
        return
    token = _running.set(True)
    try:
        for then in left:
            try:
                then()
            except Exception:
                logger.exception("an audit hook failed after its statement was answered")
    finally:
        _running.reset(token)
