"""Deactivating a staff member who leaves (issue 17): sessions end at once, the password
and every second factor stop working, care-team memberships end, psychotherapy notes
stay sealed, and a report lists what they were responsible for."""

from __future__ import annotations

import io

import pytest
from django.test import Client as Browser
from pypdf import PdfReader

from sealbook.access.models import Supervision
from sealbook.accounts.models import User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.audit.verification import verify
from sealbook.core.crypto.user_keys.note_envelope import recipients_of
from sealbook.practice.custodian import name_custodian
from sealbook.psychotherapy.models import CUSTODIAN, PsychotherapyNote, recipient_id
from sealbook.records import actions
from sealbook.records.models import CareTeamChange, CareTeamMembership
from sealbook.staff import deactivation
from sealbook.staff.members import StaffError
from sealbook.staff.models import Passkey, TOTPDevice
from tests.conftest import PASSWORD, client_details, sign_in, sign_in_reauthenticated
from tests.psychotherapy.test_notes import SECRET_SENTENCE, enrol


@pytest.fixture
def owner(client, cast):
    return sign_in_reauthenticated(client, cast.owner)


def test_deactivation_ends_sessions_logins_factors_and_care_teams(owner, cast):
    casey_browser = sign_in(Browser(), cast.casey)
    assert casey_browser.get(f"/clients/{cast.riley.pk}/").status_code == 200
    Passkey.objects.create(user=cast.casey, name="key", credential_id=b"c1", public_key=b"p",
                           confirmed=True)  # fmt: skip
    # A restricted client whose only clinician is Casey: left without one.
    alone = actions.create_client(
        cast.casey, client_details(legal_last_name="Loneacre", restricted=True)
    )

    page = owner.get(f"/staff/{cast.casey.pk}/deactivate/")
    assert page.status_code == 200 and "Deactivate Casey Clinician?" in page.content.decode()
    response = owner.post(f"/staff/{cast.casey.pk}/deactivate/")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/staff/{cast.casey.pk}/report/"

    casey = User.objects.get(pk=cast.casey.pk)
    assert not casey.is_active
    # The open session is logged out at its next request.
    after = casey_browser.get(f"/clients/{cast.riley.pk}/")
    assert after.status_code == 302 and after.headers["Location"].startswith("/login/")
    # The password no longer logs in, and no second factor is left.
    login = Browser().post("/login/", {"email": casey.username, "password": PASSWORD})
    assert login.status_code == 401
    assert not TOTPDevice.objects.filter(user=casey, confirmed=True).exists()
    assert not Passkey.objects.filter(user=casey, confirmed=True).exists()
    # Care teams: none left, each end audited.
    assert not CareTeamMembership.objects.filter(user=casey).exists()
    assert CareTeamChange.objects.filter(member=casey, by_deactivation=True).count() == 2
    entry = AuditEntry.objects.filter(event=AuditEvent.USER_DEACTIVATED).get()
    detail = read_detail(entry)
    assert detail["sessions_ended"] == 1 and detail["care_teams_left"] == 2
    assert detail["charts_without_clinician"] == 1
    assert AuditEntry.objects.filter(event=AuditEvent.CARE_TEAM_MEMBER_REMOVED).count() == 2

    report = owner.get(f"/staff/{cast.casey.pk}/report/").content.decode()
    assert "Ri Synthwood" in report  # Morgan is still on Riley's team
    assert "a restricted chart" in report and alone.legal_last_name not in report
    assert "1 chart has no active clinician" in report
    assert f"/clients/{alone.pk}/care-team/" in report
    # The same report as a PDF to keep, with the same names and no more.
    response = owner.get(f"/staff/{cast.casey.pk}/report.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.content)).pages
    text = " ".join(" ".join(p.extract_text().split()) for p in pages)
    assert "Ri Synthwood" in text and "a restricted chart" in text
    assert alone.legal_last_name not in text and "NO active clinician" in text
    staff_page = owner.get("/staff/").content.decode()
    assert "deactivated" in staff_page
    verify()


def test_nobody_deactivates_themself_or_twice(owner, cast):
    cast.owner.sudo_active = True
    with pytest.raises(StaffError, match="your own account"):
        deactivation.deactivate(cast.owner, cast.owner)
    deactivation.deactivate(cast.owner, cast.quinn)
    with pytest.raises(StaffError, match="already deactivated"):
        deactivation.deactivate(cast.owner, User.objects.get(pk=cast.quinn.pk))


def test_only_the_owner_after_reauthentication_deactivates(client, cast):
    for user in (cast.casey, cast.frankie, cast.avery):
        response = sign_in(client, user).post(f"/staff/{cast.quinn.pk}/deactivate/")
        assert response.status_code == 404
    response = sign_in(client, cast.owner).post(f"/staff/{cast.quinn.pk}/deactivate/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/reauth")
    assert User.objects.get(pk=cast.quinn.pk).is_active


def test_psychotherapy_notes_stay_sealed_and_the_report_counts_their_escrows(client, cast):
    enrol(client, cast.casey)
    cast.owner.sudo_active = True
    name_custodian(cast.owner, cast.morgan)
    url = f"/clients/{cast.riley.pk}/psychotherapy-notes/"
    client.post(url, {"text": SECRET_SENTENCE, "to_custodian": "on"})
    client.post(url, {"text": SECRET_SENTENCE})
    Supervision.objects.create(supervisor=cast.casey, supervisee=cast.quinn)
    before = {n.pk: bytes(n.envelope) for n in PsychotherapyNote.objects.all()}

    deactivation.deactivate(cast.owner, cast.casey)

    after = {n.pk: bytes(n.envelope) for n in PsychotherapyNote.objects.all()}
    assert after == before  # untouched: still sealed to Casey's key and the chosen escrows
    assert sorted(len(recipients_of(e)) for e in after.values()) == [1, 2]
    assert any(CUSTODIAN in recipients_of(e) for e in after.values())
    assert all(recipient_id(cast.casey.pk) in recipients_of(e) for e in after.values())
    report = deactivation.responsibilities(cast.owner, User.objects.get(pk=cast.casey.pk))
    assert report.psychotherapy.authored == 2
    assert report.psychotherapy.author_only == 1 and report.psychotherapy.to_custodian == 1
    assert [s.pk for s in report.supervisees] == [cast.quinn.pk]
    assert report.is_custodian is False
