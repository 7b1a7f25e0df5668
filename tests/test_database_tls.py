"""SEALBOOK_DATABASE_URL's TLS options reach every connection to PostgreSQL.

`?sslmode=require` used to be dropped without a word. These tests start a
throwaway PostgreSQL cluster of their own (initdb in a temporary folder, a free
port, `ssl=on` with a certificate authority made here), never touching the
shared one, and stop it afterwards. Its pg_hba.conf accepts only TLS, and
one role only with a client certificate, so each option is seen to work:
`sslmode`, `sslrootcert` (verify-full against the right and a wrong CA),
`sslcert`/`sslkey`, and the same options given to pg_dump by `backup create`.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sealbook.conf import ConfigurationError, database_settings
from tests.cli.conftest import PASSPHRASE, Cli

SERVER_BINARIES = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"), reverse=True)
ADMIN = "tls_admin"
CERT_ROLE = "tls_cert_role"


# ---------------------------------------------------------------- parsing, no server


@pytest.mark.parametrize(
    ("query", "options"),
    [
        ("", {}),
        ("?sslmode=require", {"sslmode": "require"}),
        (
            "?sslmode=verify-full&sslrootcert=/etc/ca.pem&sslcert=/c.pem&sslkey=/k.pem",
            {"sslmode": "verify-full", "sslrootcert": "/etc/ca.pem", "sslcert": "/c.pem",
             "sslkey": "/k.pem"},
        ),
    ],
)  # fmt: skip
def test_the_tls_options_of_the_url_become_connection_options(query, options):
    db = database_settings(f"postgresql://u:p@db.example.net:5433/name{query}", Path("/x"))
    assert db["OPTIONS"] == {"connect_timeout": 5, **options}


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?sslmode=required", "sslmode must be one of"),
        ("?ssl=true", "unknown option 'ssl'"),
        ("?sslmode=require&connect_timeout=1", "unknown option 'connect_timeout'"),
        ("?sslmode=require&sslmode=disable", "sslmode is given twice"),
        ("?sslmode=", "sslmode is empty"),
        ("?sslmode", "malformed"),
    ],
)
def test_an_unknown_or_malformed_option_is_refused(query, message):
    with pytest.raises(ConfigurationError, match=message):
        database_settings(f"postgresql://u@db.example.net/name{query}", Path("/x"))


# ---------------------------------------------------------------- a throwaway TLS cluster


@dataclass
class TlsCluster:
    port: int
    folder: Path
    ca: Path
    other_ca: Path
    client_cert: Path
    client_key: Path

    def url(self, user: str, database: str, query: str) -> str:
        return f"postgresql://{user}@127.0.0.1:{self.port}/{database}?{query}"


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _certificate(
    subject: str, key: ec.EllipticCurvePrivateKey, issuer: tuple[str, ec.EllipticCurvePrivateKey]
) -> x509.CertificateBuilder:
    now = datetime.datetime.now(datetime.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer[0]))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
    )


def _write_key(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    path.chmod(0o600)


def _write_cert(path: Path, cert: x509.Certificate) -> None:
    path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))


def _make_certificates(folder: Path, server: Path) -> None:
    """A CA, a server certificate for 127.0.0.1 signed by it, a client certificate, another CA."""
    for name in ("ca", "other-ca"):
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            _certificate(f"Sealbook test {name}", key, (f"Sealbook test {name}", key))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        _write_cert(folder / f"{name}.pem", cert)
        if name == "ca":
            ca_key, ca_name = key, f"Sealbook test {name}"
    server_key = ec.generate_private_key(ec.SECP256R1())
    server_cert = (
        _certificate("127.0.0.1", server_key, (ca_name, ca_key))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    _write_cert(server / "server.pem", server_cert)
    _write_key(server / "server.key", server_key)
    shutil.copy(folder / "ca.pem", server / "ca.pem")
    client_key = ec.generate_private_key(ec.SECP256R1())
    _write_cert(
        folder / "client.pem",
        _certificate(CERT_ROLE, client_key, (ca_name, ca_key)).sign(ca_key, hashes.SHA256()),
    )
    _write_key(folder / "client.key", client_key)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


HBA = f"""\
local all all trust
hostssl all {CERT_ROLE} 127.0.0.1/32 cert
hostssl all all 127.0.0.1/32 trust
host all all 127.0.0.1/32 reject
"""


@pytest.fixture(scope="module")
def tls_cluster() -> Iterator[TlsCluster]:
    if not SERVER_BINARIES:
        pytest.skip("the PostgreSQL server binaries (initdb, postgres) are not installed")
    bindir = SERVER_BINARIES[0].parent
    folder = Path(tempfile.mkdtemp(prefix="sealbook-tls-"))
    folder.chmod(0o711)  # the server's user passes through to server/, and reads nothing else
    server = folder / "server"
    server.mkdir(mode=0o700)
    # The server refuses to run as root: as root, run it as the postgres user.
    as_server: list[str] = []
    if os.geteuid() == 0:
        as_server = ["runuser", "-u", "postgres", "--"]
    process = None
    try:
        _make_certificates(folder, server)
        if as_server:
            for path in [server, *server.iterdir()]:
                shutil.chown(path, "postgres", "postgres")
        data = server / "data"
        subprocess.run(
            [*as_server, str(bindir / "initdb"), "-D", str(data), "-U", ADMIN,
             "--auth=trust", "--no-sync", "-E", "UTF8"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip
        hba = data / "pg_hba.conf"
        subprocess.run(
            [*as_server, "sh", "-c", f"cat > {hba}"], input=HBA.encode(), check=True, timeout=10
        )
        port = _free_port()
        log = open(folder / "server.log", "wb")  # noqa: SIM115 - closed in finally
        process = subprocess.Popen(
            [*as_server, str(bindir / "postgres"), "-D", str(data), "-p", str(port),
             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={server}",
             "-c", "ssl=on", "-c", f"ssl_cert_file={server / 'server.pem'}",
             "-c", f"ssl_key_file={server / 'server.key'}",
             "-c", f"ssl_ca_file={server / 'ca.pem'}",
             "-c", "fsync=off", "-c", "shared_buffers=16MB", "-c", "max_connections=20"],
            stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        cluster = TlsCluster(
            port, folder, folder / "ca.pem", folder / "other-ca.pem",
            folder / "client.pem", folder / "client.key",
        )  # fmt: skip
        _wait_until_ready(process, cluster, folder / "server.log")
        import psycopg

        admin = f"host=127.0.0.1 port={port} user={ADMIN} dbname=postgres sslmode=require"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f"CREATE ROLE {CERT_ROLE} LOGIN CREATEDB")
            conn.execute(f"CREATE DATABASE practice OWNER {CERT_ROLE}")
        yield cluster
    finally:
        if process is not None:
            subprocess.run(
                [*as_server, str(bindir / "pg_ctl"), "stop", "-D", str(server / "data"),
                 "-m", "immediate", "-w"],
                capture_output=True, timeout=60, check=False,
            )  # fmt: skip
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_until_ready(process: subprocess.Popen[bytes], cluster: TlsCluster, log: Path) -> None:
    import psycopg

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the throwaway PostgreSQL did not start: " + log.read_text()[-2000:])
        try:
            psycopg.connect(
                f"host=127.0.0.1 port={cluster.port} user={ADMIN} dbname=postgres "
                "sslmode=require connect_timeout=2"
            ).close()
            return
        except psycopg.OperationalError:
            time.sleep(0.2)
    pytest.fail("the throwaway PostgreSQL did not accept connections within 60 s")


@pytest.fixture
def database_access(django_db_blocker):
    """These tests open their own connections, to the throwaway cluster only."""
    with django_db_blocker.unblock():
        yield


def _connect(url: str) -> tuple[bool, str]:
    """Connect as Django would with the settings made from `url`; (over TLS?, current user).

    In a thread of its own: the browser tests' Playwright session, when it ran earlier in
    the same pytest process, leaves an event loop in this thread, and Django refuses
    database work in a thread with a running loop.
    """
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(_connect_here, url).result()


def _connect_here(url: str) -> tuple[bool, str]:
    from django.db.utils import ConnectionHandler

    handler = ConnectionHandler({"default": database_settings(url, Path("/nonexistent"))})
    connection = handler["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT ssl, current_user FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            over_tls, user = cursor.fetchone()
        return bool(over_tls), str(user)
    finally:
        connection.close()


def test_sslmode_disable_is_honoured_and_this_server_refuses_it(tls_cluster, database_access):
    from django.db import OperationalError

    with pytest.raises(OperationalError, match=r"no encryption|reject"):
        _connect(tls_cluster.url(ADMIN, "postgres", "sslmode=disable"))


def test_sslmode_require_connects_over_tls(tls_cluster, database_access):
    assert _connect(tls_cluster.url(ADMIN, "postgres", "sslmode=require")) == (True, ADMIN)


def test_verify_full_checks_the_server_against_sslrootcert(tls_cluster, database_access):
    right = f"sslmode=verify-full&sslrootcert={tls_cluster.ca}"
    assert _connect(tls_cluster.url(ADMIN, "postgres", right)) == (True, ADMIN)
    from django.db import OperationalError

    wrong = f"sslmode=verify-full&sslrootcert={tls_cluster.other_ca}"
    with pytest.raises(OperationalError, match="certificate verify failed"):
        _connect(tls_cluster.url(ADMIN, "postgres", wrong))


def test_sslcert_and_sslkey_log_in_with_a_client_certificate(tls_cluster, database_access):
    from django.db import OperationalError

    with pytest.raises(OperationalError, match="certificate"):
        _connect(tls_cluster.url(CERT_ROLE, "postgres", "sslmode=require"))
    query = (
        f"sslmode=verify-full&sslrootcert={tls_cluster.ca}"
        f"&sslcert={tls_cluster.client_cert}&sslkey={tls_cluster.client_key}"
    )
    assert _connect(tls_cluster.url(CERT_ROLE, "postgres", query)) == (True, CERT_ROLE)


def test_backup_create_gives_pg_dump_the_same_tls_options(tls_cluster, tmp_path):
    """pg_dump can reach this role only with the client certificate from the URL."""
    query = (
        f"sslmode=verify-full&sslrootcert={tls_cluster.ca}"
        f"&sslcert={tls_cluster.client_cert}&sslkey={tls_cluster.client_key}"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SEALBOOK_", "DJANGO_", "PG"))}
    env["SEALBOOK_HOME"] = str(tmp_path / "home")
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    env["SEALBOOK_DATABASE_URL"] = tls_cluster.url(CERT_ROLE, "practice", query)
    cli = Cli(home=tmp_path / "home", env=env)
    init = cli.init()
    assert init.returncode == 0, init.stderr
    made = cli.run("backup", "create", str(tmp_path / "b"), env=cli.unsealed())
    assert made.returncode == 0, made.stderr
    assert PASSPHRASE not in made.stdout + made.stderr
    unknown = cli.run(
        "audit",
        "verify",
        env={"SEALBOOK_DATABASE_URL": env["SEALBOOK_DATABASE_URL"] + "&application_name=other"},
    )
    assert unknown.returncode != 0
    assert "unknown option 'application_name'" in unknown.stderr
