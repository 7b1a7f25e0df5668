"""The demo's mailbox: the e-mails the demo's catcher received (demo only)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from sealbook.mail.catcher import read_folder


@require_GET
def caught_mail(request: HttpRequest) -> HttpResponse:
    """Every e-mail the demo sent, newest first; 404 outside the demo.

    Open to anyone: a newcomer follows an invitation from here before they
    have an account, and the demo's e-mails, like all of Sealbook's, carry
    nothing identifying.
    """
    folder = getattr(settings, "SEALBOOK_DEMO_MAIL_DIR", None)
    if not folder:
        raise Http404
    messages = [
        {
            "to": message["To"],
            "sender": message["From"],
            "subject": message["Subject"],
            "date": message["Date"],
            "body": message.get_content(),
        }
        for message in read_folder(Path(folder))
    ]
    return render(request, "mail/caught.html", {"messages": messages})
