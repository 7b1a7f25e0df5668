"""Starting and stopping django-q2's cluster (its worker processes) for Sealbook.

The cluster forks: a sentinel, which forks the workers, a queue pusher and a
result monitor. The process that starts it must already be unsealed, and
must close its database connections first, since a forked child must not
share the parent's socket to the database.

Every process the cluster forks is killed when the process that forked it
dies (Linux's parent-death signal), so a `sealbook serve` or `sealbook
worker` killed with SIGKILL leaves no job processes running on without it; a
run killed that way is a crash like any other and is taken again later.
"""

from __future__ import annotations

import ctypes
import os
import signal
from typing import Any

from django.db import connections

PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG) failed")


_registered = False


def start(*, own_signals: bool) -> Any:
    """Start the cluster and run one scheduler pass at once; returns the cluster.

    The library's sentinel runs the scheduler every 30 seconds; the pass here
    makes a just-started worker act on what is due without waiting for it.
    With `own_signals`, SIGTERM and SIGINT stop the cluster (`sealbook worker`);
    otherwise the caller's handlers stay (`sealbook serve`, which stops it itself).
    """
    from django_q.cluster import Cluster
    from django_q.scheduler import scheduler

    global _registered
    if not _registered:
        os.register_at_fork(after_in_child=_die_with_parent)
        _registered = True
    connections.close_all()
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    cluster = Cluster()
    if not own_signals:
        signal.signal(signal.SIGTERM, before[0])
        signal.signal(signal.SIGINT, before[1])
    cluster.start()
    scheduler()
    connections.close_all()
    return cluster


def run_until_stopped(cluster: Any) -> None:
    cluster.sentinel.join()


def stop(cluster: Any) -> None:
    cluster.stop()
