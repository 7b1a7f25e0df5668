from django.urls import path

from sealbook.scheduling import setup_views, views

urlpatterns = [
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/book/", views.book, name="calendar-book"),
    path("calendar/rooms/", setup_views.calendar_rooms, name="calendar-rooms"),
    path("calendar/hours/<int:user_id>/", setup_views.clinician_hours, name="calendar-hours"),
    path("calendar/subscribe/", views.calendar_subscribe, name="calendar-subscribe"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("appointments/<uuid:appointment_id>/", views.appointment_detail, name="appointment"),
    path(
        "appointments/<uuid:appointment_id>/move/", views.appointment_move, name="appointment-move"
    ),
    path(
        "appointments/<uuid:appointment_id>/cancel/",
        views.appointment_cancel,
        name="appointment-cancel",
    ),
    path(
        "appointments/<uuid:appointment_id>/note/", views.appointment_note, name="appointment-note"
    ),
    path(
        "appointments/<uuid:appointment_id>/no-show/",
        views.appointment_no_show,
        name="appointment-no-show",
    ),
]
