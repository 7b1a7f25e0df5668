"""The documents section of a chart, rendered by `{% documents_section client %}`.

The chart view belongs to records; this tag lets its template show
documents without records knowing about them. What is listed follows the
policy: the care team sees the list, whoever may add a document sees the form.
"""

from __future__ import annotations

from typing import Any

from django import template

from sealbook.access.policy import Action, permits
from sealbook.documents.models import Document, DocumentKind
from sealbook.records.getters import owned_by

register = template.Library()


@register.inclusion_tag("documents/_section.html", takes_context=True)
def documents_section(context: dict[str, Any], client: Any) -> dict[str, Any]:
    user = context["request"].user
    can_view = permits(user, Action.VIEW_DOCUMENTS, client)
    documents = owned_by(client, Document.objects.all()) if can_view else []
    return {
        "client": client,
        "documents": documents,
        "can_view": can_view,
        "can_add": permits(user, Action.ADD_DOCUMENT, client),
        "kinds": DocumentKind.choices,
        "csrf_token": context.get("csrf_token"),
    }
