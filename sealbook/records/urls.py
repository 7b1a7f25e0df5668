from django.urls import path

from sealbook.records import breakglass_views, care_team_views, views

urlpatterns = [
    path("clients/", views.client_list, name="client-list"),
    path("clients/search/", views.client_search, name="client-search"),
    path("clients/new/", views.client_new, name="client-new"),
    path("clients/<uuid:client_id>/", views.chart, name="chart"),
    path(
        "clients/<uuid:client_id>/demographics/",
        views.demographics_edit,
        name="demographics-edit",
    ),
    path("clients/<uuid:client_id>/care-team/", care_team_views.care_team_page, name="care-team"),
    path("clients/<uuid:client_id>/sessions/new/", views.session_new, name="session-new"),
    path("clients/<uuid:client_id>/notes/new/", views.note_new, name="note-new"),
    path("notes/<uuid:note_id>/", views.note_detail, name="note"),
    path("notes/<uuid:note_id>/sign/", views.note_sign, name="note-sign"),
    path("notes/<uuid:note_id>/amend/", views.note_amend, name="note-amend"),
    path("emergency/", breakglass_views.emergency_search, name="emergency-search"),
    path(
        "clients/<uuid:client_id>/break-glass/",
        breakglass_views.break_glass,
        name="break-glass",
    ),
]
