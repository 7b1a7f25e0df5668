"""Django settings, read from the environment (see docs/configuration.md)."""

from __future__ import annotations

from pathlib import Path

from sealbook import conf

BASE_DIR = Path(__file__).resolve().parent
SEALBOOK_HOME = conf.home()

DEBUG = conf.env_bool("SEALBOOK_DEBUG", False)


def _secret_key() -> str:
    explicit = conf.env_secret_file("SEALBOOK_SECRET_KEY") or conf.env_str("SEALBOOK_SECRET_KEY")
    if explicit:
        return explicit.decode() if isinstance(explicit, bytes) else explicit
    stored = SEALBOOK_HOME / "keys" / "web-secret"
    # Fail closed: with no secret, Django refuses to sign sessions or CSRF tokens.
    return stored.read_text().strip() if stored.is_file() else ""


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = (conf.env_str("SEALBOOK_ALLOWED_HOSTS") or "127.0.0.1,localhost").split(",")

# Behind a TLS proxy (docs/deployment.md): the address users type is the one
# origin a form may be posted from, and a host name the server answers to.
SEALBOOK_PUBLIC_URL = conf.public_url()
CSRF_TRUSTED_ORIGINS = [SEALBOOK_PUBLIC_URL.origin] if SEALBOOK_PUBLIC_URL else []
if SEALBOOK_PUBLIC_URL and SEALBOOK_PUBLIC_URL.host not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(SEALBOOK_PUBLIC_URL.host)
# Only these addresses may tell the server the original scheme and client
# address (sealbook.web.middleware.TrustedProxyMiddleware). Django's
# SECURE_PROXY_SSL_HEADER is left unset: it would believe the header from anyone.
SEALBOOK_TRUSTED_PROXIES = conf.trusted_proxies()

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # django-otp's core only: its TOTP and static-token plugins store secrets in
    # the clear; sealbook.staff.models has the sealed and hashed devices.
    "django_otp",
    "axes",
    # The job queue (django-q2, its ORM broker: the practice's own database).
    "django_q",
    "sealbook.accounts",
    "sealbook.vault",
    "sealbook.mail",
    "sealbook.audit",
    "sealbook.access",
    "sealbook.records",
    "sealbook.psychotherapy",
    "sealbook.consent",
    "sealbook.disclosure",
    "sealbook.export",
    "sealbook.sharing",
    "sealbook.documents",
    "sealbook.scheduling",
    "sealbook.backup",
    "sealbook.retention",
    "sealbook.telehealth",
    "sealbook.practice",
    "sealbook.drafts",
    "sealbook.staff",
    "sealbook.oversight",
    "sealbook.portal",
    "sealbook.web",
]

MIDDLEWARE = [
    # First: everything after it, HSTS and the CSRF origin check included, sees
    # the scheme and client address the trusted proxy reported.
    "sealbook.web.middleware.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "sealbook.web.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sealbook.vault.middleware.SealedPracticeMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sealbook.access.middleware.RelationshipMemoMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "sealbook.psychotherapy.keyring.PrivateKeyCookieMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "sealbook.web.middleware.IdleLogoffMiddleware",
    # A client's or guardian's portal account reaches nothing outside the portal.
    "sealbook.portal.middleware.PortalBoundaryMiddleware",
    "sealbook.staff.passkeys.PasskeyPolicyMiddleware",
    "sealbook.staff.mfa.SecondFactorGateMiddleware",
    "sealbook.staff.sudo.SudoMiddleware",
    "axes.middleware.AxesMiddleware",
]

# Brute-force lockout (django-axes): five wrong passwords for one login from
# one address lock that pair out for the practice policy's lockout minutes (15 by default).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The server's default; the practice policy may set its own (access/practice_policy.py).
SEALBOOK_LOGIN_FAILURE_LIMIT = conf.env_int("SEALBOOK_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_FAILURE_LIMIT = "sealbook.access.practice_policy.axes_failure_limit"
AXES_COOLOFF_TIME = "sealbook.access.practice_policy.axes_cool_off"  # the policy's minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_CALLABLE = "sealbook.staff.views.locked_out"
# The address TrustedProxyMiddleware settled on, not one read from a header.
AXES_CLIENT_IP_CALLABLE = "sealbook.web.middleware.client_address"
# Axes stores and logs a keyed digest of the login name, never what was typed,
# and its log lines name no address (sealbook/staff/lockout.py).
AXES_USERNAME_CALLABLE = "sealbook.staff.lockout.axes_username"
AXES_CLIENT_STR_CALLABLE = "sealbook.staff.lockout.axes_client_str"
AXES_DISABLE_ACCESS_LOG = True
AXES_ENABLE_ACCESS_FAILURE_LOG = False  # no per-failure history beyond the window
AXES_VERBOSE = False
# Masked in the request data axes keeps beside each attempt.
AXES_SENSITIVE_PARAMETERS = ["password", "email", "old_password", "new_password", "code"]
OTP_TOTP_ISSUER = "Sealbook"

ROOT_URLCONF = "sealbook.urls"
WSGI_APPLICATION = "sealbook.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sealbook.web.context.practice",
                "sealbook.oversight.context.alerts",
            ],
        },
    },
]

