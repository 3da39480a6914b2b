"""The statistics tables' cells are written by a template tag that marks its own output safe: every value in
it is escaped, a link that is not the view's ordinary query string included."""

from django.template import Context, Template
from django.utils import translation

from dotpha.reports.columns import columns_for
from dotpha.reports.selectors import StatsRow
from dotpha.reports.selectors.figures import Figures

HOSTILE = '"><script>alert(1)</script>'


def render(row: StatsRow, *, is_total: bool = False) -> str:
    template = Template("{% load reports_tags %}{% stats_cells row columns is_total=is_total %}")
    return template.render(Context({"row": row, "columns": columns_for("units"), "is_total": is_total}))


def test_a_hostile_link_is_escaped_not_run():
    row = StatsRow(key="unit:1", label="x", figures=Figures(total=3853, approved=2, excellent=1))
    row.links = {"total": HOSTILE, "approved": "/reports/tasks/?unit=1&m=approved"}
    html = render(row)
    assert "<script>" not in html
    assert '<a href="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;">3.853</a>' in html
    assert '<a href="/reports/tasks/?unit=1&amp;m=approved">2</a>' in html
    assert '<td class="text-end" data-measure="excellent_rate">50,0%</td>' in html


def test_a_zero_opens_nothing_except_on_the_total_line_and_frozen_figures_show_under_the_cell():
    row = StatsRow(key="total", label="x", figures=Figures(total=5), frozen={"total": 1234})
    row.links = {"total": "/t", "overdue": "/o"}
    assert '<td class="text-end" data-measure="overdue"><span class="text-secondary">0</span></td>' in render(
        row
    )
    total = render(row, is_total=True)
    assert '<td class="text-end" data-measure="overdue"><a href="/o">0</a></td>' in total
    frozen = '<a href="/t">5</a><div class="small text-danger-emphasis" data-frozen="1234">{}: 1.234</div>'
    assert frozen.format("khi chốt") in total
    with translation.override("en"):
        assert frozen.format("when frozen") in render(row, is_total=True)
