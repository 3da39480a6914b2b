"""The benchmark's hand-written SQL and the dashboard selector agree (so its ratio compares like with like).
The benchmark itself (`manage.py bench_dashboard`, 100,000 tasks) is not part of the suite."""

import datetime

import pytest

from dotpha.reports.bench.data import build
from dotpha.reports.bench.raw import raw_facts
from dotpha.reports.selectors import StatsFilter, unit_map
from dotpha.reports.selectors.dashboard import fetch_facts, fold

pytestmark = pytest.mark.django_db


def norm(rows):
    return sorted((tuple(bool(v) if isinstance(v, bool) else v for v in row) for row in rows), key=repr)


@pytest.mark.parametrize("today", [datetime.date(2024, 6, 1), datetime.date(2026, 11, 25)])
def test_hand_written_sql_and_the_selector_agree(today):
    province = build(600, districts=1)
    period = province.periods[2024]
    f = StatsFilter(period=period)
    umap = unit_map(province.root)
    orm = fetch_facts(province.organizer, umap, f, today=today)
    raw = raw_facts(province.organizer, province.root, period, today=today, whole_tree=True)
    for part in ("lines", "cadres", "trend"):
        assert norm(getattr(orm, part)) == norm(getattr(raw, part)), part
    board = fold(province.root, umap, f, orm, today=today)
    assert board.total.figures == fold(province.root, umap, f, raw, today=today).total.figures
    assert board.total.figures.approved > 0 and board.total.figures.on_track + board.total.figures.overdue > 0
