"""Numbers as offices print them, and the lookups the statistics tables need."""

from django import template

from dotpha.reports.formatting import vn_int, vn_pct

register = template.Library()


@register.filter
def vn(value) -> str:
    """3853 → "3.853"."""
    return vn_int(value)


@register.filter
def pct(value) -> str:
    """33.19 → "33,2%"; None → "–"."""
    return vn_pct(value)


@register.filter
def figure(figures, code: str):
    return getattr(figures, code, None)


@register.filter
def get(mapping, key):
    return mapping.get(key, "") if mapping else ""
