"""Numbers as offices print them, and the lookups the statistics tables need."""

from html import escape

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext

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
def get(mapping, key):
    return mapping.get(key, "") if mapping else ""


@register.simple_tag
def stats_cells(row, columns, is_total: bool = False) -> SafeString:
    """The figure cells of a statistics table's row: a count opens its drill-down list (a zero does not,
    except on the total line), a rate is printed, and a figure that changed since the period's snapshot shows
    the frozen one under it. Written here with every value escaped (`escape`, the standard library's, which
    Django's own calls) rather than by a loop in the template or `format_html` per cell: a dashboard has
    thousands of cells and their lookups were most of the page's time."""
    return SafeString("".join(_cell(row, column, is_total) for column in columns))


def _cell(row, column, is_total: bool) -> str:
    code = column.code
    value = getattr(row.figures, code)
    if column.is_rate:
        shown = escape(vn_pct(value))
    elif value or is_total:
        shown = f'<a href="{escape(row.links.get(code, ""))}">{escape(vn_int(value))}</a>'
    else:
        shown = '<span class="text-secondary">0</span>'
    if code in row.frozen:
        then = row.frozen[code]
        said = gettext("khi chốt: %(n)s") % {"n": vn_int(then)}
        shown += (
            f'<div class="small text-danger-emphasis" data-frozen="{escape(str(then))}">{escape(said)}</div>'
        )
    return f'<td class="text-end" data-measure="{escape(code)}">{shown}</td>'
