"""`sealbook check`: the deployment checked against HIPAA 164.312 technical safeguards.

Each check returns a `Finding`; the command prints them all and fails if any
failed. Checks that need the practice unsealed say "skipped" when it is not.
This first version covers what the foundation makes checkable; later features
add their own checks here.
"""

from __future__ import annotations

import datetime
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from sealbook.core.crypto import sealing
from sealbook.core.crypto.aead import FORMAT_V1
from sealbook.core.errors import SealbookError
from sealbook.vault import paths, runtime

PASS, FAIL, SKIP = "pass", "FAIL", "skipped"
# Allowed, but worth a second look: printed, never counted as a failure.
WARN = "warning"


@dataclass(frozen=True)
class Finding:
    status: str
    safeguard: str
    message: str


def _private(path: Path, mode: int) -> bool:
    return (
        path.exists()
        and stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
        and (stat.S_IMODE(path.stat().st_mode) & ~mode == 0)
    )


def check_sealed_key() -> Finding:
    ring = runtime.keyring()
    path = paths.sealed_kek_path(ring.kek_version)
    try:
        doc = runtime.load_sealed_kek(ring.kek_version)
    except SealbookError as exc:
        return Finding(FAIL, "164.312(a)(2)(iv) encryption", str(exc))
    if not _private(path, 0o600) or not _private(paths.keys_dir(), 0o700):
        return Finding(
            FAIL,
            "164.312(a)(2)(iv) encryption",
            "the keys folder or sealed key is readable by others",
        )
    if doc["backend"] == "passphrase":
        kdf = doc["kdf"]
        params = sealing.Argon2Parameters(kdf["memory_kib"], kdf["iterations"], kdf["lanes"])
        if not params.at_least(sealing.RFC9106_SECOND):
            return Finding(
                FAIL, "164.312(a)(2)(iv) encryption", "the passphrase KDF is weaker than RFC 9106"
            )
    stale = [p.name for p in paths.keys_dir().glob("kek-v*.json") if p != path]
    if stale:
        return Finding(
            FAIL,
            "164.312(a)(2)(iv) encryption",
            f"old sealed keys remain: {', '.join(sorted(stale))}",
        )
    return Finding(
        PASS,
        "164.312(a)(2)(iv) encryption",
        f"practice key sealed ({doc['backend']}), version {ring.kek_version}",
    )


def check_secret_apart() -> Finding:
    """Keys kept apart from data (164.402 'secured'): no unseal secret inside the home."""
    home = paths.home()
    inside = [p.name for p in home.glob("*passphrase*")] + [p.name for p in home.glob("*.key")]
    if inside:
        return Finding(
            FAIL,
            "164.402 secured PHI",
            f"an unseal secret is stored beside the data ({', '.join(inside)})",
        )
    return Finding(PASS, "164.402 secured PHI", "no unseal secret stored in SEALBOOK_HOME")


def check_unseals() -> Finding:
    if not runtime.is_unsealed():
        return Finding(
            SKIP,
            "164.312(a)(2)(iv) encryption",
            "practice sealed; set SEALBOOK_PASSPHRASE_FILE to check unwrapping",
        )
    from sealbook.vault.models import KeyPurpose, WrappedKey

    kek = runtime.kek()
    bad = 0
    for row in WrappedKey.objects.filter(purpose=KeyPurpose.CLIENT_DATA).iterator():
        try:
            kek.unwrap(bytes(row.wrapped))
        except SealbookError:
            bad += 1
    if bad:
        return Finding(FAIL, "164.312(c)(1) integrity", f"{bad} client data keys do not unwrap")
    return Finding(
        PASS, "164.312(c)(1) integrity", "every client data key unwraps with the practice key"
    )


