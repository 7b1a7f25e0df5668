"""TOTP seeds are sealed under a practice key and recovery codes kept as Argon2id hashes,
in new practices and in the rows an earlier release left in django-otp's tables."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.db import connection
from django_otp.oath import totp

from sealbook.core.errors import SealbookError
from sealbook.staff.models import RecoveryCodeDevice, TOTPDevice
from sealbook.vault import runtime
from tests.conftest import PASSWORD

CASEY = "casey@practice.example.org"


def database_text() -> str:
    """Every value of every table, as text (bytes both raw and as hex), to search for secrets."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, (bytes, memoryview)):
                        raw = bytes(value)
                        parts += [raw.hex(), raw.decode("latin-1")]
                    else:
                        parts.append(str(value))
    return "\n".join(parts).lower()


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    client.post("/login/", {"email": CASEY, "password": PASSWORD})
    client.get("/mfa/enrol/")
    device = TOTPDevice.objects.get(user__username=CASEY, confirmed=False)
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    page = client.post("/mfa/enrol/", {"code": code}).content.decode()
    return device, re.findall(r"<li><code>(\w+)</code></li>", page)


def test_no_seed_or_recovery_code_is_stored_in_the_clear(client, cast):
    device, codes = enrol(client)
    assert len(codes) == 10
    stored = database_text()
    assert device.bin_key.hex() not in stored
    assert not any(code in stored for code in codes)


def test_recovery_codes_are_kept_as_argon2id_hashes(client, cast):
    _, codes = enrol(client)
    hashes = list(RecoveryCodeDevice.objects.get(user=cast.casey).codes.values_list("code_hash"))
    assert len(hashes) == len(codes)
    assert all(h.startswith("argon2$argon2id$") for (h,) in hashes)


def test_a_seed_is_bound_to_its_row(cast):
    # A sealed seed copied onto another user's device does not open there.
    mine = TOTPDevice.objects.create(user=cast.casey, name="phone")
    theirs = TOTPDevice.objects.create(user=cast.quinn, name="phone")
    raw = TOTPDevice.objects.filter(pk=mine.pk).values_list("seed", flat=True).get()
    TOTPDevice.objects.filter(pk=theirs.pk).update(seed=bytes(raw))
    with pytest.raises(Exception):  # noqa: B017 - one opaque decryption error
        TOTPDevice.objects.get(pk=theirs.pk).bin_key  # noqa: B018


def test_the_seed_needs_the_practice_key(cast):
    device = TOTPDevice.objects.create(user=cast.casey, name="phone")
    runtime.seal()
    with pytest.raises(runtime.PracticeSealed):
        TOTPDevice.objects.get(pk=device.pk).bin_key  # noqa: B018


# The second factors of an earlier release, in django-otp's own tables.
OLD_TABLES = [
    """CREATE TABLE otp_totp_totpdevice (id integer PRIMARY KEY, user_id integer NOT NULL,
    name varchar(64) NOT NULL, confirmed boolean NOT NULL, key varchar(80) NOT NULL,
    step smallint NOT NULL, t0 bigint NOT NULL, digits smallint NOT NULL,
    tolerance smallint NOT NULL, drift smallint NOT NULL, last_t bigint NOT NULL,
    throttling_failure_timestamp timestamp NULL, throttling_failure_count integer NOT NULL,
    created_at timestamp NULL, last_used_at timestamp NULL)""",
    """CREATE TABLE otp_static_staticdevice (id integer PRIMARY KEY, user_id integer NOT NULL,
    name varchar(64) NOT NULL, confirmed boolean NOT NULL,
    throttling_failure_timestamp timestamp NULL, throttling_failure_count integer NOT NULL,
    created_at timestamp NULL, last_used_at timestamp NULL)""",
    """CREATE TABLE otp_static_statictoken (id integer PRIMARY KEY,
    device_id integer NOT NULL, token varchar(16) NOT NULL)""",
]
OLD_SEED = "3132333435363738393031323334353637383930"  # RFC 6238's test seed
OLD_CODE = "kq2zr7bd"


def leave_an_earlier_release_device(user_id: int) -> None:
    with connection.cursor() as cursor:
        for statement in OLD_TABLES:
            cursor.execute(statement)
        cursor.execute(
            "INSERT INTO otp_totp_totpdevice VALUES "
            "(7, %s, 'phone', %s, %s, 30, 0, 6, 1, 0, -1, NULL, 0, NULL, NULL)",
            [user_id, True, OLD_SEED],
        )
        cursor.execute(
            "INSERT INTO otp_static_staticdevice VALUES (3, %s, 'codes', %s, NULL, 0, NULL, NULL)",
            [user_id, True],
        )
        cursor.execute("INSERT INTO otp_static_statictoken VALUES (1, 3, %s)", [OLD_CODE])


class InTestTransaction:
    """What the migration uses of a schema editor, on the test's connection.

    SQLite's own schema editor refuses to open inside the test's transaction,
    and a transactional test cannot empty the append-only audit log afterwards.
    """

    connection = connection

    def execute(self, sql: str) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)

    def quote_name(self, name: str) -> str:
        return connection.ops.quote_name(name)


def run_the_migration() -> None:
    from importlib import import_module

    migration = import_module("sealbook.staff.migrations.0002_seal_existing_second_factors")
    migration.seal_existing_second_factors(apps, InTestTransaction())


def test_the_upgrade_seals_an_earlier_release_s_seeds_and_hashes_its_codes(cast):
    leave_an_earlier_release_device(cast.casey.pk)
    run_the_migration()
    tables = connection.introspection.table_names()
    assert not {"otp_totp_totpdevice", "otp_static_staticdevice", "otp_static_statictoken"} & set(
        tables
    )
    stored = database_text()
    assert OLD_SEED not in stored and OLD_CODE not in stored
    device = TOTPDevice.objects.get(user=cast.casey)
    assert device.confirmed and device.bin_key.hex() == OLD_SEED
    code = totp(device.bin_key, step=30, t0=0, digits=6)
    assert device.verify_token(f"{code:06d}")
    recovery = RecoveryCodeDevice.objects.get(user=cast.casey)
    assert recovery.verify_token(OLD_CODE) and not recovery.verify_token(OLD_CODE)


def test_the_upgrade_refuses_to_run_sealed_and_changes_nothing(cast):
    leave_an_earlier_release_device(cast.casey.pk)
    runtime.seal()
    with pytest.raises(SealbookError, match="sealbook upgrade"):
        run_the_migration()
    assert "otp_totp_totpdevice" in connection.introspection.table_names()
    assert not TOTPDevice.objects.exists()
