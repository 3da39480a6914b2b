"""The records behind a figure: the same tasks the figure counts, so the list's length is the figure.

The list is in the assignees' Vietnamese name order, read from the index on `TaskFacts.assignee_key` (then
the task's id; a collective's tasks after the people's), and counted up to `COUNT_BOUND` as the task list is:
at a million tasks a province's figure holds 300,000 of them, and counting and sorting them took a second."""

import datetime
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet

from dotpha.accounts.access import cadres_visible_to
from dotpha.accounts.models import User
from dotpha.org.models import Cadre, Unit
from dotpha.reports.selectors import rolled
from dotpha.reports.selectors.base import PROGRESS_MEASURES, StatsFilter, measure_q, with_states
from dotpha.reports.selectors.scoping import stats_base
from dotpha.reports.selectors.units import UnitMap, unit_map
from dotpha.tasks.models import Task
from dotpha.tasks.selectors import tasks_visible_to
from dotpha.tasks.selectors.seek import COUNT_BOUND, BoundedCount, rows_by_id

LIST_RELATED = ("programme", "period", "field", "assignee_cadre", "assignee_unit", "evaluation")
# the assignees' Vietnamese name order (`Cadre.sort_key`, copied into the facts and indexed), a collective's
# tasks last, then the id
NAME_ORDER = (F("facts__assignee_key").asc(nulls_last=True), "pk")


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
    ids = _home_ids(drill, umap)
    qs = with_states(stats_base(user, umap, drill.filter), today).filter(Q(home_unit__in=ids))
    as_of, _queued = rolled.sums_day()
    if drill.measure in PROGRESS_MEASURES and rolled.answers(user, umap, as_of, today):
        # the state the board's figure counted, stored for today: the planner estimates it, where a state
        # computed at read time it took for a few rows and joined every task (1.2 s at a million)
        qs = qs.filter(pk__in=rolled.in_state(drill.measure, drill.filter))
    else:
        qs = qs.filter(measure_q(drill.measure, today))
    if drill.cadre is not None:
        qs = qs.filter(assignee_cadre=drill.cadre)
    if drill.collective:
        qs = qs.filter(assignee_unit__isnull=False)
    if drill.nofield:
        qs = qs.filter(field__isnull=True)
    return qs.select_related(*LIST_RELATED).order_by(*NAME_ORDER), umap


def _home_ids(drill: Drill, umap: UnitMap) -> list[int]:
    """The home units whose tasks the figure counts (the row's, or the root's, at the level chosen)."""
    within = drill.row.pk if drill.row is not None and drill.row.pk in umap.units else None
    level_id = drill.filter.level.pk if drill.filter.level else None
    return umap.home_ids(within=within, exactly=drill.exact, level_id=level_id)


def drill_cadres(
    user: User, drill: Drill, tasks: QuerySet[Task], umap: UnitMap, *, today: datetime.date
) -> list[dict]:
    """The cadres behind the "cadres" figure (`tasks`: `drill_tasks` of that measure), each with their number
    of tasks, in Vietnamese name order (their names read, then ordered by their keys). While the sums answer
    the viewer (`rolled.answers`), the numbers are the sums by cadre the figure was counted from
    (`rolled.cadre_counts`): a province's figure holds 258,000 tasks at a million, and grouping them took
    1.2 s. Otherwise the tasks are grouped by the cadre's id (grouped by the name and its key, PostgreSQL
    sorted them on disk). A province's cadres are a few thousand, paged by the caller."""
    as_of, _queued = rolled.sums_day()
    if drill.cadre is None and not drill.collective and rolled.answers(user, umap, as_of, today):
        counts = rolled.cadre_counts(_home_ids(drill, umap), drill.filter, nofield=drill.nofield)
    else:
        grouped = tasks.order_by().values("assignee_cadre").annotate(n=Count("pk"))
        counts = dict(grouped.values_list("assignee_cadre", "n"))
    cadres = Cadre.objects.filter(pk__in=[pk for pk in counts if pk is not None]).values_list(
        "pk", "full_name", "sort_key"
    )
    ordered = sorted(cadres, key=lambda c: (bytes(c[2]), c[0]))
    return [
        {"assignee_cadre": pk, "assignee_cadre__full_name": name, "n": counts[pk]} for pk, name, _ in ordered
    ]


@dataclass(frozen=True)
class DrillPage:
    rows: list[Task]
    total: BoundedCount
    page: Page  # the pager's numbers over the rows counted (its own items are positions, not tasks)


def _name_order(found: tuple[int, bytes | memoryview | None]) -> tuple:
    """`NAME_ORDER` in Python: the key's bytes (PostgreSQL gives a memoryview), none last, then the id."""
    pk, key = found
    return key is None, bytes(key) if key is not None else b"", pk


def drill_page(tasks: QuerySet[Task], number: str | int | None, size: int) -> DrillPage:
    """One page of `drill_tasks`' list, in its order, and the list counted up to `COUNT_BOUND`.

    One query reads the ids and name keys of the list, unordered, stopping past the bound. A list within it
    is ordered here: its tasks may be few among many, and a plan walking the name index for them would read
    the whole table. A longer list's page is read in the index's order, ids only; its pages end at the bound.
    Either way the page's rows are then read by their ids: the planner cannot estimate a progress state
    (computed with today's date), and with the rows' joins it once chose a plan of 30 s for 50 overdue tasks
    at a million."""
    found = list(tasks.order_by().values_list("pk", "facts__assignee_key")[: COUNT_BOUND + 1])
    total = BoundedCount(value=min(len(found), COUNT_BOUND), more=len(found) > COUNT_BOUND)
    page = Paginator(range(total.value), size).get_page(number)
    start = (page.number - 1) * size
    if total.more:
        ids = list(tasks.values_list("pk", flat=True)[start : start + size])
    else:
        found.sort(key=_name_order)
        ids = [pk for pk, _key in found[start : start + size]]
    return DrillPage(rows=rows_by_id(tasks, ids), total=total, page=page)
