"""The records behind a figure: the same tasks the figure counts, so the list's length is the figure."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from dotpha.accounts.access import cadres_visible_to
from dotpha.accounts.models import User
from dotpha.org.models import Cadre, Unit
from dotpha.reports.selectors.base import StatsFilter, measure_q, with_states
from dotpha.reports.selectors.scoping import stats_base
from dotpha.reports.selectors.units import UnitMap, unit_map
from dotpha.tasks.models import Task
from dotpha.tasks.selectors import tasks_visible_to

LIST_RELATED = ("programme", "period", "field", "assignee_cadre", "assignee_unit", "evaluation")


@dataclass(frozen=True)
class Drill:
    root: Unit
    filter: StatsFilter
    measure: str = "total"
    row: Unit | None = None  # a unit under the root; None: the whole root
    exact: bool = False  # only the tasks counted at `row` itself, not under its sub-units
    cadre: Cadre | None = None
    collective: bool = False
    nofield: bool = False


def drill_cadre(user: User, cadre_id: int) -> Cadre | None:
    """The cadre a drill-down is filtered by, when the user may see them: in their scope, or the assignee of a
    task they see (the names the figures link to). None otherwise: the name is never shown."""
    seen = Q(pk__in=cadres_visible_to(user).values("pk")) | Q(
        pk__in=tasks_visible_to(user).order_by().values("assignee_cadre")
    )
    return Cadre.objects.filter(seen, pk=cadre_id).first()


def drill_tasks(user: User, drill: Drill, *, today: datetime.date) -> tuple[QuerySet[Task], UnitMap]:
    """The tasks behind the figure, with `progress` and `home_unit` annotated, and the unit map to name each
    task's unit. Two queries for the map; the caller counts and pages the tasks."""
    umap = unit_map(drill.root, on=today)
    within = drill.row.pk if drill.row is not None and drill.row.pk in umap.units else None
    ids = umap.home_ids(
        within=within,
        exactly=drill.exact,
        level_id=drill.filter.level.pk if drill.filter.level else None,
    )
    qs = (
        with_states(stats_base(user, umap, drill.filter), today)
        .filter(Q(home_unit__in=ids))
        .filter(measure_q(drill.measure))
    )
    if drill.cadre is not None:
        qs = qs.filter(assignee_cadre=drill.cadre)
    if drill.collective:
        qs = qs.filter(assignee_unit__isnull=False)
    if drill.nofield:
        qs = qs.filter(field__isnull=True)
    return qs.select_related(*LIST_RELATED).order_by("assignee_cadre__full_name", "title", "pk"), umap
