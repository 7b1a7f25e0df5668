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


# The one definition of "clinical": the policy's rules, the staff pages, care teams
# and sessions all use it.
CLINICAL_ROLES = frozenset({Role.CLINICIAN, Role.SUPERVISOR, Role.TRAINEE})


class StaffManager(UserManager["User"]):
    def create_staff(self, email: str, password: str, role: str, display_name: str) -> User:
        user = self.model(
            username=email.lower(), email=email.lower(), role=role, display_name=display_name
        )
        user.set_password(password)
        user.save()
        return user


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

    objects: ClassVar[StaffManager] = StaffManager()

    @property
    def is_clinical(self) -> bool:
        return self.role in CLINICAL_ROLES

    def __str__(self) -> str:
        return self.display_name or self.username
