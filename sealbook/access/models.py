"""What access decisions read besides the care team: supervision, break-glass grants,
notices to the owner, and the practice's own policy row."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from sealbook.access.minors_law import CHOICES as MINORS_JURISDICTIONS
from sealbook.core.crypto.aead import DataKey
from sealbook.vault import runtime
from sealbook.vault.fields import EncryptedField


class Supervision(models.Model):
    """A supervisor reads the charts of their supervisees' clients (training clinics)."""

    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisees"
    )
    supervisee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="supervisors"
    )
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["supervisor", "supervisee"], name="one_supervision")
        ]


class BreakGlassGrant(models.Model):
    """Emergency access to one chart by a clinician off its care team (HIPAA 164.312(a)(2)(ii)).

    The reason is free text about a client, so it is encrypted under the
    client's key; the grant expires on its own and every use is flagged.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    client = models.ForeignKey("records.Client", on_delete=models.PROTECT)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    reason = EncryptedField()
    granted_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()

    def data_key(self, version: int | None = None) -> DataKey:
        return runtime.client_key(self.client_id, version)

    @property
    def is_active(self) -> bool:
        return self.expires_at > timezone.now()


class NotificationKind(models.TextChoices):
    BREAK_GLASS = "break-glass", "Emergency (break-glass) access to a chart"
    CUSTODIAN_TAKEOVER = "custodian-takeover", "The successor custodian took over the records"


class Notification(models.Model):
    """An in-app notice to a staff member (the owner hears of every break-glass)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    kind = models.CharField(max_length=32)
    client_id = models.UUIDField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def label(self) -> str:
        """What the notice is about, in words; never the stored code."""
        if self.kind in NotificationKind.values:
            return str(NotificationKind(self.kind).label)
        # A kind written by a later release, read after a downgrade.
        return "A notice from Sealbook"


DEFAULT_CRISIS_TEXT = (
    "Messages are not monitored for emergencies and may not be read for a day or more. "
    "If you are in crisis or thinking of harming yourself, call or text 988 (the Suicide and "
    "Crisis Lifeline), call 911, or go to the nearest emergency room."
)


