"""Enrolment: one new key pair, wrapped under the password and under a recovery code."""

from __future__ import annotations

from sealbook.core.crypto.sealing import RFC9106_SECOND
from sealbook.core.crypto.user_keys.enrolment import Enrolment
from sealbook.core.crypto.user_keys.password_wrap import (
    password_wrap_parameters,
    unwrap_private_key_with_password,
)
from sealbook.core.crypto.user_keys.recovery_code import unwrap_private_key_with_recovery_code
from tests.core.crypto.user_keys.support import PASSWORD


def test_enrolment_wraps_one_key_under_the_password_and_under_the_recovery_code(
    enrolment: Enrolment,
) -> None:
    by_password = unwrap_private_key_with_password(enrolment.password_wrapped, PASSWORD)
    by_code = unwrap_private_key_with_recovery_code(
        enrolment.recovery_wrapped, enrolment.recovery_code
    )
    assert by_password == by_code == enrolment.key_pair
    assert enrolment.public_key == enrolment.key_pair.public_key
    assert password_wrap_parameters(enrolment.password_wrapped) == RFC9106_SECOND


def test_an_enrolment_never_shows_its_recovery_code(enrolment: Enrolment) -> None:
    assert enrolment.recovery_code not in repr(enrolment)
