"""The dashboard's grouped lines read from the rollups (`dotpha.reports.rollups`) instead of counted from the
tasks, already added up per table (`dashboard.Tables`), so that `fold` and everything after it is shared.
Used when the sums hold for the day asked and the viewer sees every task the sums count under the unit asked
(the sums do not know who may see what; `answers`); otherwise the dashboard counts the tasks.

The filters select sums by their keys; placement under the root stays in Python (`fold`)."""

import datetime
import hashlib
from typing import NamedTuple

from django.core.cache import caches
from django.db.models import QuerySet, Subquery, Sum

from dotpha.accounts.access import holds_every_tree, scope_of
from dotpha.accounts.models import User
from dotpha.org.models import Cadre, Unit
from dotpha.reports.models import (
    CadreRollup,
    CadreStateRollup,
    CountedTask,
    FieldRollup,
    HomeRollup,
    RollupState,
    RollupVersion,
    TaskRollup,
)
from dotpha.reports.selectors.base import StatsFilter
from dotpha.reports.selectors.lines import Facts, Tables
from dotpha.reports.selectors.units import UnitMap
from dotpha.tasks.models import TaskStatus


class SumsState(NamedTuple):
    as_of: datetime.date | None  # the day the sums hold for
    queued_on: datetime.date | None  # the day a rebuild was last queued
    version: str  # changes with every change of the sums (`rollups.new_version`)


def sums_state() -> SumsState:
    """One query."""
    version = RollupVersion.objects.filter(pk=1).values("token")
    found = (
        RollupState.objects.filter(pk=1)
        .annotate(version=Subquery(version))
        .values_list("as_of", "queued_on", "version")
        .first()
    )
    return SumsState(*found[:2], found[2] or "") if found is not None else SumsState(None, None, "")


def sums_day() -> tuple[datetime.date | None, datetime.date | None]:
    """(the day the sums hold for, the day a rebuild was last queued). One query."""
    as_of, queued_on, _version = sums_state()
    return as_of, queued_on


def answers(user: User, umap: UnitMap, as_of: datetime.date | None, today: datetime.date) -> bool:
    """Whether the sums, and the states stored with them, answer this viewer about `umap`'s root on `today`:
    they hold for that day, and the viewer sees every task they count there. That is everyone who sees every
    task, and everyone whose subtrees hold every home unit counted under the root, since a task is seen by
    whoever sees its home unit (`tasks_visible_to`): a province's organisation board on an instance serving
    several provinces, a department head on their unit's board."""
    if as_of != today:
        return False
    if holds_every_tree(user):
        return True
    paths = tuple(scope_of(user).paths)
    return bool(paths) and all(umap.units[home_id].path.startswith(paths) for home_id in umap.placement)


def in_state(progress: str, f: StatsFilter) -> QuerySet:
    """The ids of the tasks in a progress state, ungraded, as the sums hold them for their day: the board's
    progress figure, task by task (`CountedTask`, written with every change of a task, rebuilt nightly)."""
    rows = _in_period(CountedTask.objects.filter(progress=progress, grade=""), f)
    # the tasks' own filters select the same tasks; repeated here, the programme narrows the rows read
    return (rows.filter(programme_id=f.programme.pk) if f.programme else rows).values("task_id")


def _keyed(sums: QuerySet, f: StatsFilter) -> QuerySet:
    """The sums the filter selects by their keys (a rollup without field or kind is read only when neither
    is chosen)."""
    sums = sums.filter(n__gt=0)
    if f.programme:
        sums = sums.filter(programme_id=f.programme.pk)
    if f.field:
        sums = sums.filter(field_id=f.field.pk)
    if f.kind:
        sums = sums.filter(kind=f.kind)
    if f.status and sums.model is not CadreRollup:
        sums = sums.filter(status=f.status)
    return sums


