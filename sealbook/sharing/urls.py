from django.urls import path

from sealbook.sharing import views

urlpatterns = [
    path(
        "clients/<uuid:client_id>/share/",
        views.share_case_material,
        name="share-case-material",
    ),
    path("clients/<uuid:client_id>/share/review/", views.share_review, name="share-review"),
    path("clients/<uuid:client_id>/share/packet/", views.share_packet, name="share-packet"),
    path("clients/<uuid:client_id>/share/disclose/", views.share_disclose, name="share-disclose"),
    path("leak-check/", views.leak_check, name="leak-check"),
]
