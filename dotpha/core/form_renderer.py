"""The forms' renderer: Django's own, except that a `<select>` is written in Python."""

import html
from typing import Any

from django.forms.renderers import DjangoTemplates
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

SELECT_TEMPLATE = "django/forms/widgets/select.html"


class FormRenderer(DjangoTemplates):
    """Django renders each `<option>` through a template include of its own, about 0.1 ms apiece: an instance
    serving every province lists 4,000 units in force in the task list's unit filter, which took 0.4 s of
    the page. The same markup written here costs a few microseconds an option. Every other template, and
    every widget with a template of its own, is rendered by Django as before."""

    def render(self, template_name: str, context: dict[str, Any], request=None) -> str:
        if template_name == SELECT_TEMPLATE:
            return select_html(context["widget"])
        return super().render(template_name, context, request)


def _escaped(value: Any) -> str:
    """`conditional_escape` without its lazy-string wrapper, which was a third of the options' time: text
    marked safe as it is, anything else through the same `html.escape` as Django's `escape`."""
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


def _option_attrs(attrs: dict[str, Any]) -> str:
    if not attrs:
        return ""
    if attrs == {"selected": True}:
        return " selected"
    return flatatt(attrs)


def select_html(widget: dict[str, Any]) -> SafeString:
    """What Django's select.html and select_option.html write, from the same context (`Select.get_context`):
    the attributes (True alone, False left out), each option's value, attributes and label escaped."""
    parts: list[str] = [format_html('<select name="{}"{}>', widget["name"], flatatt(widget["attrs"]))]
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        parts.extend(
            f'<option value="{_escaped(option["value"])}"{_option_attrs(option["attrs"])}>'
            f"{_escaped(option['label'])}</option>"
            for option in options
        )
        if group_name:
            parts.append("</optgroup>")
    parts.append("</select>")
    # every value and label above is escaped, every attribute written by flatatt, the tags are literals
    return mark_safe("".join(parts))
