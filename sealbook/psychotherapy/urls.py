from django.urls import path

from sealbook.psychotherapy import views

urlpatterns = [
    path("account/key/", views.key_status, name="psychotherapy-key"),
    path("account/key/enrol/", views.enrol, name="psychotherapy-enrol"),
    path("account/password/", views.change_password, name="change-password"),
    path(
        "clients/<uuid:client_id>/psychotherapy-notes/",
        views.client_notes,
        name="psychotherapy-notes",
    ),
    path("psychotherapy-notes/<uuid:note_id>/", views.note, name="psychotherapy-note"),
]
