from django.urls import path

from sealbook.consent import views

urlpatterns = [
    path("clients/<uuid:client_id>/consents/", views.client_consents, name="client-consents"),
    path("clients/<uuid:client_id>/consents/<slug:kind>/sign/", views.sign, name="consent-sign"),
    path(
        "consent-signatures/<uuid:signature_id>/withdraw/",
        views.withdraw,
        name="consent-withdraw",
    ),
    path("consent-documents/", views.documents, name="consent-documents"),
    path("consent-documents/<slug:kind>/edit/", views.edit_document, name="consent-document-edit"),
]
