from django.urls import path

from sealbook.drafts import views

urlpatterns = [
    path("drafts/", views.drafts_for_page, name="drafts"),
    path("drafts/<uuid:draft_id>/restore/", views.restore, name="draft-restore"),
    path("drafts/<uuid:draft_id>/discard/", views.discard, name="draft-discard"),
    path("drafts/idle-logoff/", views.idle_logoff, name="idle-logoff"),
]
