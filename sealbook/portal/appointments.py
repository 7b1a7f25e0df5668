"""What the portal lists as the client's upcoming appointments.

For now the chart's sessions dated today or later; when the scheduling app
lands, this one function switches to its appointments.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sealbook.records.models import Client, Session


def upcoming(client: Client, today: datetime.date | None = None) -> list[Session]:
    today = today or timezone.localdate()
    rows = Session.objects.filter(client=client, date__gte=today).select_related("clinician")
    return list(rows.order_by("date", "start_time"))