def _in_period(sums: QuerySet, f: StatsFilter) -> QuerySet:
    """A chosen year reads that year's rows (graded by its review in a phase); otherwise each period's last
    year (graded by the evaluation), as `base.year_result` says."""
    sums = sums.filter(year=f.year) if f.year else sums.filter(last=True)
    return sums.filter(period_id=f.period.pk) if f.period else sums


def _none(value: object) -> object:
    """The sums store 0 or "" for no home unit, field, progress or grade; the counted lines have None."""
    return value or None


def whole_trees(umap: UnitMap) -> list[str] | None:
    """The paths of the trees whose every unit counts under the root, when every unit counted under it is in
    one of them (a province's board on an instance serving several; with a province merged into it, both
    trees), so that the sums kept per tree hold exactly what counts under the root. None otherwise: part of a
    tree (a department, a commune) or a tree split between roots. No query."""
    trees = {umap.units[unit_id].path[: Unit.steplen] for unit_id in umap.placement}
    # a tree's root among the units loaded: every unit of that tree is loaded (`units.unit_map`)
    if not trees <= {unit.path for unit in umap.units.values()}:
        return None
    in_trees = [unit.pk for unit in umap.units.values() if unit.path[: Unit.steplen] in trees]
    return sorted(trees) if all(unit_id in umap.placement for unit_id in in_trees) else None


def _own_trees(umap: UnitMap, f: StatsFilter, *, whole: bool) -> list[str] | None:
    """The trees whose sums by field the board reads (`whole_trees`), unless every line counts under the root
    or a level is chosen."""
    return None if whole or f.level is not None else whole_trees(umap)


def cached_facts(version: str, umap: UnitMap, f: StatsFilter, *, whole: bool) -> Facts:
    """`rolled_facts`, kept in this process's memory (the "figures" cache) under the sums' version and what
    the queries select by: the same sums, read again only once they change (at 100,000 tasks, 6.6 ms to
    load the sums kept against 74 ms to read them). A version changes after its change commits, so sums
    kept under a version are those of that version or newer; kept ten minutes at most, should a server stop
    between a commit and the change of version."""
    selects = (
        umap.root.pk,
        whole,
        _own_trees(umap, f, whole=whole),
        None if whole else sorted(umap.placement),
        *(
            getattr(value, "pk", value)
            for value in (f.programme, f.period, f.year, f.field, f.kind, f.status)
        ),
        f.level is None,
    )
    key = f"rolled-facts:{version}:{hashlib.sha256(repr(selects).encode()).hexdigest()}"
    cache = caches["figures"]
    facts = cache.get(key)
    if facts is None:
        facts = rolled_facts(umap, f, whole=whole)
        cache.set(key, facts)
    return facts


