from django.urls import path

from sealbook.documents import views

urlpatterns = [
    path("clients/<uuid:client_id>/documents/new/", views.document_new, name="document-new"),
    path("documents/<uuid:document_id>/file/", views.document_file, name="document-file"),
]
