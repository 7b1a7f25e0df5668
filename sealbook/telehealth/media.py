"""The media components of video sessions: Janus (media router) and coturn (TURN relay).

Sealbook writes their configuration into `SEALBOOK_HOME/media/`, starts them,
restarts one that dies and stops both when the server stops
(`MediaSupervisor`). Nothing identifying ever reaches them: rooms are random
numbers, displays are "Clinician" and "Client n", and their logs are kept to
warnings (Janus) or switched off (coturn, whose allocation lines carry peer
addresses) unless SEALBOOK_MEDIA_DEBUG_LOGS=1.

- Janus: only the VideoRoom plugin and the HTTP transport are loaded; the
  client API listens on 127.0.0.1 (the browser reaches it through Sealbook's
  proxy, `telehealth.proxy`), the admin API on 127.0.0.1 with a random secret;
  `token_auth` is on, so only holders of a token Sealbook added (`janus.add_token`)
  can create a session; rooms can only be created with the plugin's admin key.
- coturn: TURN REST API credentials (`use-auth-secret`: HMAC-SHA1 of
  "expiry:random" under a shared secret, valid until the appointment ends);
  relays to loopback and private ranges are denied except the configured
  media address (SEALBOOK_TURN_ALLOWED_PEERS).

Settings (environment): SEALBOOK_MEDIA=off disables video; SEALBOOK_MEDIA_ADDRESS
is the non-loopback address Janus gathers ICE candidates on and coturn listens and
relays on (default: this machine's first non-loopback IPv4 address);
SEALBOOK_TURN_ADDRESS where coturn listens instead, if not there;
SEALBOOK_MEDIA_PUBLIC_ADDRESS the public address in front of it (1:1 NAT);
SEALBOOK_TURN_PORT (default 3478); SEALBOOK_JANUS_BIN, SEALBOOK_TURNSERVER_BIN.
Janus needs a non-loopback address: with 127.0.0.1 alone it gathers no candidates.
"""

from __future__ import annotations

import base64
import contextlib
import glob
import hashlib
import hmac
import ipaddress
import json
import os
import secrets
import shutil
import socket
from dataclasses import dataclass, field
from pathlib import Path

from sealbook import conf
from sealbook.core.errors import SealbookError

STATE_FILE = "state.json"
SECRETS_FILE = "secrets.json"
# Private and special-purpose ranges coturn must not relay to (RFC 1918, loopback,
# link-local, CGNAT, multicast, IPv6 unique-local and link-local).
DENIED_PEERS = (
    "0.0.0.0-0.255.255.255",
    "10.0.0.0-10.255.255.255",
    "100.64.0.0-100.127.255.255",
    "127.0.0.0-127.255.255.255",
    "169.254.0.0-169.254.255.255",
    "172.16.0.0-172.31.255.255",
    "192.0.0.0-192.0.0.255",
    "192.0.2.0-192.0.2.255",
    "192.88.99.0-192.88.99.255",
    "192.168.0.0-192.168.255.255",
    "198.18.0.0-198.19.255.255",
    "198.51.100.0-198.51.100.255",
    "203.0.113.0-203.0.113.255",
    "224.0.0.0-255.255.255.255",
    "::1",
    "64:ff9b::-64:ff9b::ffff:ffff",
    "::ffff:0.0.0.0-::ffff:255.255.255.255",
    "100::-100::ffff:ffff:ffff:ffff",
    "2001::-2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff",
    "2002::-2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
    "fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
)


class MediaUnavailable(SealbookError):
    """Video sessions cannot run now; the message says why (for pages and `check`)."""


def media_dir() -> Path:
    """Where the media configuration, secrets and state live: SEALBOOK_HOME/media, or
    SEALBOOK_MEDIA_DIR (one media server shared by several practices' test runs)."""
    from django.conf import settings

    configured = conf.env_str("SEALBOOK_MEDIA_DIR") or getattr(settings, "SEALBOOK_MEDIA_DIR", None)
    if configured:
        return Path(configured)
    return Path(settings.SEALBOOK_HOME) / "media"