class PracticePolicy(models.Model):
    """One row: what this practice requires of its staff and its software."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    # Each editable field appears on the owner's policy page, in the section its
    # help text starts with (see access/practice_policy.py for the convention).
    mfa_required = models.BooleanField(
        default=True,
        help_text="[Sign-in] Every staff account must use a second factor (an authenticator "
        "app or a passkey).",
    )
    passkey_required_for_owner = models.BooleanField(
        default=False,
        help_text="[Sign-in] The owner must prove the second factor with a passkey (WebAuthn), "
        "not a code.",
    )
    passkey_required_for_key_operations = models.BooleanField(
        default=False,
        help_text="[Sign-in] Re-authentication before key operations (export, break-glass, "
        "staff and practice changes) must be done with a passkey.",
    )
    break_glass_minutes = models.PositiveSmallIntegerField(
        default=60,
        validators=[MinValueValidator(5), MaxValueValidator(24 * 60)],
        help_text="[Emergency access] How long emergency (break-glass) access to a chart lasts, "
        "in minutes.",
    )
    idle_logoff_minutes = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text="[Sessions] Minutes without activity before a session is logged off "
        "(HIPAA 164.312(a)(2)(iii)); blank: the server's default.",
    )
    login_failure_limit = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(3), MaxValueValidator(20)],
        help_text="[Lockout] Wrong passwords for one login from one address that lock the pair "
        "out; blank: the server's default (SEALBOOK_LOGIN_FAILURE_LIMIT).",
    )
    lockout_minutes = models.PositiveSmallIntegerField(
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(1440)],
        help_text="[Lockout] How long, in minutes, a locked-out login stays locked "
        "(HIPAA 164.308(a)(5)(ii)(C), log-in monitoring); its wrong passwords are forgotten then.",
    )
    retention_extra_years = models.PositiveSmallIntegerField(
        default=0,
        validators=[MaxValueValidator(30)],
        help_text="[Retention] Years to keep records beyond the minimum of the practice's "
        "retention rule (SEALBOOK_RETENTION_RULE) before they may be destroyed; never shorter.",
    )
    password_min_length = models.PositiveSmallIntegerField(
        default=12,
        validators=[MinValueValidator(8), MaxValueValidator(128)],
        help_text="[Passwords] The fewest characters a staff password may have.",
    )
    reminder_lead_hours = models.CharField(
        max_length=40,
        default="24",
        help_text="[Reminders] When clients get an e-mail reminder, in hours before the "
        "appointment, "
        "separated by commas (for example 48, 2); empty for none.",
    )
    reminder_practice_name = models.BooleanField(
        default=False,
        help_text="[Reminders] Reminders name the practice as their sender (otherwise they name "
        "nobody).",
    )
    calendar_feed_detail = models.CharField(
        max_length=12,
        choices=[("appointment", "Appointment"), ("initials", "The clients' initials")],
        default="appointment",
        help_text="[Calendar] What a clinician's calendar feed (ICS) shows for each appointment.",
    )
    # Named on a page of its own, which also makes the custodian's kit.
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text="The colleague who takes over the records if the practice cannot go on.",
    )
    custodian_public_key = models.BinaryField(null=True, blank=True)
    # Alerts for inappropriate access (oversight.rules): each rule reads its thresholds here.
    alert_chart_views = models.PositiveSmallIntegerField(
        default=20,
        help_text="[Access alerts] Alert when one staff member opens this many charts within the "
        "window.",
    )
    alert_chart_views_minutes = models.PositiveSmallIntegerField(
        default=5, help_text="[Access alerts] The window, in minutes, for the many-charts alert."
    )
    alert_hours_start = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="[Access alerts] Usual hours start (0-23, practice time); a chart opened "
        "outside the usual "
        "hours raises an alert. Empty: no usual hours, no alert.",
    )
    alert_hours_end = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="[Access alerts] Usual hours end (1-24, practice time)."
    )
    alert_break_glass = models.PositiveSmallIntegerField(
        default=3,
        help_text="[Access alerts] Alert when one staff member uses emergency (break-glass) "
        "access more than "
        "this many times within the break-glass alert window.",
    )
    alert_break_glass_days = models.PositiveSmallIntegerField(
        default=30, help_text="[Access alerts] The window, in days, for the break-glass alert."
    )
    alert_denied = models.PositiveSmallIntegerField(
        default=5,
        help_text="[Access alerts] Alert when one staff member is refused this many times in 10 "
        "minutes.",
    )
    alert_exports_per_day = models.PositiveSmallIntegerField(
        default=10,
        help_text="[Access alerts] Alert when one staff member makes more than this many exports "
        "and "
        "disclosures in 24 hours.",
    )
    alert_restricted_chart = models.BooleanField(
        default=True, help_text="[Access alerts] Alert whenever a restricted chart is opened."
    )
    alert_family_snooping = models.BooleanField(
        default=True,
        help_text="[Access alerts] Alert when a staff member opens the chart of a client who "
        "shares their surname, or their home address when the staff page has one (matched "
        "through the blind index, never in plaintext).",
    )
    # The client portal (sealbook/portal).
    portal_sender_name = models.CharField(
        max_length=80,
        blank=True,
        help_text="[Client portal] The sender's name on e-mails to clients (empty: the "
        "address alone). Choose one that says nothing about therapy.",
    )
    portal_crisis_text = models.TextField(
        default=DEFAULT_CRISIS_TEXT,
        help_text="[Client portal] Shown on every portal message page: messages are not for "
        "emergencies.",
    )
    portal_history_shows_names = models.BooleanField(
        default=True,
        help_text='[Client portal] "Who has seen my record" names the staff member, not only '
        "their role.",
    )
    portal_history_shows_psychotherapy_access = models.BooleanField(
        default=False,
        help_text='[Client portal] "Who has seen my record" says that psychotherapy notes were '
        "opened (never what they say).",
    )
    # Minors and guardians in the portal (sealbook/portal/guardians.py, portal/majority.py).
    minors_jurisdiction = models.CharField(
        max_length=8,
        blank=True,
        default="",
        choices=MINORS_JURISDICTIONS,
        help_text="[Minors and guardians] The state whose law sets the age of majority and the "
        "age from which a minor may consent alone to outpatient therapy (docs/portal.md shows "
        "the table and its sources); empty: 18, and a minor consents to nothing alone.",
    )
    age_of_majority = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(16), MaxValueValidator(21)],
        help_text="[Minors and guardians] The age at which a guardian's portal access ends; "
        "blank: the state's.",
    )
    minor_consent_age = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(10), MaxValueValidator(20)],
        help_text="[Minors and guardians] The age from which a minor may consent alone to "
        "intake, individual and group therapy, which their guardian then does not see; blank: "
        "the state's.",
    )
    guardian_sees_appointments = models.BooleanField(
        default=True,
        help_text="[Minors and guardians] A guardian's portal account lists the minor's "
        "appointments (never those of a service the minor consented to alone).",
    )
    guardian_signs_consents = models.BooleanField(
        default=True,
        help_text="[Minors and guardians] Consent documents sent for signature go to the "
        "guardians' portal accounts too.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        # The row was made by the `practice` app before it moved here with the rules it feeds.
        db_table = "practice_practicepolicy"


def current_policy() -> PracticePolicy:
    policy, _ = PracticePolicy.objects.get_or_create(pk=1)
    return policy