def check_encrypted_at_rest() -> Finding:
    from sealbook.records.models import Client, ProgressNote

    for model, column in ((Client, "legal_last_name"), (ProgressNote, "sections")):
        for value in model.objects.values_list(column, flat=True)[:200]:
            if value is not None and bytes(value)[:1] != bytes([FORMAT_V1]):
                return Finding(
                    FAIL,
                    "164.312(a)(2)(iv) encryption",
                    f"{model.__name__}.{column} holds unencrypted data",
                )
    return Finding(
        PASS, "164.312(a)(2)(iv) encryption", "sampled client and note fields are ciphertext"
    )


# The daily self-check job runs in a daemonic worker process, which may not fork.
verify_processes: int | None = None


def check_audit_log() -> Finding:
    from sealbook.audit.verification import verify

    try:
        report = verify(processes=verify_processes)  # the command: one process per core
    except SealbookError as exc:
        return Finding(FAIL, "164.312(b) audit controls", str(exc))
    return Finding(PASS, "164.312(b) audit controls", f"audit log verifies ({report.size} entries)")


def check_web_settings() -> Finding:
    problems = []
    if settings.DEBUG:
        problems.append("debug is on")
    if not settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher"):
        problems.append("passwords are not hashed with Argon2")
    if not settings.SESSION_COOKIE_HTTPONLY:
        problems.append("session cookie readable by scripts")
    if "django.middleware.csrf.CsrfViewMiddleware" not in settings.MIDDLEWARE:
        problems.append("CSRF protection is off")
    if problems:
        return Finding(FAIL, "164.312(d) authentication", "; ".join(problems))
    return Finding(
        PASS,
        "164.312(d) authentication",
        "Argon2 passwords, CSRF on, debug off, HttpOnly session cookie",
    )


def check_mfa() -> Finding:
    """The practice policy's second factor (HIPAA 164.312(d) person or entity authentication).

    Read without get_or_create: a check never writes. With no policy row yet,
    the model's default (required) applies, as it does at login.
    """
    from django_otp import device_classes

    from sealbook.access import practice_policy
    from sealbook.accounts.models import User

    safeguard = "164.312(d) authentication"
    required = practice_policy.mfa_required()
    if not required:
        return Finding(
            WARN,
            safeguard,
            "second factor (MFA) is OFF: staff log in with a password alone; "
            "require it in the practice policy",
        )
    staff = User.objects.staff().filter(is_active=True)
    # Every kind of second factor counts (staff's own devices sit above this app).
    enrolled: set[int] = set()
    for device_class in device_classes():
        rows = device_class.objects.filter(confirmed=True, user__in=staff)
        enrolled.update(rows.values_list("user_id", flat=True))
    waiting = staff.exclude(pk__in=enrolled).count()
    return Finding(
        PASS,
        safeguard,
        f"second factor (TOTP) required for every staff account; {waiting} of "
        f"{staff.count()} active accounts still to enrol (asked at their next login)",
    )


def check_idle_logoff() -> Finding:
    from sealbook.access import practice_policy

    minutes = practice_policy.idle_logoff_minutes()
    if not 1 <= minutes <= 30:
        return Finding(
            FAIL,
            "164.312(a)(2)(iii) automatic logoff",
            f"idle logoff is {minutes} minutes (allowed 1-30)",
        )
    return Finding(
        PASS, "164.312(a)(2)(iii) automatic logoff", f"idle logoff after {minutes} minutes"
    )


def check_practice_policy() -> Finding:
    """The owner's other settings against what 164.312 expects (access.practice_policy)."""
    from sealbook.access import practice_policy

    safeguard = "164.312(a)(1), (d) access control and authentication"
    problems = []
    if practice_policy.password_min_length() < 12:
        problems.append(
            f"passwords may be as short as {practice_policy.password_min_length()} characters "
            "(12 or more expected)"
        )
    if practice_policy.login_failure_limit() > 10:
        problems.append(
            f"a login locks out only after {practice_policy.login_failure_limit()} wrong "
            "passwords (10 or fewer expected)"
        )
    if practice_policy.break_glass_minutes() > 240:
        problems.append(
            f"emergency access lasts {practice_policy.break_glass_minutes()} minutes "
            "(4 hours or less expected: 164.312(a)(2)(ii))"
        )
    if problems:
        return Finding(WARN, safeguard, "; ".join(problems))
    return Finding(
        PASS,
        safeguard,
        f"passwords of {practice_policy.password_min_length()}+ characters, emergency access "
        f"for {practice_policy.break_glass_minutes()} minutes",
    )


