"""Numbers in the active language's separators, grouped whatever USE_THOUSAND_SEPARATOR says (it stays off:
on, it would also group the ids written into links and form values): "25.200 hồ sơ", "12,5%" in
Vietnamese; "25,200", "12.5%" in English."""

from django import template
from django.utils import formats

register = template.Library()


@register.filter
def number(value) -> str:
    """25200 → "25.200"; None or "" → "" (the template says what an empty figure means)."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


@register.filter
def percent(value, digits: int = 1) -> str:
    """12.5 → "12,5%"; None → "—"."""
    if value is None or value == "":
        return "—"
    return (
        formats.number_format(round(float(value), digits), digits, use_l10n=True, force_grouping=True) + "%"
    )
