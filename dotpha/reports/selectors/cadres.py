"""The cadre table of a unit's dashboard: one row per cadre whose tasks count there, and one for the tasks
of collectives, so the rows add up to the unit's total. Its lines are read from the rollups when the
dashboard's are (`selectors.rolled.cadre_lines`, unless a field or kind is chosen), otherwise counted from
the tasks in one query."""

import datetime
from collections.abc import Iterable

from django.db.models import Count

from dotpha.accounts.models import User
from dotpha.reports.selectors import rolled
from dotpha.reports.selectors.base import StatsFilter, with_states
from dotpha.reports.selectors.figures import Figures, StatsRow
from dotpha.reports.selectors.scoping import Rows, placed, stats_base
from dotpha.reports.selectors.units import UnitMap

# the annotations (home unit, progress) are passed by name: the grouping is the same as the dashboard's
CADRE_FIELDS = [
    "assignee_cadre",
    "assignee_cadre__full_name",
    "home_unit",
    "status",
    "progress",
    "year_grade",
    "year_ahead",
]


def counted_lines(user: User, umap: UnitMap, f: StatsFilter, *, today: datetime.date) -> list[tuple]:
    """(cadre id, full name, home unit, status, progress, grade, ahead, n) of the tasks the user sees."""
    return list(
        with_states(stats_base(user, umap, f), today)
        .filter(assignee_cadre__isnull=False)
        .values_list(*CADRE_FIELDS)
        .annotate(n=Count("pk"))
        .order_by()
    )


def cadre_rows(
    user: User, umap: UnitMap, f: StatsFilter, *, today: datetime.date, total: StatsRow, sums: bool
) -> list[StatsRow]:
    """`sums`: the dashboard's lines were read from the rollups (they hold for today and the user sees
    every task they count under the root), so may these."""
    if sums and not (f.field or f.kind):
        lines = rolled.cadre_lines(umap, f)
    else:
        lines = counted_lines(user, umap, f, today=today)
    rows = Rows()
    units_of: dict[str, set[str]] = {}
    for cadre_id, name, home, status, progress, grade, ahead, n in lines:
        where = placed(umap, f, home)
        if where is None:
            continue
        key = f"cadre:{cadre_id}"
        row = rows.get(key, name, {"cadre": str(cadre_id)})
        units_of.setdefault(key, set()).add(where[0].name)
        row.figures.add(status=status, progress=progress, grade=grade, ahead=ahead, n=n)
    # two cadres of the same name keep one order (by their record) on every page and in every file
    result = sorted(
        rows.rows.values(), key=lambda r: (_given_name(r.label), r.label, int(r.key.split(":")[1]))
    )
    for row in result:
        row.note = ", ".join(sorted(units_of[row.key]))
        row.figures.cadres = 1 if row.figures.approved else 0
    collective = StatsRow(key="collective", label="Việc giao cho tập thể", params={"collective": "1"})
    collective.figures = _minus(total.figures, (r.figures for r in result))
    if collective.figures.total:
        result.append(collective)
    return result


def _given_name(full_name: str) -> str:
    """Vietnamese lists sort by the given name, the last word."""
    return full_name.split()[-1] if full_name else ""


def _minus(whole: Figures, parts: Iterable[Figures]) -> Figures:
    rest = Figures()
    rest.merge(whole)
    for part in parts:
        for name, value in part.as_dict().items():
            if name != "cadres":
                setattr(rest, name, getattr(rest, name) - value)
    return rest
