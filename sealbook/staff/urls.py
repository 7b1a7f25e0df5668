from django.urls import path

from sealbook.staff import member_views, passkey_views, views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("mfa/verify/", views.mfa_verify_view, name="mfa-verify"),
    path("mfa/enrol/", views.mfa_enrol_view, name="mfa-enrol"),
    path("staff/", member_views.staff_list, name="staff"),
    path("staff/new/", member_views.staff_new, name="staff-new"),
    path(
        "staff/<int:user_id>/reset-password/",
        member_views.staff_reset_password,
        name="staff-reset-password",
    ),
    path("staff/<int:user_id>/deactivate/", member_views.staff_deactivate, name="staff-deactivate"),
    path("staff/<int:user_id>/reactivate/", member_views.staff_reactivate, name="staff-reactivate"),
    path(
        "staff/<int:user_id>/invite-again/",
        member_views.staff_invite_again,
        name="staff-invite-again",
    ),
    path("staff/welcome/<str:token>/", views.welcome_view, name="staff-welcome"),
    path("staff/<int:user_id>/report/", member_views.staff_report, name="staff-report"),
    path("staff/<int:user_id>/report.pdf", member_views.staff_report_pdf, name="staff-report-pdf"),
    path("staff/<int:user_id>/role/", member_views.staff_role, name="staff-role"),
    path(
        "staff/<int:user_id>/home-address/",
        member_views.staff_home_address,
        name="staff-home-address",
    ),
    path("staff/<int:user_id>/supervisor/", member_views.staff_supervisor, name="staff-supervisor"),
    path("practice/custodian/", member_views.custodian, name="custodian"),
    path("practice/policy/", member_views.practice_policy_page, name="practice-policy"),
    path("reauthenticate/", views.reauthenticate_view, name="reauthenticate"),
    # Passkeys (WebAuthn): sealbook/staff/passkeys.py.
    path("account/passkeys/", passkey_views.passkey_list, name="passkeys"),
    path(
        "account/passkeys/options/",
        passkey_views.passkey_enrol_options,
        name="passkey-enrol-options",
    ),
    path("account/passkeys/enrol/", passkey_views.passkey_enrol, name="passkey-enrol"),
    path(
        "account/passkeys/<int:passkey_id>/remove/",
        passkey_views.passkey_remove,
        name="passkey-remove",
    ),
    path("practice/passkeys/", passkey_views.passkey_policy, name="passkey-policy"),
    path("mfa/passkey/", passkey_views.mfa_passkey, name="mfa-passkey"),
    path("mfa/passkey/options/", passkey_views.mfa_passkey_options, name="mfa-passkey-options"),
    path("mfa/passkey/verify/", passkey_views.mfa_passkey_verify, name="mfa-passkey-verify"),
    path(
        "reauthenticate/passkey/options/",
        passkey_views.reauthenticate_passkey_options,
        name="reauthenticate-passkey-options",
    ),
    path(
        "reauthenticate/passkey/verify/",
        passkey_views.reauthenticate_passkey_verify,
        name="reauthenticate-passkey-verify",
    ),
]
