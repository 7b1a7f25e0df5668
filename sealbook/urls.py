from django.urls import include, path

urlpatterns = [
    path("", include("sealbook.staff.urls")),
    path("", include("sealbook.records.urls")),
    path("", include("sealbook.consent.urls")),
    path("", include("sealbook.disclosure.urls")),
    path("", include("sealbook.export.urls")),
    path("", include("sealbook.sharing.urls")),
    path("", include("sealbook.documents.urls")),
    path("", include("sealbook.scheduling.urls")),
    path("", include("sealbook.access.urls")),
    path("", include("sealbook.psychotherapy.urls")),
    path("", include("sealbook.drafts.urls")),
    path("", include("sealbook.mail.urls")),
    path("", include("sealbook.oversight.urls")),
    path("", include("sealbook.portal.urls")),
    path("", include("sealbook.telehealth.urls")),
    path("", include("sealbook.web.urls")),
]

# A database that cannot be reached answers 503 with Retry-After, anything else 500.
handler500 = "sealbook.web.views.server_error"
