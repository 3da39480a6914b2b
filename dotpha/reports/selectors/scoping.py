"""What the dashboard, the cadre table and the drill-down lists share: the tasks that count under a root
(their stored home unit, in SQL; placement under the root's rows in Python), and rows created on first
use."""

from django.db.models import Q, QuerySet

from dotpha.accounts.models import User
from dotpha.org.models import Unit
from dotpha.reports.selectors.base import StatsFilter, counted_tasks
from dotpha.reports.selectors.figures import StatsRow
from dotpha.reports.selectors.units import UnitInfo, UnitMap
from dotpha.tasks.models import Task


def under_root(umap: UnitMap) -> Q:
    """The tasks whose home unit counts under the root, by the home unit stored in their facts (one index
    range: `taskfacts_home_unit`), the units `placed` accepts. Not needed for a province (a tree's root):
    every home unit of its tree counts there, and `placed` drops any other."""
    if len(umap.root.path) == Unit.steplen:
        return Q()
    return Q(facts__home_unit_id__in=sorted(umap.placement))


def stats_base(user: User, umap: UnitMap, f: StatsFilter, *, with_period: bool = True) -> QuerySet[Task]:
    return counted_tasks(user, f, with_period=with_period).filter(under_root(umap))


class Rows:
    """Rows keyed by a string, created on first use."""

    def __init__(self) -> None:
        self.rows: dict[str, StatsRow] = {}

    def get(self, key: str, label: str, params: dict[str, str], **extra) -> StatsRow:
        if key not in self.rows:
            self.rows[key] = StatsRow(key=key, label=label, params=params, **extra)
        return self.rows[key]


def placed(umap: UnitMap, f: StatsFilter, home_id: int | None) -> tuple[UnitInfo, UnitInfo] | None:
    """(effective unit, row unit) of a home unit, or None when it does not count here."""
    if home_id is None or home_id not in umap.placement:
        return None
    eff_id, row_id = umap.placement[home_id]
    eff = umap.units[eff_id]
    if f.level is not None and eff.level_id != f.level.pk:
        return None
    return eff, umap.units[row_id]


def unit_row_key(umap: UnitMap, unit: UnitInfo) -> str:
    return "unit:direct" if unit.pk == umap.root.pk else f"unit:{unit.pk}"


def unit_row(rows: Rows, umap: UnitMap, unit: UnitInfo) -> StatsRow:
    if unit.pk == umap.root.pk:
        return rows.get(
            "unit:direct", unit.name, {"row": str(unit.pk), "exact": "1"}, note="trực tiếp", unit_id=unit.pk
        )
    return rows.get(
        f"unit:{unit.pk}",
        unit.name,
        {"row": str(unit.pk)},
        unit_id=unit.pk,
        is_historical=unit.is_historical,
        note="đã sáp nhập, giải thể" if unit.is_historical else "",
    )
