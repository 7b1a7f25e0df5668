"""`/health/`: what a load balancer asks before sending a process requests.

200 "ok" once this process is unsealed (a sealed process never gets here: the
sealed page is a 503) and its database connection answers and accepts writes
(after a PostgreSQL failover, a process still connected to the old primary,
now a standby, says 503 until it has reconnected). No login, no session, no
client data; nothing is written, so nothing is audited. Caddy's active health
checks poll it (deploy/Caddyfile, docs/scale.md).
"""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from sealbook.web import idle


def database_writable() -> bool:
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT pg_is_in_recovery()")
                return not cursor.fetchone()[0]
            cursor.execute("SELECT 1")
            return True
    except DatabaseError:
        connection.close()  # the next request reconnects (a multi-host URL finds the primary)
        return False


@idle.not_activity
@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    if not database_writable():
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
