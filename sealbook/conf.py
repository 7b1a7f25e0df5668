"""Typed access to Sealbook's environment settings.

Every setting comes from the environment; a secret may instead come from a
file named by `NAME_FILE` (so it never has to sit in a process listing or a
shell history). Nothing has an insecure default: a missing secret is an error
at the moment it is needed, and debug is off unless asked for.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_network
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from sealbook.core.errors import SealbookError


class ConfigurationError(SealbookError):
    """A setting is missing or malformed."""


def env_str(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = env_str(name)
    if value is None:
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, minimum: int | None = None) -> int:
    value = env_str(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number") from None
    if minimum is not None and number < minimum:
        raise ConfigurationError(f"{name} must be at least {minimum}")
    return number


def env_secret_file(name: str) -> bytes | None:
    """The contents of the file named by `NAME_FILE`, without one trailing newline."""
    path = env_str(f"{name}_FILE")
    if path is None:
        return None
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise ConfigurationError(f"{name}_FILE: cannot read {path} ({exc.strerror})") from None
    return raw[:-1] if raw.endswith(b"\n") else raw


def home() -> Path:
    """SEALBOOK_HOME: the practice's data directory (database, sealed keys, files)."""
    value = env_str("SEALBOOK_HOME")
    if value is None:
        return Path.home() / ".sealbook"
    return Path(value).expanduser().absolute()


def database_settings(url: str | None, data_home: Path) -> dict[str, object]:
    """Django DATABASES['default'] from SEALBOOK_DATABASE_URL (SQLite in the home if unset)."""
    if url is None:
        return _sqlite(data_home / "sealbook.sqlite3")
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # sqlite:////absolute/path or sqlite:///relative/path, as dj-database-url reads them.
        path = parts.path[1:] if parts.path.startswith("/") else parts.path
        if not path:
            raise ConfigurationError("SEALBOOK_DATABASE_URL: sqlite URL has no path")
        return _sqlite(Path(path))
    if parts.scheme in ("postgres", "postgresql"):
        name = parts.path.lstrip("/")
        if not name:
            raise ConfigurationError("SEALBOOK_DATABASE_URL: no database name")
        if parts.fragment:
            raise ConfigurationError("SEALBOOK_DATABASE_URL: a URL fragment (#...) means nothing")
        user, password, hosts, ports = postgresql_netloc(parts.netloc)
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(name),
            "USER": user,
            "PASSWORD": password,
            "HOST": hosts,
            "PORT": ports,
            "CONN_MAX_AGE": 60,
            # A reused connection is checked before each request, so after a
            # failover the first request reconnects instead of failing.
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {"connect_timeout": 5, **postgresql_tls_options(parts.query)},
        }
    raise ConfigurationError("SEALBOOK_DATABASE_URL must start with sqlite:// or postgresql://")


def postgresql_netloc(netloc: str) -> tuple[str, str, str, str]:
    """(user, password, hosts, ports) of `user:pw@host1:port1,host2:port2`.

    Several hosts (a primary and its standbys) are passed to libpq as its
    comma-separated lists; with `?target_session_attrs=read-write` it connects
    to whichever is the primary now (docs/scale.md, "Failover").
    """
    userinfo, _, hostlist = netloc.rpartition("@")
    user, _, password = userinfo.partition(":")
    hosts, ports = [], []
    for item in hostlist.split(","):
        if item.startswith("["):  # [IPv6]:port
            host, _, rest = item[1:].partition("]")
            port = rest[1:] if rest.startswith(":") else ""
        else:
            host, _, port = item.partition(":")
        if port and not (port.isdigit() and 0 < int(port) < 65536):
            raise ConfigurationError("SEALBOOK_DATABASE_URL: bad port")
        if not host and len(hostlist.split(",")) > 1:
            raise ConfigurationError("SEALBOOK_DATABASE_URL: an empty host in the host list")
        hosts.append(unquote(host))
        ports.append(port)
    if len(hosts) > 1 and any(ports) and not all(ports):
        raise ConfigurationError("SEALBOOK_DATABASE_URL: give every host a port, or none")
    return unquote(user), unquote(password), ",".join(hosts), ",".join(p for p in ports if p)


SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
TLS_OPTIONS = ("sslmode", "sslrootcert", "sslcert", "sslkey")
SESSION_ATTRS = ("any", "read-write", "read-only", "primary", "standby", "prefer-standby")
# Every libpq option a URL may carry; each also binds pg_dump and psql (PG<NAME>).
LIBPQ_OPTIONS = (*TLS_OPTIONS, "target_session_attrs")


def postgresql_tls_options(query: str) -> dict[str, str]:
    """The libpq options of a postgresql:// URL's query (`?sslmode=verify-full&...`).

    Only the four TLS options and `target_session_attrs` are accepted: an
    option Sealbook dropped or misread would leave a practice that asked for
    TLS talking to its database in the clear, so any other option, a repeated
    one or an unknown sslmode is refused.
    The values go to psycopg (and to pg_dump and psql as PGSSL* variables).
    """
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query))
    except ValueError:
        raise ConfigurationError(
            "SEALBOOK_DATABASE_URL: the options after ? are malformed"
        ) from None
    options: dict[str, str] = {}
    for name, value in pairs:
        if name not in LIBPQ_OPTIONS:
            raise ConfigurationError(
                f"SEALBOOK_DATABASE_URL: unknown option {name!r} "
                f"(Sealbook accepts {', '.join(LIBPQ_OPTIONS)})"
            )
        if name in options:
            raise ConfigurationError(f"SEALBOOK_DATABASE_URL: {name} is given twice")
        if not value:
            raise ConfigurationError(f"SEALBOOK_DATABASE_URL: {name} is empty")
        options[name] = value
    attrs = options.get("target_session_attrs")
    if attrs is not None and attrs not in SESSION_ATTRS:
        raise ConfigurationError(
            f"SEALBOOK_DATABASE_URL: target_session_attrs must be one of {', '.join(SESSION_ATTRS)}"
        )
    mode = options.get("sslmode")
    if mode is not None and mode not in SSL_MODES:
        raise ConfigurationError(
            f"SEALBOOK_DATABASE_URL: sslmode must be one of {', '.join(SSL_MODES)}"
        )
    for name in ("sslrootcert", "sslcert", "sslkey"):
        if name in options and options[name] != "system":
            options[name] = str(Path(options[name]).expanduser().absolute())
    return options


