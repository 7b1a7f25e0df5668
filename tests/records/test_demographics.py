"""Editing a client's demographics (issue 17): who may is the policy's EDIT_DEMOGRAPHICS;
the old values are kept encrypted under the client's key, and the change is audited by
field name only."""

from __future__ import annotations

import pytest

from sealbook.access.policy import AccessDenied
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import read_detail
from sealbook.audit.models import AuditEntry
from sealbook.audit.verification import verify
from sealbook.records import actions
from sealbook.records.models import Client, DemographicsChange
from sealbook.records.search import search_clients
from tests.conftest import sign_in


def form(client_row, **changes):
    values = {name: getattr(client_row, name) or "" for name in actions.DEMOGRAPHIC_FIELDS}
    values["date_of_birth"] = client_row.date_of_birth.isoformat()
    values.update(changes)
    return values


def test_the_front_desk_edits_the_phone_and_the_old_one_is_kept_encrypted(client, cast):
    sign_in(client, cast.frankie)
    url = f"/clients/{cast.riley.pk}/demographics/"
    assert client.get(url).status_code == 200
    response = client.post(url, form(cast.riley, phone="555-0100-9999", city="Newtown"))
    assert response.status_code == 302
    riley = Client.objects.get(pk=cast.riley.pk)
    assert riley.phone == "555-0100-9999" and riley.city == "Newtown"
    change = DemographicsChange.objects.get()
    assert change.fields == ["city", "phone"]
    assert change.old_values == {"phone": "555-0100-2000", "city": "Fictionville"}
    raw = DemographicsChange.objects.filter(pk=change.pk).values_list("old_values", flat=True)
    assert b"555-0100-2000" not in bytes(raw.get())
    entry = AuditEntry.objects.get(event=AuditEvent.CLIENT_UPDATED)
    assert read_detail(entry) == {"fields": ["city", "phone"], "change": str(change.pk)}
    # The search index follows the new phone number.
    assert search_clients("555-0100-9999", Client.objects.all()) == [riley]
    page = client.get(url).content.decode()
    assert "555-0100-2000" in page and "Fictionville" in page  # the earlier values
    verify()


def test_nothing_changed_writes_nothing(client, cast):
    sign_in(client, cast.frankie)
    client.post(f"/clients/{cast.riley.pk}/demographics/", form(cast.riley))
    assert not DemographicsChange.objects.exists()
    assert not AuditEntry.objects.filter(event=AuditEvent.CLIENT_UPDATED).exists()


def test_a_legal_name_cannot_be_emptied(client, cast):
    sign_in(client, cast.casey)
    response = client.post(
        f"/clients/{cast.riley.pk}/demographics/", form(cast.riley, legal_last_name="")
    )
    assert response.status_code == 400
    assert Client.objects.get(pk=cast.riley.pk).legal_last_name == "Synthwood"


def test_who_may_edit_is_the_policy(client, cast):
    with pytest.raises(AccessDenied):
        actions.update_demographics(cast.quinn, cast.riley, {"phone": "1"})
    with pytest.raises(AccessDenied):
        actions.update_demographics(cast.avery, cast.riley, {"phone": "1"})
    chart = sign_in(client, cast.casey).get(f"/clients/{cast.riley.pk}/").content.decode()
    assert f"/clients/{cast.riley.pk}/demographics/" in chart
    assert (
        sign_in(client, cast.quinn).get(f"/clients/{cast.riley.pk}/demographics/").status_code
        == 404
    )
