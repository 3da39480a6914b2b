"""Statistics of breakthrough tasks, always scoped to the viewer (see `base` for what is counted)."""

from dotpha.reports.selectors.base import MEASURE_LABELS, MEASURES, StatsFilter, counted_tasks, measure_q
from dotpha.reports.selectors.dashboard import Dashboard, dashboard
from dotpha.reports.selectors.figures import RATES, Figures, StatsRow
from dotpha.reports.selectors.units import UnitInfo, UnitMap, unit_map

__all__ = [
    "MEASURES",
    "MEASURE_LABELS",
    "RATES",
    "Dashboard",
    "Figures",
    "StatsFilter",
    "StatsRow",
    "UnitInfo",
    "UnitMap",
    "counted_tasks",
    "dashboard",
    "measure_q",
    "unit_map",
]
