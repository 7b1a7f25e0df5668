"""The audit screen, alerts and breach response: parse, call one action, render."""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from sealbook.access.pages import problem
from sealbook.core.spreadsheet import CsvWriter
from sealbook.oversight import actions, exports, query, screen
from sealbook.oversight.forms import (
    AcknowledgeForm,
    AssessmentForm,
    IncidentForm,
    LogFilterForm,
    MailedForm,
)
from sealbook.oversight.models import AffectedClient, Incident


def _filter_form(request: HttpRequest) -> LogFilterForm:
    params = {k: v for k, v in request.GET.items() if k != "before"}
    return LogFilterForm(params or None)


@require_http_methods(["GET", "POST"])
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The audit log: integrity at the top, the filters, one page of entries newest first."""
    if request.method == "POST":
        actions.verify_audit_log(request.user)
        return redirect("audit-log")
    actions.open_audit_log(request.user)
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        context = {"form": form, "integrity": screen.integrity(), "entries": [], "query": ""}
        return render(request, "oversight/audit_log.html", context, status=400)
    log_filter = form.log_filter() if form.is_bound else query.LogFilter()
    before_text = request.GET.get("before", "")
    if before_text and not before_text.isdigit():
        return problem(request, "That page of the log does not exist.", 400)
    entries = query.page(log_filter, int(before_text) if before_text else None)
    kept = urlencode(log_filter.as_query())
    context = {
        "form": form,
        "integrity": screen.integrity(),
        "entries": screen.decorate(request.user, entries.rows),
        "older": entries.older,
        "query": kept,
        "filtered": not log_filter.is_empty(),
        "filter": log_filter,
    }
    return render(request, "oversight/audit_log.html", context)


def _valid_filter(request: HttpRequest) -> query.LogFilter | None:
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return None
    return form.log_filter() if form.is_bound else query.LogFilter()


@require_GET
@login_required
def audit_log_csv(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """Every entry the filter matches, as CSV that no spreadsheet evaluates as formulas."""
    log_filter = _valid_filter(request)
    if log_filter is None:
        return problem(request, "The filter is not valid; correct it on the audit log page.", 400)
    actions.export_audit_log(request.user, log_filter, "csv")
    names = screen.staff_names()

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = CsvWriter(buffer)
        writer.writerow(exports.CSV_HEADER)
        for row in query.export_rows(log_filter):
            writer.writerow(exports.csv_row(row, names))
            if buffer.tell() > 1 << 16:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue()

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


@require_GET
@login_required
def audit_log_pdf(request: HttpRequest) -> HttpResponse:
    log_filter = _valid_filter(request)
    if log_filter is None:
        return problem(request, "The filter is not valid; correct it on the audit log page.", 400)
    actions.export_audit_log(request.user, log_filter, "pdf")
    pdf = exports.log_pdf(log_filter, screen.staff_names())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="audit-log.pdf"'
    return response


@require_GET
@login_required
def audit_report(request: HttpRequest) -> HttpResponse:
    """The per-client access report or the per-staff activity report, for the filter's one."""
    actions.open_audit_log(request.user)
    form = _filter_form(request)
    if form.is_bound and not form.is_valid():
        return problem(request, "The filter is not valid; correct it on the audit log page.", 400)
    log_filter = form.log_filter() if form.is_bound else query.LogFilter()
    context: dict[str, object] = {"filter": log_filter, "query": urlencode(log_filter.as_query())}
    if log_filter.client is not None:
        context["lines"] = query.client_report(log_filter)
        context["names"] = screen.staff_names()
        context["kind"] = "by-client"
    elif log_filter.staff is not None:
        lines, clients = query.staff_report(log_filter)
        context.update(lines=lines, clients=clients, kind="by-staff")
        context["staff_name"] = screen.staff_names({log_filter.staff}).get(log_filter.staff, "")
    else:
        context["kind"] = ""
    return render(request, "oversight/report.html", context)


