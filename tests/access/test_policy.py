"""Need-to-know: the role table of the policy, and the restricted flag (CA AB 352)."""

from __future__ import annotations

import pytest

from sealbook.access.policy import AccessDenied, Action, authorize, visible_clients
from sealbook.audit.events import AuditEvent
from sealbook.audit.models import AuditEntry
from sealbook.records.actions import create_client
from sealbook.records.models import Client
from tests.conftest import client_details

ALLOW, DENY = True, False

# (person, action, outcome) on Riley, whose care team is Casey and Morgan.
TABLE = [
    ("casey", Action.VIEW_CLINICAL, ALLOW),
    ("casey", Action.WRITE_NOTE, ALLOW),
    ("morgan", Action.VIEW_CLINICAL, ALLOW),
    ("quinn", Action.VIEW_CLINICAL, DENY),
    ("quinn", Action.VIEW_DEMOGRAPHICS, DENY),
    ("frankie", Action.VIEW_DEMOGRAPHICS, ALLOW),
    ("frankie", Action.SCHEDULE_SESSION, ALLOW),
    ("frankie", Action.VIEW_CLINICAL, DENY),
    ("frankie", Action.WRITE_NOTE, DENY),
    ("owner", Action.VIEW_DEMOGRAPHICS, ALLOW),
    ("owner", Action.VIEW_CLINICAL, DENY),
    ("avery", Action.VIEW_DEMOGRAPHICS, DENY),
    ("avery", Action.VIEW_CLINICAL, DENY),
]


@pytest.mark.parametrize(("who", "action", "allowed"), TABLE)
def test_the_role_table(cast, who, action, allowed):
    user = getattr(cast, who)
    if allowed:
        authorize(user, action, cast.riley)
    else:
        with pytest.raises(AccessDenied):
            authorize(user, action, cast.riley)


@pytest.mark.parametrize("who", ["owner", "frankie", "quinn"])
def test_a_restricted_chart_is_closed_to_everyone_off_the_care_team(cast, who):
    secret = create_client(cast.casey, client_details(legal_first_name="Rae", restricted=True))
    with pytest.raises(AccessDenied):
        authorize(getattr(cast, who), Action.VIEW_DEMOGRAPHICS, secret)
    assert secret.pk not in {
        c.pk for c in visible_clients(getattr(cast, who), Client.objects.all())
    }
    authorize(cast.casey, Action.VIEW_CLINICAL, secret)


def test_every_denial_is_audited_without_identifying_text(cast):
    with pytest.raises(AccessDenied):
        authorize(cast.quinn, Action.VIEW_CLINICAL, cast.riley)
    entry = AuditEntry.objects.filter(event=AuditEvent.ACCESS_DENIED).latest("seq")
    assert (entry.actor_id, entry.client_id, entry.outcome) == (
        cast.quinn.pk,
        cast.riley.pk,
        "denied",
    )
    assert b"Riley" not in bytes(entry.detail)


def test_the_auditor_sees_no_clients_in_a_list(cast):
    assert not visible_clients(cast.avery, Client.objects.all()).exists()
