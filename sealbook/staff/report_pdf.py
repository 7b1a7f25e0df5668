"""The report of what a staff member was responsible for, as a PDF to keep with the
termination paperwork (HIPAA 164.308(a)(3)(ii)(C)).

The same lines as the report page (`staff/_responsibilities.html`): a client is
named only where the owner may see their demographics, otherwise "a restricted
chart"; nothing clinical is in it.
"""

from __future__ import annotations

from django.utils import timezone

from sealbook.accounts.models import User
from sealbook.pdf.document import PdfDocument, local_time
from sealbook.staff.deactivation import Responsibilities
from sealbook.vault import runtime


def report_pdf(member: User, report: Responsibilities) -> bytes:
    practice = runtime.practice_name()
    state = "active" if member.is_active else "deactivated"
    doc = PdfDocument(
        f"Responsibilities of {member.display_name}",
        practice,
        running=f"{practice} · responsibilities of {member.display_name}",
        created=timezone.now(),
    )
    doc.field("Staff member", f"{member.display_name} ({member.get_role_display()}, {state})")
    doc.field("Login", member.username)
    doc.field("Printed", local_time(timezone.now()))
    doc.rule()
    doc.heading(f"Clients on their care team ({len(report.charts)})")
    for line in report.charts:
        who = line.client.display_name if line.named else "a restricted chart"
        clinician = (
            "an active clinician on the team"
            if line.has_clinician
            else ("NO active clinician on the team: name one")
        )
        doc.paragraph(f"{who}: {clinician}")
    if not report.charts:
        doc.paragraph("None.")
    doc.heading("Notes")
    doc.field(
        "Progress notes written", f"{report.progress_notes} ({report.unsigned_notes} not signed)"
    )
    doc.field("Sessions from today on", str(report.upcoming_sessions))
    p = report.psychotherapy
    doc.field(
        "Psychotherapy notes written",
        f"{p.authored}: {p.author_only} sealed to their key alone, {p.to_supervisor} escrowed "
        f"to a supervisor, {p.to_custodian} escrowed to the successor custodian",
    )
    doc.heading("Supervisees")
    doc.paragraph(", ".join(s.display_name for s in report.supervisees) or "None.")
    if report.is_custodian:
        doc.paragraph(f"{member.display_name} is the practice's successor custodian: name another.")
    return doc.output()
