from django.urls import path

from sealbook.telehealth import views

urlpatterns = [
    path("video/sessions/<uuid:session_id>/", views.video_session, name="video-session"),
    path("video/sessions/<uuid:session_id>/open/", views.video_open, name="video-open"),
    path("video/sessions/<uuid:session_id>/links/", views.video_link, name="video-link"),
    path("video/sessions/<uuid:session_id>/end/", views.video_end, name="video-end"),
    path(
        "video/sessions/<uuid:session_id>/participants/",
        views.video_participants,
        name="video-participants",
    ),
    path("video/sessions/<uuid:session_id>/media/", views.video_media, name="video-media"),
    path("video/sessions/<uuid:session_id>/record/", views.video_record, name="video-record"),
    path(
        "video/recordings/<uuid:recording_id>/stop/",
        views.video_recording_stop,
        name="video-recording-stop",
    ),
    path(
        "video/recordings/<uuid:recording_id>/file/",
        views.video_recording_file,
        name="video-recording-file",
    ),
    path("video/sessions/<uuid:session_id>/janus", views.video_janus, name="video-janus"),
    path(
        "video/sessions/<uuid:session_id>/janus/<int:janus_session>",
        views.video_janus,
        name="video-janus-session",
    ),
    path(
        "video/sessions/<uuid:session_id>/janus/<int:janus_session>/<int:handle>",
        views.video_janus,
        name="video-janus-handle",
    ),
    path(
        "video/links/<uuid:link_id>/<slug:verb>/",
        views.video_participant,
        name="video-participant",
    ),
    path("video/join/<str:token>/", views.join, name="join"),
    path("video/join/<str:token>/status", views.join_status, name="join-status"),
    path("video/join/<str:token>/leave", views.join_leave, name="join-leave"),
    path("video/join/<str:token>/janus", views.join_janus, name="join-janus"),
    path(
        "video/join/<str:token>/janus/<int:janus_session>",
        views.join_janus,
        name="join-janus-session",
    ),
    path(
        "video/join/<str:token>/janus/<int:janus_session>/<int:handle>",
        views.join_janus,
        name="join-janus-handle",
    ),
]
