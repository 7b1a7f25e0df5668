"""django-q2's database broker, counting how many times each queued run is taken.

django-q2 bounds the runs of a job that raises (`Q_CLUSTER["max_attempts"]`:
the monitor counts each failure it is told of and drops the run after the
last). A run whose worker process dies instead (SIGKILL, the OOM killer,
`os._exit`, a crash in a C library) tells the monitor nothing: its queue row
stays, locked until `Q_CLUSTER["retry"]` seconds have passed, and is taken
again, for ever, killing a worker each time.

This broker counts every take in the queued package itself (one more key in
the signed payload, written by the same conditional UPDATE that takes the
row, so a count cannot be lost or counted twice). A run taken
`max_attempts` times that neither finished nor was dropped as failed is not
given to a worker again: the next take parks it (`sealbook.jobs.actions.park`):
kept as a failed task, logged, and an alert raised for the owner.
"""

from __future__ import annotations

from time import sleep
from typing import Any

from django.core.signing import BadSignature
from django.utils import timezone
from django_q.brokers.orm import ORM
from django_q.conf import Conf, logger
from django_q.signing import SignedPackage

# The key in the task package that counts its takes.
TAKES = "sealbook_takes"


class CountingORM(ORM):  # type: ignore[misc]  # django-q2 has no type hints
    def dequeue(self) -> list[tuple[Any, str]] | None:
        rows = self.get_connection().filter(key=self.list_key, lock__lt=timezone.now())[
            0 : Conf.BULK
        ]
        if not rows:
            sleep(Conf.POLL)  # an empty queue: spare the CPU, as the library does
            return None
        taken = []
        for row in rows:
            try:
                package = SignedPackage.loads(row.payload)
            except (TypeError, BadSignature):
                package = None  # the pusher logs it and drops it, as before
            if package is not None:
                takes = int(package.get(TAKES, 0)) + 1
                package[TAKES] = takes
                payload = SignedPackage.dumps(package)
            else:
                takes, payload = 0, row.payload
            took = (
                self.get_connection()
                .filter(id=row.id, lock=row.lock)
                .update(lock=self.timeout(row), payload=payload)
            )
            if not took:
                continue  # another worker was faster
            if package is not None and Conf.MAX_ATTEMPTS > 0 and takes > Conf.MAX_ATTEMPTS:
                from sealbook.jobs.actions import park

                park(package, runs=takes - 1, queue_row=row.id)
                logger.error("parked a job run that never finished in %d runs", takes - 1)
                continue
            taken.append((row.pk, payload))
        return taken
