from django.urls import path

from sealbook.accounts import views

urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("reauthenticate/", views.reauthenticate_view, name="reauthenticate"),
]