def check_transmission() -> Finding:
    if not settings.SECURE_COOKIES:
        return Finding(
            FAIL,
            "164.312(e)(1) transmission security",
            "SEALBOOK_SECURE_COOKIES is off: serve only behind TLS and turn it on",
        )
    return Finding(PASS, "164.312(e)(1) transmission security", "cookies are sent over TLS only")


def check_proxy() -> Finding:
    """The TLS proxy in front of the server (docs/deployment.md)."""
    safeguard = "164.312(e)(1) transmission security"
    public = settings.SEALBOOK_PUBLIC_URL
    proxies = settings.SEALBOOK_TRUSTED_PROXIES
    everyone = [str(n) for n in proxies if n.prefixlen == 0]
    if everyone:
        return Finding(
            FAIL,
            safeguard,
            f"SEALBOOK_TRUSTED_PROXIES trusts every address ({', '.join(everyone)}): anyone "
            "could choose the address the login lockout counts; name the proxy's address",
        )
    if public is None:
        return Finding(
            WARN,
            safeguard,
            "SEALBOOK_PUBLIC_URL is not set: behind a TLS proxy, set it to the https address "
            "users type, or logins are refused",
        )
    if not proxies:
        return Finding(
            WARN,
            safeguard,
            f"served as {public.origin} but SEALBOOK_TRUSTED_PROXIES is empty: the server "
            "cannot tell TLS requests (no HSTS) or client addresses (one lockout for all)",
        )
    return Finding(
        PASS,
        safeguard,
        f"served as {public.origin}; forwarded headers believed only from "
        f"{', '.join(str(n) for n in proxies)}; HSTS on TLS requests",
    )


def check_mail() -> Finding:
    """Outgoing e-mail (SEALBOOK_SMTP_URL): configured, and over TLS unless to this machine."""
    safeguard = "164.312(e)(1) transmission security"
    backend = settings.EMAIL_BACKEND
    if backend.endswith("NotConfigured"):
        return Finding(
            WARN,
            safeguard,
            "SEALBOOK_SMTP_URL is not set: invitations, reminders and alerts cannot be e-mailed",
        )
    host = settings.EMAIL_HOST
    tls = settings.EMAIL_USE_TLS or settings.EMAIL_USE_SSL
    if not tls and host not in ("127.0.0.1", "::1", "localhost"):
        return Finding(
            FAIL,
            safeguard,
            f"e-mail goes to {host} without TLS: use smtp+starttls:// or smtps://",
        )
    how = "over TLS" if tls else "to a relay on this machine"
    return Finding(PASS, safeguard, f"e-mail goes to {host} {how}")


def check_database() -> Finding:
    vendor = connection.vendor
    return Finding(PASS, "164.312(c)(1) integrity", f"database reachable ({vendor})")


def check_backup() -> Finding:
    """The age of the newest verified backup (HIPAA 164.308(a)(7)(ii)(A), data backup plan).

    A practice with client records and no verified backup fails; an empty one passes.
    """
    from django.utils import timezone

    from sealbook import conf
    from sealbook.backup.models import BackupRecord
    from sealbook.records.models import Client

    safeguard = "164.308(a)(7)(ii)(A) data backup"
    latest = BackupRecord.objects.filter(verified_at__isnull=False).order_by("-verified_at").first()
    if latest is None or latest.verified_at is None:
        if not Client.objects.exists():
            return Finding(PASS, safeguard, "no client records yet, so nothing to back up")
        return Finding(FAIL, safeguard, "no verified backup: run `sealbook backup create PATH`")
    hours = (timezone.now() - latest.verified_at).total_seconds() / 3600
    limit = conf.env_int("SEALBOOK_BACKUP_MAX_AGE_HOURS", 26, minimum=1)
    message = f"newest verified backup is {hours:.1f} hours old (limit {limit})"
    return Finding(PASS if hours <= limit else FAIL, safeguard, message)


