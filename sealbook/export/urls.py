from django.urls import path

from sealbook.export import views

urlpatterns = [
    path(
        "authorizations/<uuid:authorization_id>/send/",
        views.send_under_authorization,
        name="send-under-authorization",
    ),
    path("clients/<uuid:client_id>/disclose/", views.disclose, name="disclose"),
    path(
        "clients/<uuid:client_id>/access-requests/",
        views.client_access_requests,
        name="client-access-requests",
    ),
    path(
        "access-requests/<uuid:request_id>/extend/",
        views.access_request_extend,
        name="access-request-extend",
    ),
    path(
        "access-requests/<uuid:request_id>/fulfil/",
        views.access_request_fulfil,
        name="access-request-fulfil",
    ),
    path("access-requests/", views.dashboard, name="access-requests"),
]
