from django.urls import path

from sealbook.accounts import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("mfa/verify/", views.mfa_verify_view, name="mfa-verify"),
    path("mfa/enrol/", views.mfa_enrol_view, name="mfa-enrol"),
    path("reauthenticate/", views.reauthenticate_view, name="reauthenticate"),
]
