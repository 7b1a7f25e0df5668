from django.urls import path

from sealbook.oversight import views

urlpatterns = [
    path("audit/", views.audit_log, name="audit-log"),
    path("audit/export.csv", views.audit_log_csv, name="audit-log-csv"),
    path("audit/export.pdf", views.audit_log_pdf, name="audit-log-pdf"),
    path("audit/report/", views.audit_report, name="audit-report"),
    path("alerts/", views.alerts, name="alerts"),
    path("alerts/acknowledge/", views.alert_acknowledge, name="alert-acknowledge"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/<uuid:incident_id>/", views.incident, name="incident"),
    path(
        "incidents/<uuid:incident_id>/letters/<uuid:client_id>/",
        views.incident_letter,
        name="incident-letter",
    ),
    path("incidents/<uuid:incident_id>/mailed/", views.incident_mailed, name="incident-mailed"),
]
