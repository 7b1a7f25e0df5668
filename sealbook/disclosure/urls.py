from django.urls import path

from sealbook.disclosure import views

urlpatterns = [
    path(
        "clients/<uuid:client_id>/authorizations/",
        views.client_authorizations,
        name="client-authorizations",
    ),
    path(
        "clients/<uuid:client_id>/authorizations/new/",
        views.authorization_new,
        name="authorization-new",
    ),
    path("clients/<uuid:client_id>/accounting/", views.accounting, name="accounting"),
    path(
        "authorizations/<uuid:authorization_id>/",
        views.authorization_detail,
        name="authorization",
    ),
    path(
        "authorizations/<uuid:authorization_id>/revoke/",
        views.authorization_revoke,
        name="authorization-revoke",
    ),
    path(
        "authorizations/<uuid:authorization_id>/expiry-event/",
        views.authorization_expiry_event,
        name="authorization-expiry-event",
    ),
    path(
        "authorizations/<uuid:authorization_id>/print/",
        views.authorization_print,
        name="authorization-print",
    ),
]
