"""The notifications page says what each notice is about in words, never its stored code."""

from __future__ import annotations

import re

from sealbook.access.models import Notification, NotificationKind
from tests.conftest import sign_in


def what_column(page: str) -> list[str]:
    return re.findall(r"<tr class=\"[^\"]*\"><td>[^<]*</td><td>([^<]*)</td>", page)


def test_every_kind_is_shown_by_its_label(client, cast):
    for kind in NotificationKind:
        Notification.objects.create(recipient=cast.owner, kind=kind, actor=cast.casey)
    page = sign_in(client, cast.owner).get("/notifications/").content.decode()
    assert sorted(what_column(page)) == sorted(str(kind.label) for kind in NotificationKind)
    assert "custodian-takeover" not in page


def test_an_unknown_kind_is_shown_as_a_notice_not_as_its_code(client, cast):
    Notification.objects.create(recipient=cast.owner, kind="from-a-later-release")
    page = sign_in(client, cast.owner).get("/notifications/").content.decode()
    assert what_column(page) == ["A notice from Sealbook"]
    assert "from-a-later-release" not in page
