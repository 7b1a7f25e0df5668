"""Every Django form of the apps takes random and hostile input without raising.

The forms are found by walking the `sealbook` package, so a new form is
fuzzed without being listed. A form must answer with errors (which render)
or with cleaned data free of NUL characters, never with an exception.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

from django import forms
from django.http import QueryDict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sealbook
from tests.attack.hostile import hostile_value_for

# Modules that are not importable inside a running test (entry points, migrations).
SKIPPED = (".migrations", ".cli.", "sealbook.wsgi", "sealbook.__main__", "sealbook.settings")


def form_classes() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(sealbook.__path__, "sealbook."):
        if not any(part in info.name + "." for part in SKIPPED):
            importlib.import_module(info.name)
    found = set()
    pending = list(forms.BaseForm.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("sealbook."):
            found.add(cls)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMS = form_classes()


def test_the_forms_are_found():
    names = {c.__name__ for c in FORMS}
    assert {"ClientForm", "LoginForm", "AuthorizationForm", "ShareForm", "NewStaffForm"} <= names


def make_form(cls: type[forms.BaseForm], data: Any, cast: Any) -> forms.BaseForm:
    """The form, with whatever its constructor needs besides the data (found by name)."""
    extra = {
        "user": cast.casey,
        "note_format": "soap",
        "client": cast.riley,
        "supervisor": cast.morgan,
        "custodian": True,
        "clients": type(cast.riley).objects.all(),
    }
    params = inspect.signature(cls.__init__).parameters
    positional = []
    for name, p in list(params.items())[1:]:
        # What comes before the data (`ClientForm(user, data)`), up to `data` or `*args`.
        if name == "data" or p.kind is not p.POSITIONAL_OR_KEYWORD:
            break
        positional.append(extra[name])
    keywords = {
        name: extra[name]
        for name, p in params.items()
        if p.kind is p.KEYWORD_ONLY and p.default is p.empty
    }
    return cls(*positional, data, **keywords)


def field_choices(field: forms.Field) -> list[str]:
    choices = getattr(field, "choices", None) or []
    return [str(value) for value, _label in choices if not isinstance(_label, list | tuple)]


# One test over all forms (not one per form): the cast is built once, which keeps it fast.
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(draw=st.data())
def test_every_form_answers_hostile_input_with_errors_or_clean_data(cast, draw):
    for cls in FORMS:
        fields = make_form(cls, None, cast).fields
        data = QueryDict(mutable=True)
        for name, field in fields.items():
            many = isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField)
            values = draw.draw(
                st.lists(hostile_value_for(field_choices(field)), max_size=3 if many else 1),
                label=f"{cls.__name__}.{name}",
            )
            data.setlist(name, values)
        form = make_form(cls, data, cast)
        if form.is_valid():
            for value in form.cleaned_data.values():
                assert not (isinstance(value, str) and "\x00" in value), cls.__name__
        else:
            assert form.errors.as_text(), cls.__name__
            form.as_div()