@dataclass(frozen=True)
class MediaSettings:
    enabled: bool
    address: str | None
    turn_address: str | None  # where coturn listens; it relays from `address`
    public_address: str | None
    turn_port: int
    allowed_peers: tuple[str, ...]
    debug_logs: bool
    janus_bin: str | None
    turnserver_bin: str | None

    @classmethod
    def from_environment(cls) -> MediaSettings:
        address = conf.env_str("SEALBOOK_MEDIA_ADDRESS") or default_address()
        if address is not None:
            try:
                ip = ipaddress.ip_address(address)
            except ValueError:
                raise SealbookError(
                    f"SEALBOOK_MEDIA_ADDRESS must be an IP address, not {address!r}"
                ) from None
            if ip.is_loopback:
                raise SealbookError(
                    "SEALBOOK_MEDIA_ADDRESS must not be a loopback address: Janus gathers no "
                    "ICE candidates there"
                )
        turn_address = conf.env_str("SEALBOOK_TURN_ADDRESS") or address
        if turn_address is not None and turn_address != address:
            try:
                ipaddress.ip_address(turn_address)
            except ValueError:
                raise SealbookError(
                    f"SEALBOOK_TURN_ADDRESS must be an IP address, not {turn_address!r}"
                ) from None
        peers = conf.env_str("SEALBOOK_TURN_ALLOWED_PEERS")
        allowed = tuple(p.strip() for p in peers.split(",") if p.strip()) if peers else ()
        return cls(
            enabled=(conf.env_str("SEALBOOK_MEDIA", "on") or "on").lower() not in ("off", "0"),
            address=address,
            turn_address=turn_address,
            public_address=conf.env_str("SEALBOOK_MEDIA_PUBLIC_ADDRESS"),
            turn_port=conf.env_int("SEALBOOK_TURN_PORT", 3478, minimum=1),
            allowed_peers=allowed or ((address,) if address else ()),
            debug_logs=conf.env_bool("SEALBOOK_MEDIA_DEBUG_LOGS", False),
            janus_bin=conf.env_str("SEALBOOK_JANUS_BIN") or shutil.which("janus"),
            turnserver_bin=conf.env_str("SEALBOOK_TURNSERVER_BIN") or shutil.which("turnserver"),
        )


def default_address() -> str | None:
    """This machine's outgoing non-loopback IPv4 address, or None (no packet is sent)."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        s.connect(("192.0.2.1", 9))  # TEST-NET-1: a route lookup only
        address: str = s.getsockname()[0]
        if not ipaddress.ip_address(address).is_loopback:
            return address
    return None


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        port: int = s.getsockname()[1]
        return port


# -- secrets ---------------------------------------------------------------------------


def media_secrets() -> dict[str, str]:
    """The media secrets (made once, kept beside the practice, readable by its owner only)."""
    path = media_dir() / SECRETS_FILE
    if path.is_file():
        loaded: dict[str, str] = json.loads(path.read_text())
        return loaded
    values = {
        name: secrets.token_urlsafe(32)
        for name in ("admin_secret", "room_admin_key", "turn_secret", "token_key")
    }
    media_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(values, f)
    return values


def janus_token(purpose: str) -> str:
    """The Janus token for `purpose` (a participant's id, or "sealbook" for Sealbook's own):
    derived, so it needs no storage and can always be removed again."""
    key = media_secrets()["token_key"].encode()
    return hmac.new(key, f"janus-token:{purpose}".encode(), hashlib.sha256).hexdigest()


def turn_credentials(expires_at: float) -> tuple[str, str]:
    """TURN REST API credentials valid until `expires_at` (a Unix time): nothing identifying."""
    username = f"{int(expires_at)}:{secrets.token_hex(8)}"
    digest = hmac.new(
        media_secrets()["turn_secret"].encode(), username.encode(), hashlib.sha1
    ).digest()
    return username, base64.b64encode(digest).decode()


# -- configuration ---------------------------------------------------------------------


def janus_library_dir() -> Path | None:
    configured = conf.env_str("SEALBOOK_JANUS_LIB")
    if configured:
        return Path(configured)
    found = sorted(glob.glob("/usr/lib/*/janus")) + sorted(glob.glob("/usr/lib/janus"))
    return Path(found[0]) if found else None


def _jcfg_list(names: list[str]) -> str:
    return ",".join(names)


def write_janus_config(settings: MediaSettings, janus_port: int, admin_port: int) -> Path:
    """Write Janus's configuration folder; return the main file."""
    lib = janus_library_dir()
    if lib is None:
        raise MediaUnavailable(
            "Janus's plugin folder was not found (is the janus package installed?)"
        )
    folder = media_dir() / "janus"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    values = media_secrets()
    # Load only the VideoRoom plugin and the HTTP transport.
    plugins = sorted(p.name for p in (lib / "plugins").glob("*.so"))
    transports = sorted(p.name for p in (lib / "transports").glob("*.so"))
    events = sorted(p.name for p in (lib / "events").glob("*.so"))
    loggers = sorted(p.name for p in (lib / "loggers").glob("*.so"))
    nat = [f'ice_enforce_list = "{settings.address}"', "ignore_mdns = true"]
    if settings.public_address:
        nat.append(f'nat_1_1_mapping = "{settings.public_address}"')
    nat_text = "\n".join("\t" + line for line in nat)
    main = f"""# Written by Sealbook ({media_dir()}); edits are overwritten at the next start.
general: {{
	configs_folder = "{folder}"
	plugins_folder = "{lib / "plugins"}"
	transports_folder = "{lib / "transports"}"
	events_folder = "{lib / "events"}"
	loggers_folder = "{lib / "loggers"}"
	debug_level = {5 if settings.debug_logs else 3}
	debug_timestamps = true
	debug_colors = false
	admin_secret = "{values["admin_secret"]}"
	token_auth = true
	server_name = "sealbook-media"
	session_timeout = 60
	hide_dependencies = true
	protected_folders = ["/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys",
		"/usr", "/var"]
}}
media: {{
	rtp_port_range = "40000-49999"
}}
nat: {{
{nat_text}
}}
plugins: {{
	disable = "{_jcfg_list([p for p in plugins if "videoroom" not in p])}"
}}
transports: {{
	disable = "{_jcfg_list([t for t in transports if "http" not in t])}"
}}
events: {{
	broadcast = false
	disable = "{_jcfg_list(events)}"
}}
loggers: {{
	disable = "{_jcfg_list(loggers)}"
}}
"""
    http = f"""general: {{
	json = "compact"
	base_path = "/janus"
	http = true
	ip = "127.0.0.1"
	port = {janus_port}
	https = false
}}
admin: {{
	admin_base_path = "/admin"
	admin_http = true
	admin_ip = "127.0.0.1"
	admin_port = {admin_port}
	admin_https = false
}}
cors: {{
}}
"""
    videoroom = f"""general: {{
	admin_key = "{values["room_admin_key"]}"
	lock_rtp_forward = true
	events = false
}}
"""
    for name, text in (
        ("janus.jcfg", main),
        ("janus.transport.http.jcfg", http),
        ("janus.plugin.videoroom.jcfg", videoroom),
    ):
        _write_private(folder / name, text)
    return folder / "janus.jcfg"


