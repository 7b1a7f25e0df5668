"""The owner's staff administration: accounts, roles, supervision, password resets.

A password someone else chose (at creation or reset) must be changed at the
next login. A reset cannot restore access to psychotherapy notes: the user's
key was wrapped by the old password, which nobody knows any more; only the
user's recovery code opens it again (the page says so before the reset).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from sealbook.access.models import Supervision
from sealbook.access.policy import RULES, Action, authorize
from sealbook.accounts.models import CLINICAL_ROLES, STAFF_ROLE_CHOICES, Role, User
from sealbook.audit.events import AuditEvent
from sealbook.audit.log import record
from sealbook.core.errors import SealbookError


class StaffError(SealbookError):
    pass


def least_privileged_role() -> str:
    """The role the policy grants the fewest actions: the safe default for a new account.

    Asked of the rules table rather than named, so that the default follows
    the policy if its rules change.
    """
    staff_roles = [role for role, _ in STAFF_ROLE_CHOICES]
    grants = {role: sum(role in rule.grants for rule in RULES.values()) for role in staff_roles}
    return min(staff_roles, key=lambda role: grants[role])


def temporary_password() -> str:
    return secrets.token_urlsafe(12)


def create_staff(actor: Any, *, email: str, display_name: str, role: str) -> tuple[User, str]:
    """Create an account with a temporary password (returned once, to hand over)."""
    authorize(actor, Action.MANAGE_STAFF)
    email = email.strip().lower()
    if role not in dict(STAFF_ROLE_CHOICES):
        raise StaffError("unknown role")
    if User.objects.filter(username=email).exists():
        raise StaffError("a staff account with that e-mail already exists")
    password = temporary_password()
    with transaction.atomic():
        user = User.objects.create_staff(email, password, role, display_name.strip())
        user.must_change_password = True
        user.save()
        record(AuditEvent.USER_CREATED, actor=actor, obj=user, detail={"role": role})
    return user, password


def reset_password(actor: Any, user: User) -> str:
    """A new temporary password; the psychotherapy-note key then needs the recovery code."""
    from sealbook.psychotherapy.models import ClinicianKey

    authorize(actor, Action.MANAGE_STAFF)
    password = temporary_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user.save()
        # The key stays wrapped by its recovery code; the copy under the old password
        # is useless now and is dropped so nothing pretends otherwise.
        ClinicianKey.objects.filter(user=user).update(password_wrapped=None)
        record(AuditEvent.PASSWORD_RESET, actor=actor, obj=user)
    return password


def change_role(actor: Any, user: User, role: str) -> None:
    authorize(actor, Action.MANAGE_STAFF)
    if role not in dict(STAFF_ROLE_CHOICES):
        raise StaffError("unknown role")
    if user.pk == getattr(actor, "pk", None):
        raise StaffError("ask another owner to change your own role")
    if user.role == role:
        raise StaffError(f"{user.display_name} already has that role")
    if not user.is_active:
        raise StaffError(f"{user.display_name} is deactivated")
    with transaction.atomic():
        old = user.role
        user.role = role
        user.save()
        record(AuditEvent.ROLE_CHANGED, actor=actor, obj=user, detail={"from": old, "to": role})


def active_supervisors() -> QuerySet[User]:
    return User.objects.filter(role=Role.SUPERVISOR, is_active=True)


def active_clinical_staff() -> QuerySet[User]:
    return User.objects.filter(role__in=CLINICAL_ROLES, is_active=True)


def supervisor_choices(users: list[User]) -> dict[int, list[User]]:
    """For each of `users` (their supervisors prefetched), who could supervise them.

    Only the supervisors `assign_supervisor` would accept: a clinician or trainee
    (or a supervisor) gains one who is not them and not already theirs.
    """
    supervisors = [u for u in users if u.role == Role.SUPERVISOR and u.is_active]
    choices: dict[int, list[User]] = {}
    for member in users:
        current = {s.supervisor_id for s in member.supervisors.all()}
        choices[member.pk] = (
            [s for s in supervisors if s.pk != member.pk and s.pk not in current]
            if member.role in CLINICAL_ROLES
            else []
        )
    return choices


def assign_supervisor(actor: Any, supervisee: User, supervisor: User) -> None:
    authorize(actor, Action.MANAGE_STAFF)
    if supervisor.role != Role.SUPERVISOR or supervisee.role not in CLINICAL_ROLES:
        raise StaffError("a supervisor supervises clinicians and trainees")
    if supervisor.pk == supervisee.pk:
        raise StaffError("nobody supervises themself")
    with transaction.atomic():
        _, created = Supervision.objects.get_or_create(supervisor=supervisor, supervisee=supervisee)
        if not created:
            raise StaffError(
                f"{supervisor.display_name} already supervises {supervisee.display_name}"
            )
        record(
            AuditEvent.SUPERVISION_STARTED,
            actor=actor,
            obj=supervisee,
            detail={"supervisor": supervisor.pk},
        )


def set_home_address(actor: Any, member: User, street: str, postal_code: str) -> bool:
    """Keep the blind index of `member`'s home address for the family alert, or clear it.

    Only the index value is stored (oversight.family compares it with clients'
    address tokens); the address typed here is forgotten when the request ends.
    Returns whether an address is now recorded.
    """
    from sealbook.core.crypto import blind_index as bidx
    from sealbook.vault import runtime

    authorize(actor, Action.MANAGE_STAFF)
    street, postal_code = street.strip(), postal_code.strip()
    if bool(street) != bool(postal_code):
        raise StaffError("give both the street and the postal code, or neither to clear it")
    normalised = bidx.normalise_address(street, postal_code)
    if (street or postal_code) and not normalised:
        raise StaffError("the street and the postal code need letters or digits")
    value = runtime.indexer().index(bidx.ADDRESS, normalised) if normalised else None
    with transaction.atomic():
        member.home_address_index = value
        member.save(update_fields=["home_address_index"])
        record(AuditEvent.STAFF_HOME_ADDRESS_SET, actor=actor, obj=member,
               detail={"set": value is not None})  # fmt: skip
    return value is not None
