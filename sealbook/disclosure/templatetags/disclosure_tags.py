"""Labels for the coded values an authorization keeps in the clear."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from sealbook.disclosure.models import Category

register = template.Library()


@register.filter
def category_labels(values: Iterable[str]) -> list[str]:
    """The readable label of each category code; an unknown code (from a later
    version) is shown as it is rather than dropped, so nothing disappears."""
    labels = dict(Category.choices)
    return [str(labels.get(value, value)) for value in values]