@require_GET
@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    found = actions.list_alerts(request.user)
    names = screen.staff_names({a.staff_id for a in found} | {a.acknowledged_by_id for a in found})
    return render(
        request,
        "oversight/alerts.html",
        {"alerts": found, "names": names, "form": AcknowledgeForm()},
    )


@require_POST
@login_required
def alert_acknowledge(request: HttpRequest) -> HttpResponse:
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        actions.list_alerts(request.user)  # refuses whoever may not review alerts
        return problem(request, "Acknowledging an alert needs a note.", 400)
    try:
        actions.acknowledge_alert(
            request.user, form.cleaned_data["alert"], form.cleaned_data["note"]
        )
    except actions.OversightError as exc:
        return problem(request, str(exc), 400)
    return redirect("alerts")


@require_http_methods(["GET", "POST"])
@login_required
def incidents(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = IncidentForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            details = actions.IncidentDetails(
                summary=data["summary"],
                discovered_at=data["discovered_at"],
                window_start=data["window_start"],
                window_end=data["window_end"],
                account_ids=[u.pk for u in data["accounts"]],
                backups=data["backups"],
            )
            try:
                incident = actions.open_incident(request.user, details)
            except actions.OversightError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("incident", incident_id=incident.pk)
        found = actions.list_incidents(request.user)
        return render(
            request, "oversight/incidents.html", {"form": form, "incidents": found}, status=400
        )
    found = actions.list_incidents(request.user)
    return render(request, "oversight/incidents.html", {"form": IncidentForm(), "incidents": found})


def _incident_page(
    request: HttpRequest, incident: Incident, form: AssessmentForm | None = None, status: int = 200
) -> HttpResponse:
    affected = list(AffectedClient.objects.filter(incident=incident).order_by("client_id"))
    context = {
        "incident": incident,
        "accounts": screen.staff_names(set(incident.accounts.values_list("pk", flat=True))),
        "affected": affected,
        "deadlines": actions.incident_deadlines(incident),
        "form": form or AssessmentForm(),
        "mailed_form": MailedForm(client_ids=tuple(str(a.client_id) for a in affected)),
    }
    return render(request, "oversight/incident.html", context, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def incident(request: HttpRequest, incident_id: uuid.UUID) -> HttpResponse:
    found = actions.get_incident(request.user, incident_id)
    if request.method == "GET":
        return _incident_page(request, found)
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        return _incident_page(request, found, form, 400)
    data = form.cleaned_data
    assessment = actions.Assessment(
        data["nature"], data["recipient"], data["acquired"], data["mitigation"], data["conclusion"]
    )
    try:
        actions.assess_incident(request.user, found, assessment)
    except actions.OversightError as exc:
        form.add_error(None, str(exc))
        return _incident_page(request, found, form, 400)
    return redirect("incident", incident_id=found.pk)


@require_GET
@login_required
def incident_letter(
    request: HttpRequest, incident_id: uuid.UUID, client_id: uuid.UUID
) -> HttpResponse:
    found = actions.get_incident(request.user, incident_id)
    try:
        pdf = actions.incident_letter(request.user, found, client_id)
    except actions.OversightError as exc:
        return problem(request, str(exc), 400)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="breach-notice.pdf"'
    return response


@require_POST
@login_required
def incident_mailed(request: HttpRequest, incident_id: uuid.UUID) -> HttpResponse:
    found = actions.get_incident(request.user, incident_id)
    ids = AffectedClient.objects.filter(incident=found).values_list("client_id", flat=True)
    form = MailedForm(request.POST, client_ids=tuple(str(a) for a in ids))
    if not form.is_valid():
        return problem(request, "Choose the clients whose letters were mailed.", 400)
    try:
        actions.record_mailing(
            request.user, found, [uuid.UUID(c) for c in form.cleaned_data["clients"]]
        )
    except actions.OversightError as exc:
        return problem(request, str(exc), 400)
    return redirect(reverse("incident", kwargs={"incident_id": found.pk}))