def write_turn_config(settings: MediaSettings) -> Path:
    values = media_secrets()
    log = str(media_dir() / "turn.log") if settings.debug_logs else "/dev/null"
    lines = [
        "# Written by Sealbook; edits are overwritten at the next start.",
        f"listening-ip={settings.turn_address or settings.address}",
        f"relay-ip={settings.address}",
        f"listening-port={settings.turn_port}",
        "min-port=50000",
        "max-port=59999",
        "fingerprint",
        "use-auth-secret",
        f"static-auth-secret={values['turn_secret']}",
        "realm=sealbook",
        "no-tls",
        "no-dtls",
        "no-cli",
        "no-multicast-peers",
        "no-tcp-relay",
        "stale-nonce=600",
        f"userdb={media_dir() / 'turndb'}",
        f"pidfile={media_dir() / 'turnserver.pid'}",
        f"log-file={log}",
        "no-stdout-log",
        "simple-log",
    ]
    if settings.public_address:
        lines.append(f"external-ip={settings.public_address}/{settings.address}")
    lines += [f"denied-peer-ip={r}" for r in DENIED_PEERS]
    lines += [f"allowed-peer-ip={p}" for p in settings.allowed_peers]
    path = media_dir() / "turnserver.conf"
    _write_private(path, "\n".join(lines) + "\n")
    return path


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(text)


# -- state shared with every server process -------------------------------------------


@dataclass
class MediaState:
    """What the supervisor started, written to `media/state.json` for every process."""

    janus_url: str | None = None
    admin_url: str | None = None
    turn_urls: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def save(self) -> None:
        media_dir().mkdir(mode=0o700, parents=True, exist_ok=True)
        _write_private(media_dir() / STATE_FILE, json.dumps(self.__dict__))

    @classmethod
    def load(cls) -> MediaState:
        path = media_dir() / STATE_FILE
        if not path.is_file():
            return cls(problems=["the media server is not running (start `sealbook serve`)"])
        try:
            return cls(**json.loads(path.read_text()))
        except (ValueError, TypeError):
            return cls(problems=["the media server's state file is damaged"])
