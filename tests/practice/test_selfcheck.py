"""`sealbook check` reports the practice's second-factor policy (in process)."""

from __future__ import annotations

from typing import Any

from sealbook.access.models import PracticePolicy, current_policy
from sealbook.practice.selfcheck import CHECKS, PASS, WARN, check_mfa, run_checks
from sealbook.staff.models import TOTPDevice


def test_check_says_mfa_is_required_and_counts_who_has_yet_to_enrol(cast: Any) -> None:
    TOTPDevice.objects.create(user=cast.casey, name="phone", confirmed=True)
    TOTPDevice.objects.create(user=cast.quinn, name="phone", confirmed=False)  # not finished
    finding = check_mfa()
    assert finding.status == PASS
    assert finding.safeguard == "164.312(d) authentication"
    # The owner and five staff of the cast: only Casey has a confirmed device.
    assert "required for every staff account; 5 of 6 active accounts still to enrol" in (
        finding.message
    )


def test_check_warns_when_the_practice_turns_mfa_off(cast: Any) -> None:
    policy = current_policy()
    policy.mfa_required = False
    policy.save()
    finding = check_mfa()
    assert finding.status == WARN
    assert "second factor (MFA) is OFF" in finding.message
    # A warning is printed with the rest but is not a failure.
    assert check_mfa in CHECKS
    assert any(f.status == WARN for f in run_checks())


def test_check_reads_the_default_policy_without_writing_one(cast: Any) -> None:
    PracticePolicy.objects.all().delete()
    assert check_mfa().status == PASS
    assert not PracticePolicy.objects.exists()


def test_check_reports_how_e_mail_leaves(cast: Any, settings: Any) -> None:
    from sealbook.conf import smtp_settings
    from sealbook.practice.selfcheck import FAIL, check_mail

    def configure(url: str | None) -> None:
        for name, value in smtp_settings(url).items():
            setattr(settings, name, value)

    configure(None)
    assert check_mail().status == WARN
    configure("smtp://mail.example.org")
    assert check_mail().status == FAIL
    assert "without TLS" in check_mail().message
    configure("smtp://127.0.0.1:2525")
    assert check_mail().status == PASS
    configure("smtp+starttls://u@mail.example.org")
    assert (check_mail().status, check_mail().message) == (
        PASS,
        "e-mail goes to mail.example.org over TLS",
    )
