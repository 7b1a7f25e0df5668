from django.urls import path

from sealbook.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("still-here/", views.still_here, name="still-here"),
    path("audit/", views.audit_log, name="audit-log"),
]
