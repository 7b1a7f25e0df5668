"""How every form of Sealbook renders: Django's renderer with the project's form template.

The template (web/forms/form.html) opens with the error summary
(web/forms/error_summary.html), which takes the focus when the page loads and
links each error to its field. Django itself ties each field to its own error
list with aria-describedby, on the fieldset for a group of checkboxes or radio
buttons. Pages that lay a form out by hand include the same summary.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates

FORM_TEMPLATE = "web/forms/form.html"


class SealbookFormRenderer(DjangoTemplates):
    form_template_name = FORM_TEMPLATE
    # `{{ form.as_div }}` names Django's own template rather than the renderer's
    # form template; the templates use it everywhere, so it gets ours too.
    replaced = {"django/forms/div.html": FORM_TEMPLATE}

    def get_template(self, template_name: str) -> Any:
        return super().get_template(self.replaced.get(template_name, template_name))
