"""The owner's practice-policy page: a form built from the model, and its one action.

The form has one field per editable field of `PracticePolicy`, grouped by the
`[Section]` its help text starts with (access/practice_policy.py describes the
convention), so settings added to the model later appear here by themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import fields_for_model

from sealbook.access import practice_policy
from sealbook.access.models import PracticePolicy, current_policy
from sealbook.access.policy import Action, authorize
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.staff.passkeys import PolicyRefused, has_passkey


def policy_form(data: Any = None) -> forms.Form:
    """The page's form: every editable policy field, filled with the current values."""
    fields = practice_policy.editable_fields()
    names = [f.name for f in fields]
    form_fields = fields_for_model(PracticePolicy, fields=names)
    for field in fields:
        form_fields[field.name].help_text = practice_policy.field_text(field).help
        form_fields[field.name].label = field.name.replace("_", " ").capitalize()
    form_class = type("PracticePolicyForm", (forms.Form,), dict(form_fields))
    current = practice_policy.current()
    initial = {name: getattr(current, name) for name in names}
    form: forms.Form = form_class(data, initial=initial)
    return form


@dataclass(frozen=True)
class Section:
    title: str
    fields: list[forms.BoundField]


def sections(form: forms.Form) -> list[Section]:
    """The form's fields by section, in the order the sections first appear."""
    grouped: dict[str, list[forms.BoundField]] = {}
    for field in practice_policy.editable_fields():
        title = practice_policy.field_text(field).section
        grouped.setdefault(title, []).append(form[field.name])
    return [Section(title, bound) for title, bound in grouped.items()]


def change_policy(actor: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Save the page's values (audited by `practice_policy.update`), refusing a passkey
    requirement that would lock the owner out."""
    authorize(actor, Action.MANAGE_PRACTICE)
    wants_passkey = values.get("passkey_required_for_owner") or values.get(
        "passkey_required_for_key_operations"
    )
    if wants_passkey and not has_passkey(actor):
        raise PolicyRefused("add a passkey to your own account first, so you are not locked out")
    return _update(actor, values)


class PolicyError(ValueError):
    """A change to the practice policy was refused (the message says why)."""


def _update(actor: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Save the owner's changes to the policy; audited with each field's old and new value.

    `values` holds cleaned values for the page's fields; fields left out keep
    theirs. Returns {field: [old, new]} for the fields that changed.
    """
    authorize(actor, Action.MANAGE_PRACTICE)
    names = {f.name: f for f in practice_policy.editable_fields()}
    unknown = set(values) - set(names)
    if unknown:
        raise PolicyError("those are not settings of the practice policy")
    with transaction.atomic():
        policy = current_policy()
        policy = PracticePolicy.objects.select_for_update().get(pk=policy.pk)
        changed: dict[str, list[Any]] = {}
        for name, value in values.items():
            old = getattr(policy, name)
            if old != value:
                changed[name] = [old, value]
                setattr(policy, name, value)
        try:
            policy.full_clean(exclude=["custodian", "custodian_public_key"])
        except ValidationError as exc:
            raise PolicyError("; ".join(exc.messages)) from None
        if changed:
            policy.save()
            record(
                AuditEvent.PRACTICE_POLICY_CHANGED,
                actor=actor,
                detail={"changed": changed},
            )
    return changed