def check_video() -> Finding:
    """Whether video sessions can run: Janus answers (a warning, never a failure:
    a practice without telehealth needs no media server)."""
    from sealbook.telehealth.media import MediaSettings, MediaState
    from sealbook.telehealth.proxy import media_down_reason

    safeguard = "164.312(e)(1) transmission security (video)"
    try:
        media = MediaSettings.from_environment()
    except SealbookError as exc:
        return Finding(FAIL, safeguard, str(exc))
    if not media.enabled:
        return Finding(SKIP, safeguard, "video sessions are switched off (SEALBOOK_MEDIA=off)")
    missing = [
        name
        for name, found in (("janus", media.janus_bin), ("coturn", media.turnserver_bin))
        if found is None
    ]
    if missing:
        return Finding(WARN, safeguard, f"video sessions unavailable: {', '.join(missing)} "
                       "not installed (bash scripts/setup.sh)")  # fmt: skip
    if not MediaState.load().janus_url:
        return Finding(WARN, safeguard, "Janus is not running: `sealbook serve` starts it")
    reason = media_down_reason()
    if reason is not None:
        return Finding(WARN, safeguard, f"video sessions unavailable: {reason}")
    return Finding(PASS, safeguard, "Janus answers, on loopback, with token authentication")


# The result kept with a parked job run (sealbook.jobs.actions.park): no argument, no identity.
PARKED = "parked: its worker process died in every run (killed, out of memory, or crashed)"


def check_jobs() -> Finding:
    """Background jobs given up on: a run parked because its worker died in every run
    (sealbook.jobs.broker), with no later run of the same job that finished."""
    from django_q.models import Failure, Success

    safeguard = "164.308(a)(7) contingency (background jobs)"
    stuck = []
    for task in Failure.objects.all().order_by("-stopped")[:500]:
        if task.result != PARKED:
            continue
        same = Success.objects.filter(func=task.func, stopped__gt=task.stopped)
        if task.group:
            same = same.filter(group=task.group)
        if not same.exists():
            stuck.append(task.group or task.func)
    if stuck:
        names = ", ".join(sorted(set(stuck)))
        return Finding(FAIL, safeguard, f"job runs given up on (their worker died in every run), "
                       f"not since run to the end: {names}")  # fmt: skip
    return Finding(PASS, safeguard, "no background job given up on")


CHECKS: tuple[Callable[[], Finding], ...] = (
    check_database,
    check_sealed_key,
    check_secret_apart,
    check_unseals,
    check_encrypted_at_rest,
    check_audit_log,
    check_web_settings,
    check_mfa,
    check_idle_logoff,
    check_practice_policy,
    check_transmission,
    check_proxy,
    check_mail,
    check_backup,
    check_jobs,
    check_video,
)


def run_checks() -> list[Finding]:
    return [check() for check in CHECKS]


@dataclass(frozen=True)
class DailyCheck:
    """The daily self-check job's last run (its findings are the run's kept result)."""

    finished: datetime.datetime
    failed: list[str]


def last_daily_check() -> DailyCheck | None:
    """The last run of the `self-check` job that finished, if any (django-q2 keeps it)."""
    from django_q.models import Success

    run = Success.objects.filter(group="self-check").order_by("-stopped").first()
    if run is None:
        return None
    findings = run.result if isinstance(run.result, list) else []
    failed = [
        str(f[1]) for f in findings if isinstance(f, list | tuple) and len(f) == 3 and f[0] == FAIL
    ]
    return DailyCheck(finished=run.stopped, failed=failed)