def rolled_facts(umap: UnitMap, f: StatsFilter, *, whole: bool) -> Facts:
    """The lines added up per table (`lines.Tables`) and the trend, as `dashboard.fetch_facts` gives them.
    Seven queries, each over the smallest rollup that holds what it groups by: by unit, the sums without
    field and kind (unless one is chosen); by field and kind, when every line counts under the root
    (`whole`), the sums without home unit (the lines are then given the root as their home), or those of the
    root's own trees when they count under it whole (`whole_trees`, unless a level is chosen); otherwise the
    crossed sums of the home units under the root, summed without the home unit unless a level is chosen."""

    def under_root(sums: QuerySet) -> QuerySet:
        # a unit's dashboard: only the sums of the home units that can count under it
        return _keyed(sums if whole else sums.filter(home_unit_id__in=sorted(umap.placement)), f)

    crossed = under_root(TaskRollup.objects.all())
    per_home = crossed if f.field or f.kind else under_root(HomeRollup.objects.all())
    trees = _own_trees(umap, f, whole=whole)
    if whole or trees:
        per_field = _keyed(
            FieldRollup.objects.filter(tree_path__in=trees) if trees else FieldRollup.objects.all(), f
        )
    else:
        per_field = crossed
    cadres = _in_period(under_root(CadreRollup.objects.all()), f)
    if f.status not in ("", TaskStatus.APPROVED):
        cadres = cadres.none()  # distinct cadres count approved tasks only
    # (the columns grouped by, what leads each line): the home unit, or the root. Unless a level is chosen,
    # every line whose home counts under the root counts alike in the field, kind and trend tables
    # (`scoping.placed`), so these sum in SQL without the home unit, led by the root: a province of an
    # instance serving several (not `whole`) folded 188,000 crossed lines in Python at a million tasks.
    by_home: tuple[list[str], tuple] = (["home_unit_id"], ())
    home = ([], (umap.root.pk,)) if whole or f.level is None else by_home

    def summed(sums: QuerySet, by: tuple[list[str], tuple], *more: str) -> list[tuple]:
        columns, lead = by
        lines = _in_period(sums, f).values_list(*columns, *more, "status", "progress", "grade", "ahead")
        return [
            (*lead, *(_none(k) for k in keys), status, _none(progress), _none(grade), ahead, n)
            for *keys, status, progress, grade, ahead, n in lines.annotate(n=Sum("n")).order_by()
        ]

    def distinct(by: tuple[list[str], tuple], *more: str) -> set[tuple]:
        columns, lead = by
        lines = cadres.values_list(*columns, *more, "cadre_id").distinct().order_by()
        return {(*lead, *(_none(k) for k in keys), cadre) for *keys, cadre in lines}

    tables = Tables(
        homes=summed(per_home, by_home),
        fields=summed(per_field, home, "field_id"),
        kinds=summed(per_field, home, "kind"),
        cadre_homes=distinct(by_home),
        cadre_fields=distinct(home, "field_id"),
        cadre_kinds=distinct(home, "kind"),
    )
    # the trend: every year, whatever period or year is chosen
    columns, lead = home
    years = (per_field if whole or trees else per_home).values_list(
        *columns, "year", "status", "grade", "ahead"
    )
    trend = [
        (*lead, *(_none(k) for k in keys), year, status, _none(grade), ahead, n)
        for *keys, year, status, grade, ahead, n in years.annotate(n=Sum("n")).order_by()
    ]
    return Facts(trend=trend, tables=tables)


def cadre_lines(umap: UnitMap, f: StatsFilter) -> list[tuple]:
    """The cadre table's lines (cadre id, full name, home unit, status, progress, grade, ahead, n), as
    `cadres.counted_lines` counts them, when no field or kind is chosen (these sums hold neither). Two
    queries: the sums of the home units that can count under the root, then the cadres' names."""
    # only the home units counted under the root: on an instance serving several provinces, a province's
    # organisation board reads these sums too, and the other provinces' cadres are not theirs to load
    sums = CadreStateRollup.objects.filter(home_unit_id__in=sorted(umap.placement))
    lines = list(
        _in_period(_keyed(sums, f), f)
        .values_list("cadre_id", "home_unit_id", "status", "progress", "grade", "ahead")
        .annotate(n=Sum("n"))
        .order_by()
    )
    names = dict(Cadre.objects.filter(pk__in={line[0] for line in lines}).values_list("pk", "full_name"))
    return [
        (cadre, names[cadre], _none(home), status, _none(progress), _none(grade), ahead, n)
        for cadre, home, status, progress, grade, ahead, n in lines
    ]


def cadre_counts(home_ids: list[int], f: StatsFilter, *, nofield: bool) -> dict[int, int]:
    """The cadres the board's "cadres" figure counts under these home units (the sums by cadre: approved tasks
    of a cadre), each with their number of tasks: the figure's drill-down. `nofield`: the tasks without a
    field only. One query."""
    if f.status not in ("", TaskStatus.APPROVED):
        return {}  # distinct cadres count approved tasks only
    sums = _in_period(_keyed(CadreRollup.objects.filter(home_unit_id__in=home_ids), f), f)
    if nofield:
        sums = sums.filter(field_id=0)
    tasks = sums.values("cadre_id").annotate(tasks=Sum("n")).order_by()
    return {cadre: n for cadre, n in tasks.values_list("cadre_id", "tasks") if n}
