from django.urls import path

from sealbook.portal import appointment_views, minors_views, passkey_views, rights_views, views

urlpatterns = [
    path("clients/<uuid:client_id>/portal/", views.invite, name="chart-portal"),
    path("clients/<uuid:client_id>/portal/sign/", views.send_consent, name="chart-portal-sign"),
    path("portal/sign/", views.documents_to_sign, name="portal-documents"),
    path("portal/sign/<uuid:request_id>/", views.sign, name="portal-sign"),
    path("portal/", views.home, name="portal-home"),
    path("portal/login/", views.login_view, name="portal-login"),
    path("portal/login/verify/", views.verify_view, name="portal-login-verify"),
    path("portal/login/enrol/", views.enrol_view, name="portal-login-enrol"),
    path("portal/logout/", views.logout_view, name="portal-logout"),
    path("portal/welcome/<str:token>/", views.welcome, name="portal-welcome"),
    path("portal/history/", views.seen_my_record, name="portal-history"),
    path("portal/requests/", views.requests_page, name="portal-requests"),
    path("portal/appointments/", views.appointments, name="portal-appointments"),
    path("portal/messages/", views.messages, name="portal-messages"),
    path("portal/messages/<uuid:thread_id>/", views.thread, name="portal-thread"),
    path("messages/", views.inbox, name="message-inbox"),
    path("messages/<uuid:thread_id>/", views.staff_thread, name="message-thread"),
    path("messages/file/<uuid:message_id>/", views.file_message, name="message-file"),
    # The client's rights: releases signed and revoked in the portal, requests for a copy,
    # an amendment, a restriction (sealbook/portal/rights_views.py).
    path("portal/releases/", rights_views.release_list, name="portal-releases"),
    path(
        "portal/releases/<uuid:release_id>/", rights_views.release_sign, name="portal-release-sign"
    ),
    path(
        "portal/releases/<uuid:authorization_id>/revoke/",
        rights_views.release_revoke,
        name="portal-release-revoke",
    ),
    path("portal/requests/copy/", rights_views.copy_request, name="portal-copy-request"),
    path(
        "portal/requests/copy/<uuid:copy_id>/",
        rights_views.copy_download,
        name="portal-copy-download",
    ),
    path(
        "portal/requests/amendment/",
        rights_views.amendment_request,
        name="portal-amendment-request",
    ),
    path(
        "portal/requests/amendment/<uuid:amendment_id>/disagree/",
        rights_views.amendment_disagree,
        name="portal-amendment-disagree",
    ),
    path(
        "portal/requests/restriction/",
        rights_views.restriction_request,
        name="portal-restriction-request",
    ),
    path(
        "clients/<uuid:client_id>/portal/release/",
        rights_views.send_release,
        name="chart-portal-release",
    ),
    path(
        "clients/<uuid:client_id>/portal/rights/",
        rights_views.client_rights,
        name="chart-portal-rights",
    ),
    path("rights/copies/<uuid:copy_id>/", rights_views.deliver_copy, name="rights-copy-deliver"),
    path(
        "rights/amendments/<uuid:amendment_id>/",
        rights_views.answer_amendment,
        name="rights-amendment-answer",
    ),
    path(
        "rights/restrictions/<uuid:restriction_id>/",
        rights_views.answer_restriction,
        name="rights-restriction-answer",
    ),
    # Minors and guardians; the video join button; passkeys (portal-minors).
    path(
        "clients/<uuid:client_id>/portal/minors/",
        minors_views.minors,
        name="chart-portal-minors",
    ),
    path(
        "clients/minor-consents/<uuid:consent_id>/withdraw/",
        minors_views.withdraw,
        name="chart-portal-minor-withdraw",
    ),
    path(
        "portal/appointments/<uuid:appointment_id>/join/",
        appointment_views.join,
        name="portal-appointment-join",
    ),
    path("portal/passkeys/", passkey_views.passkey_list, name="portal-passkeys"),
    path("portal/passkeys/options/", passkey_views.enrol_options, name="portal-passkey-options"),
    path("portal/passkeys/enrol/", passkey_views.enrol, name="portal-passkey-enrol"),
    path(
        "portal/passkeys/<int:passkey_id>/remove/",
        passkey_views.remove,
        name="portal-passkey-remove",
    ),
    path("portal/login/passkey/", passkey_views.login_passkey, name="portal-login-passkey"),
    path(
        "portal/login/passkey/options/",
        passkey_views.login_passkey_options,
        name="portal-login-passkey-options",
    ),
    path(
        "portal/login/passkey/verify/",
        passkey_views.login_passkey_verify,
        name="portal-login-passkey-verify",
    ),
]
