"""The audit log on screen: filters, keyset pages, reports, exports, links by policy."""

from __future__ import annotations

import csv
import io

from django.urls import reverse

from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.oversight import links, query
from sealbook.records import actions, care_team
from tests.conftest import client_details, sign_in


def test_the_auditor_filters_by_client_and_sees_no_chart_link(client, cast):
    other = actions.create_client(cast.casey, client_details(legal_first_name="Ash"))
    actions.view_chart(cast.casey, cast.riley)
    actions.view_chart(cast.casey, other)
    sign_in(client, cast.avery)
    page = client.get(reverse("audit-log"), {"client": str(cast.riley.pk)})
    assert page.status_code == 200
    text = page.content.decode()
    assert str(cast.riley.pk)[:8] in text
    assert f"client={other.pk}" not in text
    assert "Riley" not in text and "Synthwood" not in text  # no client name, ever
    assert 'class="chart-link"' not in text  # the auditor may not open a chart


def test_the_owner_gets_a_chart_link_where_the_policy_lets_them_open_it(client, cast):
    actions.view_chart(cast.casey, cast.riley)
    page = sign_in(client, cast.owner).get(reverse("audit-log"), {"client": str(cast.riley.pk)})
    assert reverse("chart", kwargs={"client_id": cast.riley.pk}) in page.content.decode()


def test_filters_by_staff_event_and_outcome(cast):
    actions.view_chart(cast.casey, cast.riley)
    entries = query.page(query.LogFilter(staff=cast.casey.pk, event=int(AuditEvent.CHART_VIEWED)))
    assert entries.rows and {r.actor_id for r in entries.rows} == {cast.casey.pk}
    assert {r.event for r in entries.rows} == {int(AuditEvent.CHART_VIEWED)}
    denied = query.page(query.LogFilter(outcome="denied"))
    assert all(r.outcome in ("denied", "failure") for r in denied.rows)


def test_keyset_pages_walk_the_whole_filter_once_newest_first(cast):
    for _ in range(7):
        actions.view_chart(cast.casey, cast.riley)
    wanted = list(
        AuditEntry.objects.filter(actor_id=cast.casey.pk)
        .order_by("-seq")
        .values_list("seq", flat=True)
    )
    seen, before = [], None
    while True:
        got = query.page(query.LogFilter(staff=cast.casey.pk), before, size=3)
        seen += [r.seq for r in got.rows]
        if got.older is None:
            break
        before = got.older
    assert seen == wanted


def test_a_date_range_keeps_the_entries_of_those_days(cast):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    assert query.page(query.LogFilter(since=today, until=today)).rows
    assert not query.page(query.LogFilter(since=today + datetime.timedelta(days=1))).rows
    assert not query.page(query.LogFilter(until=today - datetime.timedelta(days=1))).rows


def test_the_csv_export_is_formula_safe_and_audited(client, cast, password_hash):
    from tests.conftest import make_user

    sneaky = make_user("sneaky@practice.example.org", "clinician", "=HYPERLINK(1)", password_hash)
    actions.create_client(sneaky, client_details(legal_first_name="Bo"))
    sign_in(client, cast.avery)
    response = client.get(reverse("audit-log-csv"), {"staff": sneaky.pk})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "seq"
    assert any(row[3].startswith("'=HYPERLINK") for row in rows[1:])
    assert AuditEntry.objects.filter(
        event=AuditEvent.AUDIT_LOG_EXPORTED, actor_id=cast.avery.pk
    ).exists()


def test_the_pdf_export(client, cast):
    response = sign_in(client, cast.owner).get(reverse("audit-log-pdf"), {"staff": cast.casey.pk})
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_reports_per_client_and_per_staff(client, cast):
    actions.view_chart(cast.casey, cast.riley)
    sign_in(client, cast.avery)
    by_client = client.get(reverse("audit-report"), {"client": str(cast.riley.pk)})
    assert "Casey Clinician" in by_client.content.decode()
    by_staff = client.get(reverse("audit-report"), {"staff": cast.casey.pk}).content.decode()
    assert "Chart viewed" in by_staff
    assert 'id="report-clients">1<' in by_staff


def test_verify_from_the_screen_is_kept_and_shown(client, cast):
    sign_in(client, cast.avery)
    response = client.post(reverse("audit-log"))
    assert response.status_code == 302
    page = client.get(reverse("audit-log")).content.decode()
    assert "The audit log verifies:" in page


def test_bad_filters_are_a_400(client, cast):
    sign_in(client, cast.avery)
    assert client.get(reverse("audit-log"), {"client": "not-an-id"}).status_code == 400
    assert client.get(reverse("audit-log"), {"before": "x"}).status_code == 400
    assert client.get(reverse("audit-log-csv"), {"since": "nope"}).status_code == 400


def test_entries_link_to_what_they_name_only_for_a_viewer_who_may_open_it(client, cast):
    from sealbook.oversight.actions import raise_alert
    from sealbook.oversight.models import AlertKind
    from sealbook.staff import members

    note = actions.create_note(
        cast.casey, cast.riley, note_format="dap", sections={"data": "Synthetic."}
    )
    actions.view_note(cast.casey, note)
    cast.owner.sudo_active = True
    members.create_staff(cast.owner, email="new@practice.example.org", display_name="New Hire",
                         role="auditor")  # fmt: skip
    raise_alert(AlertKind.DENIED, staff_id=cast.casey.pk, client_id=None, seq=1)
    care_team.add_member(cast.owner, cast.riley, cast.quinn, "Synthetic cover.")

    owner_page = sign_in(client, cast.owner).get(reverse("audit-log")).content.decode()
    new_hire = User.objects.get(username="new@practice.example.org")
    assert reverse("staff-report", args=[new_hire.pk]) in owner_page
    assert f'href="{reverse("alerts")}" class="object-link"' in owner_page
    assert f'href="{reverse("care-team", args=[cast.riley.pk])}" class="object-link"' in owner_page
    # The owner may not read clinical content: no link to the note.
    assert reverse("note", args=[note.pk]) not in owner_page

    auditor_page = sign_in(client, cast.avery).get(reverse("audit-log")).content.decode()
    assert "object-link" not in auditor_page and "chart-link" not in auditor_page
    # The note's own clinician would get the link (the table and the policy agree).
    rows = query.page(query.LogFilter(staff=cast.casey.pk)).rows
    assert any(r.object_type == "records.progressnote" for r in rows)
    casey_links = links.object_links(cast.casey, rows).values()
    assert (reverse("note", args=[note.pk]), "note") in casey_links