DATABASES = {
    "default": conf.database_settings(conf.env_str("SEALBOOK_DATABASE_URL"), SEALBOOK_HOME)
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
# Every form renders through one template with an error summary (sealbook/web/forms.py).
FORM_RENDERER = "sealbook.web.forms.SealbookFormRenderer"

# Argon2id first: Django's defaults (t=2, 100 MiB, p=8) take about 0.1 s here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
AUTH_PASSWORD_VALIDATORS = [
    {
        # The practice policy's minimum length (12 unless the owner changes it).
        "NAME": "sealbook.access.practice_policy.PolicyMinimumLengthValidator",
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/clients/"

# HIPAA 164.312(a)(2)(iii) automatic logoff: the session dies after this many
# idle minutes (also enforced in the browser, which blanks the page).
# Outgoing e-mail: SEALBOOK_SMTP_URL (docs/configuration.md). Sealbook's
# e-mails are fixed notices with nothing identifying in them (sealbook/mail).
globals().update(conf.smtp_settings(conf.env_str("SEALBOOK_SMTP_URL")))
DEFAULT_FROM_EMAIL = conf.env_str("SEALBOOK_MAIL_FROM") or "sealbook@localhost"
# The demo's mail catcher keeps what it receives here; the demo mailbox page reads it.
SEALBOOK_DEMO_MAIL_DIR = conf.env_str("SEALBOOK_DEMO_MAIL_DIR")

SEALBOOK_IDLE_LOGOFF_MINUTES = conf.env_int("SEALBOOK_IDLE_LOGOFF_MINUTES", 15, minimum=1)
SESSION_COOKIE_AGE = 12 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Strict"
CSRF_COOKIE_SAMESITE = "Strict"
# An https public address turns secure cookies on unless explicitly turned off.
SECURE_COOKIES = conf.env_bool("SEALBOOK_SECURE_COOKIES", SEALBOOK_PUBLIC_URL is not None)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SECURE_CONTENT_TYPE_NOSNIFF = True
# SecurityMiddleware sends HSTS only on requests that arrived over TLS (directly
# or through the trusted proxy), so a plain-http loopback server never pins it.
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
# "same-origin", not "no-referrer": with no referrer at all, browsers send
# `Origin: null` on same-origin POSTs and Django's CSRF check refuses them.
SECURE_REFERRER_POLICY = "same-origin"
CSRF_FAILURE_VIEW = "sealbook.web.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
# The practice's own time zone: the calendar books and shows appointments in it.
SEALBOOK_TIME_ZONE = conf.env_str("SEALBOOK_TIME_ZONE") or "America/New_York"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# Sealbook never logs request bodies or query strings: they may hold client data.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "sealbook": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# Background jobs (sealbook/jobs): django-q2's cluster with the ORM broker, so the
# queue lives in the practice's own database, SQLite or PostgreSQL, and needs no
# other server. A job whose worker died mid-run is handed out again once `retry`
# seconds have passed since it was taken, so `retry` must exceed the longest run
# (`timeout`, after which the library stops the job).
SEALBOOK_JOB_TIMEOUT = conf.env_int("SEALBOOK_JOB_TIMEOUT", 3 * 3600, minimum=2)
Q_CLUSTER = {
    "name": "sealbook",
    "orm": "default",
    "workers": 2,
    "timeout": SEALBOOK_JOB_TIMEOUT,
    "retry": SEALBOOK_JOB_TIMEOUT + SEALBOOK_JOB_TIMEOUT // 4 + 1,
    # A run that raises is taken again, and dropped after its third failure; a run
    # whose worker died (killed, crashed) three times is parked at its fourth take
    # (sealbook/jobs/broker.py counts the takes; the library counts only failures).
    "max_attempts": 3,
    "broker_class": "sealbook.jobs.broker.CountingORM",
    # After a pause, a schedule runs once, not once for every run it missed.
    "catch_up": False,
    "poll": 0.5,
    "save_limit": 250,
    "label": "Jobs",
}