def _sqlite(path: Path) -> dict[str, object]:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        "OPTIONS": {
            # IMMEDIATE takes the write lock when a transaction starts, so two
            # writers queue instead of failing with "database is locked" halfway.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # WAL with FULL sync: a committed note survives a power cut.
            # secure_delete overwrites freed pages instead of leaving them on disk.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA secure_delete=ON;"
            ),
        },
    }


# The TLS proxy in front of `sealbook serve` ------------------------------------


@dataclass(frozen=True)
class PublicURL:
    """SEALBOOK_PUBLIC_URL: the https address users type, e.g. https://notes.example.org."""

    scheme: str
    host: str
    port: int | None

    @property
    def origin(self) -> str:
        port = f":{self.port}" if self.port is not None else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}{port}"


def public_url() -> PublicURL | None:
    value = env_str("SEALBOOK_PUBLIC_URL")
    if value is None:
        return None
    problem = (
        "SEALBOOK_PUBLIC_URL must be the https address users type, like https://notes.example.org"
    )
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise ConfigurationError(problem) from None
    # Only https: the setting exists to run behind a TLS proxy, and a plain
    # http address would send passwords and client data in the clear.
    if (
        parts.scheme != "https"
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ConfigurationError(problem)
    return PublicURL("https", parts.hostname, None if port == 443 else port)


def trusted_proxies() -> tuple[IPv4Network | IPv6Network, ...]:
    """SEALBOOK_TRUSTED_PROXIES: addresses or networks whose X-Forwarded-* headers are believed."""
    value = env_str("SEALBOOK_TRUSTED_PROXIES")
    if value is None:
        return ()
    networks = []
    for item in value.split(","):
        try:
            networks.append(ip_network(item.strip(), strict=False))
        except ValueError:
            raise ConfigurationError(
                f"SEALBOOK_TRUSTED_PROXIES: {item.strip()!r} is not an IP address or network"
            ) from None
    return tuple(networks)


def upload_disk_reserve_bytes() -> int:
    """SEALBOOK_UPLOAD_DISK_RESERVE_MB: free space an upload must leave on every disk it fills."""
    return env_int("SEALBOOK_UPLOAD_DISK_RESERVE_MB", 1024, minimum=0) * 1024 * 1024


# Outgoing e-mail ---------------------------------------------------------------

SMTP_SCHEMES = {
    # scheme: (default port, use STARTTLS, use implicit TLS)
    "smtp": (25, False, False),
    "smtp+starttls": (587, True, False),
    "smtps": (465, False, True),
}


def smtp_settings(url: str | None) -> dict[str, object]:
    """Django's EMAIL_* settings from SEALBOOK_SMTP_URL.

    `smtp://host:port` sends in the clear (a relay on the same machine),
    `smtp+starttls://user@host:587` insists on STARTTLS and `smtps://host:465`
    speaks TLS from the first byte; both verify the server's certificate, against
    the system's authorities or `?cafile=PATH`. The password comes from the URL
    or from SEALBOOK_SMTP_PASSWORD_FILE. Without a URL nothing is sent: the
    backend refuses, so a practice finds out at the first invitation, not never.
    """
    if url is None:
        return {"EMAIL_BACKEND": "sealbook.mail.backend.NotConfigured"}
    problem = "SEALBOOK_SMTP_URL must look like smtp+starttls://user@host:587"
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ConfigurationError(problem) from None
    if parts.scheme not in SMTP_SCHEMES or not parts.hostname or parts.path not in ("", "/"):
        raise ConfigurationError(f"{problem} (schemes: {', '.join(SMTP_SCHEMES)})")
    default_port, starttls, implicit_tls = SMTP_SCHEMES[parts.scheme]
    options = dict(parse_qsl(parts.query, keep_blank_values=True))
    unknown = set(options) - {"cafile"}
    if unknown:
        raise ConfigurationError(
            f"SEALBOOK_SMTP_URL: unknown option {sorted(unknown)[0]!r} (Sealbook accepts cafile)"
        )
    cafile = options.get("cafile")
    if cafile is not None:
        if parts.scheme == "smtp":
            raise ConfigurationError("SEALBOOK_SMTP_URL: cafile needs smtp+starttls or smtps")
        cafile = str(Path(cafile).expanduser().absolute())
    password = env_secret_file("SEALBOOK_SMTP_PASSWORD")
    return {
        "EMAIL_BACKEND": "sealbook.mail.backend.SMTPBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port or default_port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": (
            password.decode() if password is not None else unquote(parts.password or "")
        ),
        "EMAIL_USE_TLS": starttls,
        "EMAIL_USE_SSL": implicit_tls,
        "EMAIL_TIMEOUT": 15,
        "MAIL_SMTP_CAFILE": cafile,
    }
