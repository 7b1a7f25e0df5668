"""Every form renders through the project's renderer: an error summary that takes the
focus and links each error to its field, and fields described by their errors."""

from __future__ import annotations

import re

import pytest
from django import forms

from tests.conftest import sign_in


class ExampleForm(forms.Form):
    name = forms.CharField(label="Name")
    kinds = forms.MultipleChoiceField(
        label="Kinds", choices=[("a", "A"), ("b", "B")], widget=forms.CheckboxSelectMultiple
    )
    token = forms.CharField(widget=forms.HiddenInput)

    def clean(self):
        raise forms.ValidationError("The form as a whole is wrong.")


def test_a_valid_or_unbound_form_has_no_error_summary():
    assert 'id="form-problems"' not in ExampleForm().as_div()
    assert 'id="form-problems"' not in str(ExampleForm())


def test_the_error_summary_comes_first_takes_the_focus_and_links_each_field():
    html = ExampleForm({}).as_div()
    summary = html[: html.index("</div>\n</div>")]
    assert html.lstrip().startswith(
        '<div class="error-summary" id="form-problems" tabindex="-1" autofocus>'
    )
    assert '<div role="alert">' in summary
    assert "<li>The form as a whole is wrong.</li>" in summary
    assert '<a href="#id_name">Name: This field is required.</a>' in summary
    # A checkbox group has no single input: its error links to the first box.
    assert '<a href="#id_kinds_0">Kinds: This field is required.</a>' in summary
    # A hidden field cannot take the focus, so its error is plain text.
    assert re.search(r"<li>\(Hidden field token\) This field is required\.</li>", summary)


def test_each_field_and_checkbox_group_is_described_by_its_own_error():
    html = str(ExampleForm({}))
    assert re.search(r'<input type="text" name="name"[^>]*aria-describedby="id_name_error"', html)
    assert '<fieldset aria-describedby="id_kinds_error">' in html
    assert '<ul class="errorlist" id="id_name_error">' in html
    assert '<ul class="errorlist" id="id_kinds_error">' in html


@pytest.mark.django_db
def test_a_form_laid_out_by_hand_shows_the_same_summary(client, cast):
    sign_in(client, cast.casey)
    response = client.post("/leak-check/", {"text": ""})
    assert response.status_code in (200, 400)
    html = response.content.decode()
    assert 'id="form-problems"' in html
    assert '<a href="#id_text">' in html
    assert 'aria-describedby="id_text_error"' in html
    assert 'id="id_text_error"' in html


@pytest.mark.django_db
def test_the_authorization_form_links_its_checkbox_group(client, cast):
    sign_in(client, cast.casey)
    response = client.post(f"/clients/{cast.riley.id}/authorizations/new/", {"kind": "general"})
    html = response.content.decode()
    assert html.count('id="form-problems"') == 1
    assert '<a href="#id_categories_0">' in html
    assert '<fieldset aria-describedby="id_categories_error">' in html
