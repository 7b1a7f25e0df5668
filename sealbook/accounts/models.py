"""Staff accounts: one unique login per person (HIPAA 164.312(a)(2)(i))."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class Role(models.TextChoices):
    OWNER = "owner", "Owner / administrator"
    CLINICIAN = "clinician", "Clinician"
    SUPERVISOR = "supervisor", "Supervisor"
    TRAINEE = "trainee", "Trainee"
    FRONT_DESK = "frontdesk", "Front desk / billing"
    AUDITOR = "auditor", "Auditor"
    # Portal accounts (sealbook/portal): a client, or a minor client's guardian.
    # They are never staff: no rule of the access policy names them, and the
    # portal's boundary middleware answers 404 to them outside the portal.
    CLIENT = "client", "Client (portal)"
    GUARDIAN = "guardian", "Guardian (portal)"


# The one definition of "clinical": the policy's rules, the staff pages, care teams
# and sessions all use it.
CLINICAL_ROLES = frozenset({Role.CLINICIAN, Role.SUPERVISOR, Role.TRAINEE})
# The roles of portal accounts: the one definition of "not staff".
PORTAL_ROLES = frozenset({Role.CLIENT, Role.GUARDIAN})
# The roles the owner may give a staff member.
STAFF_ROLE_CHOICES = [(value, label) for value, label in Role.choices if value not in PORTAL_ROLES]


class StaffManager(UserManager["User"]):
    def create_staff(self, email: str, password: str, role: str, display_name: str) -> User:
        user = self.model(
            username=email.lower(), email=email.lower(), role=role, display_name=display_name
        )
        user.set_password(password)
        user.save()
        return user

    def staff(self) -> models.QuerySet[User]:
        """Staff accounts only: never a portal account (a client or a guardian)."""
        return self.exclude(role__in=PORTAL_ROLES)


class User(AbstractUser):
    """A member of the practice's staff. The username is the e-mail address.

    Staff names are not client data and are stored in the clear; nothing about
    clients ever lives on this model.
    """

    role = models.CharField(max_length=16, choices=Role.choices)
    display_name = models.CharField(max_length=120)
    must_change_password = models.BooleanField(
        default=False, help_text="Set when someone else chose the password (creation, reset)."
    )
    # Only the blind-index value of the staff member's home street and postal code
    # (core.crypto.blind_index.normalise_address), never the address: the family rule
    # of the access alerts compares it with clients' address tokens (oversight.family).
    home_address_index = models.PositiveIntegerField(null=True, blank=True)

    objects: ClassVar[StaffManager] = StaffManager()

    @property
    def is_portal_account(self) -> bool:
        return self.role in PORTAL_ROLES

    @property
    def is_clinical(self) -> bool:
        return self.role in CLINICAL_ROLES

    def __str__(self) -> str:
        return self.display_name or self.username
