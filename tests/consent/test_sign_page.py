"""The signing page dates a signature today, shown as text; only a paper form signed
on an earlier day carries another date."""

from __future__ import annotations

import datetime

import pytest

from sealbook.consent.models import ConsentSignature
from tests.conftest import sign_in
from tests.disclosure.support import today


def page_url(cast) -> str:
    return f"/clients/{cast.riley.pk}/consents/informed-consent/sign/"


@pytest.fixture
def casey(client, cast):
    return sign_in(client, cast.casey)


def form_data(casey, cast, **overrides):
    digest = casey.get(page_url(cast)).context["document"].text_sha256
    data = {"signer_name": "Riley Synthwood", "method": "typed", "text_sha256": digest,
            "agreed": "on"}  # fmt: skip
    data.update(overrides)
    return data


def test_the_date_is_today_as_text_not_an_input(casey, cast):
    page = casey.get(page_url(cast)).content.decode()
    assert f'<time datetime="{today():%Y-%m-%d}">{today():%Y-%m-%d}</time> (today)' in page
    assert 'name="signed_on"' not in page
    assert f'max="{today():%Y-%m-%d}"' in page  # the paper date cannot be in the future


def test_a_typed_signature_is_dated_today_whatever_is_posted(casey, cast):
    stale = (today() - datetime.timedelta(days=40)).isoformat()
    assert casey.post(page_url(cast), form_data(casey, cast, signed_on=stale)).status_code == 302
    assert ConsentSignature.objects.get().signed_on == today()


def test_a_paper_form_signed_earlier_keeps_its_date(casey, cast):
    earlier = today() - datetime.timedelta(days=3)
    data = form_data(casey, cast, method="paper", paper_signed_on=earlier.isoformat())
    assert casey.post(page_url(cast), data).status_code == 302
    assert ConsentSignature.objects.get().signed_on == earlier


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"paper_signed_on": "2026-01-05"}, "only for a paper form"),
        ({"method": "paper", "paper_signed_on": "2999-01-01"}, "cannot be in the future"),
    ],
)
def test_a_date_that_cannot_be_right_saves_nothing(casey, cast, overrides, message):
    response = casey.post(page_url(cast), form_data(casey, cast, **overrides))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ConsentSignature.objects.exists()


def test_signatures_are_listed_newest_signed_first(casey, cast):
    for days in (10, 2, 30):
        when = (today() - datetime.timedelta(days=days)).isoformat()
        casey.post(page_url(cast), form_data(casey, cast, method="paper", paper_signed_on=when))
    page = casey.get(f"/clients/{cast.riley.pk}/consents/").content.decode()
    found = [page.find(f"<td>{today() - datetime.timedelta(days=d):%Y-%m-%d}</td>")
             for d in (2, 10, 30)]  # fmt: skip
    assert -1 not in found and found == sorted(found)


def test_each_record_a_signature_link_says_whose_and_which_consent(casey, cast):
    import html
    import re

    from sealbook.consent.models import ConsentKind

    page = casey.get(f"/clients/{cast.riley.pk}/consents/").content.decode()
    links = re.findall(r"<a href=\"[^\"]*/sign/\">(.*?)</a>", page)
    names = [html.unescape(re.sub(r"<[^>]+>", "", link)) for link in links]
    assert names == [
        f"Record a signature of Ri Synthwood on “{kind.label}”" for kind in ConsentKind
    ]
