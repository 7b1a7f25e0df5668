from django.urls import path

from sealbook.access import views

urlpatterns = [
    path("emergency/", views.emergency_search, name="emergency-search"),
    path("clients/<uuid:client_id>/break-glass/", views.break_glass, name="break-glass"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
]
