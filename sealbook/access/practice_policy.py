"""The practice policy: the one module that reads it, and how its page is built.

`access.models.PracticePolicy` is one row of settings the owner chooses
("strict internal guidelines, enforced by software"). Every piece of code that
obeys a setting reads it here, through a named function (`mfa_required()`,
`idle_logoff_minutes()`...); nothing else queries the row
(`tests/access/test_practice_policy.py` checks the source for it). Reading
never writes: with no row yet, the model's defaults apply.

The owner's page (`/practice/policy/`) is built from the model, so a field
added to `PracticePolicy` later appears on it without touching the page:

- every field with `editable=True` is on the page, except the primary key
  (a field managed by a page of its own, such as the custodian, is declared
  `editable=False`);
- a field's section is the `[Section]` its `help_text` starts with
  (`help_text="[Sign-in] Every staff account must ..."`); the rest of the help
  text is shown under the field; a field without one goes under "Other settings";
- each field's validators (`MinValueValidator`...) are the page's validation.

Every change goes through `staff.policy_page.change_policy`, audited
(`PRACTICE_POLICY_CHANGED`) with each changed field's old and new value. A
setting must change behaviour somewhere: the test module keeps a table from
each field to a test that shows it doing so.
"""

from __future__ import annotations

import contextlib
import datetime
import re
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from sealbook.access.minors_law import OUTPATIENT_SERVICES, law_of
from sealbook.access.models import PracticePolicy

OTHER_SECTION = "Other settings"
_SECTION = re.compile(r"^\[(?P<section>[^\]]+)\]\s*(?P<text>.*)$", re.S)


def current() -> PracticePolicy:
    """The policy row, or an unsaved row of the model's defaults when there is none yet.

    Within a web request (see `policy_memo`) the row is read once; read it, never change
    it: a change goes through `access.models.current_policy` and `save()`."""
    memo = _memo.get()
    if memo is None or not memo.enabled:
        return _read()
    if memo.row is None:
        memo.row = _read()
    return memo.row


def _read() -> PracticePolicy:
    found = PracticePolicy.objects.filter(pk=1).first()
    return found if found is not None else PracticePolicy(pk=1)


class PolicyMemo:
    """One web request's copy of the policy row.

    The middleware between sign-in, the idle logoff, the second-factor gate and the page
    itself asks for settings four to six times a request; each was a query of the whole
    row. A save or delete of the row during the request (`forget_policy`, a signal
    receiver) turns the memo off for the rest of it, so no setting is read older than
    the row, even if the transaction that changed it later rolls back."""

    def __init__(self) -> None:
        self.row: PracticePolicy | None = None
        self.enabled = True


# Set only while a web request runs (access.middleware); the CLI, jobs and code called
# outside a request always query.
_memo: ContextVar[PolicyMemo | None] = ContextVar("practice_policy_memo", default=None)


@contextlib.contextmanager
def policy_memo() -> Iterator[PolicyMemo]:
    """Read the policy row at most once until the block ends (one web request)."""
    memo = PolicyMemo()
    token = _memo.set(memo)
    try:
        yield memo
    finally:
        _memo.reset(token)


def forget_policy(**_: Any) -> None:
    """Signal receiver: the policy row was saved or deleted."""
    memo = _memo.get()
    if memo is not None:
        memo.row = None
        memo.enabled = False


# What the rest of Sealbook reads ------------------------------------------------


def mfa_required() -> bool:
    return current().mfa_required


def passkey_required_for_owner() -> bool:
    return current().passkey_required_for_owner


def passkey_required_for_key_operations() -> bool:
    return current().passkey_required_for_key_operations


def break_glass_minutes() -> int:
    return current().break_glass_minutes


def idle_logoff_minutes() -> int:
    """The idle logoff (HIPAA 164.312(a)(2)(iii)): the policy's, else the server's default
    (SEALBOOK_IDLE_LOGOFF_MINUTES)."""
    chosen = current().idle_logoff_minutes
    return int(chosen) if chosen else int(settings.SEALBOOK_IDLE_LOGOFF_MINUTES)


def login_failure_limit() -> int:
    """Wrong passwords before the lockout: the policy's, else the server's default."""
    chosen = current().login_failure_limit
    return int(chosen) if chosen else int(settings.SEALBOOK_LOGIN_FAILURE_LIMIT)


def axes_failure_limit(request: Any, credentials: Any) -> int:
    """AXES_FAILURE_LIMIT: django-axes asks at each failed login."""
    return login_failure_limit()


def lockout_minutes() -> int:
    return current().lockout_minutes


def axes_cool_off(request: Any = None) -> datetime.timedelta:
    """AXES_COOLOFF_TIME: how long django-axes keeps a login locked, and its failures."""
    return datetime.timedelta(minutes=lockout_minutes())


def retention_extra_years() -> int:
    return current().retention_extra_years


def password_min_length() -> int:
    return current().password_min_length


def reminder_lead_hours() -> str:
    return current().reminder_lead_hours


def reminder_practice_name() -> bool:
    return current().reminder_practice_name


def calendar_feed_detail() -> str:
    return current().calendar_feed_detail


def custodian_id() -> int | None:
    return current().custodian_id


def custodian_public_key() -> bytes | None:
    key = current().custodian_public_key
    return bytes(key) if key else None


@dataclass(frozen=True)
class MinorsRules:
    """The ages that decide a guardian's portal access, from the state's law and the policy."""

    age_of_majority: int
    # None: a minor consents to nothing alone.
    consent_age: int | None
    services: frozenset[str]


def minors_rules() -> MinorsRules:
    policy = current()
    law = law_of(policy.minors_jurisdiction)
    consent_age = policy.minor_consent_age or law.consent_age
    return MinorsRules(
        age_of_majority=policy.age_of_majority or law.age_of_majority,
        consent_age=consent_age,
        services=OUTPATIENT_SERVICES if consent_age is not None else frozenset(),
    )


def guardian_sees_appointments() -> bool:
    return current().guardian_sees_appointments


def guardian_signs_consents() -> bool:
    return current().guardian_signs_consents


class PolicyMinimumLengthValidator:
    """AUTH_PASSWORD_VALIDATORS entry: a password at least the policy's minimum length."""

    def validate(self, password: str, user: Any = None) -> None:
        minimum = password_min_length()
        if len(password) < minimum:
            raise ValidationError(
                f"This password is too short. It must contain at least {minimum} characters.",
                code="password_too_short",
            )

    def get_help_text(self) -> str:
        return f"Your password must contain at least {password_min_length()} characters."


# The owner's page ---------------------------------------------------------------


def editable_fields() -> list[models.Field[Any, Any]]:
    """The fields on the owner's page, in the model's order (see the module's docstring)."""
    return [
        f
        for f in PracticePolicy._meta.concrete_fields
        if f.editable and not f.primary_key and not f.auto_created
    ]


@dataclass(frozen=True)
class FieldText:
    section: str
    help: str


def field_text(field: models.Field[Any, Any]) -> FieldText:
    """A field's section and its help text without the `[Section]` prefix."""
    match = _SECTION.match(str(field.help_text or ""))
    if match is None:
        return FieldText(OTHER_SECTION, str(field.help_text or ""))
    return FieldText(match["section"].strip(), match["text"].strip())
