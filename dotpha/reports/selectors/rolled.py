"""The dashboard's grouped lines read from the rollups (`dotpha.reports.rollups`) instead of counted from the
tasks: the same lines in the same shape (`dashboard.Facts`), so that `fold` and everything after it is
shared. Used when the sums hold for the day asked and the viewer sees every task (the sums do not know who
may see what); otherwise None, and the dashboard counts the tasks.

Four queries: the sums' day, whether the viewer sees every task, the lines, the cadres, the trend (the
filters select rows by their keys; placement under the root stays in Python, `fold`)."""

import datetime

from django.db.models import QuerySet, Sum

from dotpha.accounts.access import scope_of
from dotpha.accounts.models import User
from dotpha.org.models import Unit
from dotpha.reports.models import CadreRollup, RollupState, TaskRollup
from dotpha.reports.selectors.base import StatsFilter
from dotpha.reports.selectors.units import UnitMap
from dotpha.tasks.models import TaskStatus

Lines = tuple[list[tuple], list[tuple], list[tuple]]


def sees_every_task(user: User) -> bool:
    """The viewer's scope holds every tree (then `tasks_visible_to` holds every task: each has an authority
    unit). One query."""
    scope = scope_of(user)
    if scope.is_superuser:
        return True
    return bool(scope.paths) and not Unit.objects.filter(depth=1).exclude(path__in=scope.paths).exists()


def sums_day() -> tuple[datetime.date | None, datetime.date | None]:
    """(the day the sums hold for, the day a rebuild was last queued). One query."""
    found = RollupState.objects.filter(pk=1).values_list("as_of", "queued_on").first()
    return found if found is not None else (None, None)


def _keyed[M: (TaskRollup, CadreRollup)](sums: QuerySet[M], f: StatsFilter) -> QuerySet[M]:
    sums = sums.filter(n__gt=0)
    if f.programme:
        sums = sums.filter(programme_id=f.programme.pk)
    if f.field:
        sums = sums.filter(field_id=f.field.pk)
    if f.kind:
        sums = sums.filter(kind=f.kind)
    return sums


def _in_period(sums: QuerySet, f: StatsFilter) -> QuerySet:
    """A chosen year reads that year's rows (graded by its review in a phase); otherwise each period's last
    year (graded by the evaluation), as `base.year_result` says."""
    sums = sums.filter(year=f.year) if f.year else sums.filter(last=True)
    return sums.filter(period_id=f.period.pk) if f.period else sums


def _none(value: object) -> object:
    return value or None


def rolled_lines(umap: UnitMap, f: StatsFilter, *, whole: bool) -> Lines:
    """(lines, cadres, trend) as `dashboard.fetch_facts` returns them. Three queries."""
    tasks = _keyed(TaskRollup.objects.all(), f)
    if f.status:
        tasks = tasks.filter(status=f.status)
    lines = [
        (_none(home), _none(field), kind, status, _none(progress), _none(grade), ahead, n)
        for home, field, kind, status, progress, grade, ahead, n in _in_period(tasks, f)
        .values_list("home_unit_id", "field_id", "kind", "status", "progress", "grade", "ahead")
        .annotate(n=Sum("n"))
        .order_by()
    ]
    cadres: list[tuple] = []
    if f.status in ("", TaskStatus.APPROVED):
        cadres = [
            (_none(home), cadre, _none(field), kind)
            for home, cadre, field, kind in _in_period(_keyed(CadreRollup.objects.all(), f), f)
            .values_list("home_unit_id", "cadre_id", "field_id", "kind")
            .distinct()
            .order_by()
        ]
    # whole tree: every line counts under the root, no need to group by home unit
    by_year = tasks.values_list(*([] if whole else ["home_unit_id"]), "year", "status", "grade", "ahead")
    trend = [
        ((umap.root.pk,) if whole else (_none(home[0]),)) + (year, status, _none(grade), ahead, n)
        for *home, year, status, grade, ahead, n in by_year.annotate(n=Sum("n")).order_by()
    ]
    return lines, cadres, trend
