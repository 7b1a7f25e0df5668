from django.urls import path

from sealbook.web import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("still-here/", views.still_here, name="still-here"),
    path("session/idle/", views.idle_status, name="idle-status"),
    path("session/stay/", views.stay_signed_in, name="stay-signed-in"),
    path("health/", health.health, name="health"),
]
