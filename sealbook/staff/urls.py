from django.urls import path

from sealbook.staff import member_views, views

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
    path("staff/<int:user_id>/role/", member_views.staff_role, name="staff-role"),
    path("staff/<int:user_id>/supervisor/", member_views.staff_supervisor, name="staff-supervisor"),
    path("practice/custodian/", member_views.custodian, name="custodian"),
    path("reauthenticate/", views.reauthenticate_view, name="reauthenticate"),
]
