"""Reads of the year-end grading sheet: which sheets an evaluator has (one per period and authority unit
holding approved tasks they grade), and the sheet's rows with what the meeting looks at."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Count, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from dotpha.accounts.models import User
from dotpha.core.collation import collated, name_order
from dotpha.org.models import Unit
from dotpha.programmes.models import Period
from dotpha.tasks.models import (
    Evaluation,
    GradingLine,
    GradingSheet,
    Milestone,
    Obstacle,
    ObstacleStatus,
    Target,
    Task,
    TaskStatus,
)
from dotpha.tasks.selectors import my_tasks, tasks_to_evaluate, with_progress


@dataclass(frozen=True)
class SheetSummary:
    period: Period
    authority_unit: Unit
    tasks: int
    evaluated: int
    sheet: GradingSheet | None


# a period's tasks are due for grading (and self-assessment) from this many days before its end
GRADING_WINDOW_DAYS = 30


def in_grading_window(today: datetime.date, prefix: str = "") -> Q:
    """Tasks of a period that ends within GRADING_WINDOW_DAYS (or has ended) and is not closed yet."""
    return Q(
        **{
            f"{prefix}period__end_date__lte": today + datetime.timedelta(days=GRADING_WINDOW_DAYS),
            f"{prefix}period__closed_at__isnull": True,
        }
    )


def not_graded() -> Q:
    """No grade given yet: as NOT EXISTS, which PostgreSQL estimates well (as an outer join's "grade empty or
    missing" it guessed one row, and at a province's size chose a plan 20 times slower)."""
    return ~Q(Exists(Evaluation.objects.filter(task=OuterRef("pk"), grade__gt="")))


def grading_due(user: User, today: datetime.date) -> QuerySet[Task]:
    """The tasks the user grades whose period is in its grading window: the home page counts those not
    graded yet, the sheets' list narrowed to them (?due=1) shows the same."""
    return tasks_to_evaluate(user).filter(in_grading_window(today))


def self_assessments_due(user: User, today: datetime.date) -> QuerySet[Task]:
    """The user's own approved tasks whose period is in its grading window, neither self-assessed nor graded
    yet: the home page counts them, "Việc của tôi" narrowed to them (?assess=due) lists them."""
    return (
        my_tasks(user)
        .filter(status=TaskStatus.APPROVED)
        .filter(in_grading_window(today))
        .exclude(evaluation__self_assessed_at__isnull=False)
        .exclude(evaluation__grade__gt="")
    )


def grading_overview(user: User, *, due_on: datetime.date | None = None) -> list[SheetSummary]:
    """Every (period, authority unit) with approved tasks the user grades, latest period first; with
    `due_on`, only the periods in their grading window that day (`grading_due`)."""
    tasks = tasks_to_evaluate(user) if due_on is None else grading_due(user, due_on)
    counts = (
        tasks.values("period_id", "authority_unit_id")
        .annotate(tasks=Count("pk"), evaluated=Count("pk", filter=Q(evaluation__grade__gt="")))
        .order_by()
    )
    rows = list(counts)
    periods = Period.objects.select_related("programme").in_bulk({r["period_id"] for r in rows})
    units = Unit.objects.in_bulk({r["authority_unit_id"] for r in rows})
    sheets = {
        (s.period_id, s.authority_unit_id): s
        for s in GradingSheet.objects.filter(period_id__in=periods.keys(), authority_unit_id__in=units.keys())
    }
    found = [
        SheetSummary(
            period=periods[r["period_id"]],
            authority_unit=units[r["authority_unit_id"]],
            tasks=r["tasks"],
            evaluated=r["evaluated"],
            sheet=sheets.get((r["period_id"], r["authority_unit_id"])),
        )
        for r in rows
    ]
    return sorted(
        found, key=lambda s: (-s.period.start_date.toordinal(), s.period.name, s.authority_unit.name)
    )


def sheet_tasks(user: User, period: Period, authority_unit: Unit) -> QuerySet[Task]:
    """The tasks on a sheet: approved, of the period, under exactly this authority, never the user's own.
    The caller checks that the user is their authority (`is_authority_over`: services, views)."""
    return tasks_to_evaluate(user).filter(period=period, authority_unit=authority_unit)


def _count(model, **filters) -> Coalesce:
    rows = model.objects.filter(task=OuterRef("pk"), **filters).order_by().values("task")
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")[:1], output_field=IntegerField()), 0)


def _sheet_queryset(user: User, period: Period, authority_unit: Unit, today: datetime.date) -> QuerySet[Task]:
    return (
        with_progress(sheet_tasks(user, period, authority_unit), today)
        .annotate(
            targets_total=_count(Target),
            targets_reached=_count(Target, achieved_value__gte=F("target_value")),
            milestones_total=_count(Milestone),
            milestones_done=_count(Milestone, done_on__isnull=False),
            open_obstacles=_count(Obstacle, status__in=[ObstacleStatus.OPEN, ObstacleStatus.ANSWERED]),
        )
        .select_related("programme", "assignee_cadre", "assignee_unit", "evaluation")
        # people as Vietnamese lists sort them (by given name: "Đặng Thị Hạnh" among the H's), collectives
        # by name; one order for the page, its pages and the Excel sheet
        .order_by(*name_order("assignee_cadre__full_name"), collated("assignee_unit__name"), "deadline", "pk")
    )


def _with_lines(tasks: list[Task], period: Period, authority_unit: Unit) -> list[Task]:
    lines = {
        line.task_id: line
        for line in GradingLine.objects.filter(
            sheet__period=period, sheet__authority_unit=authority_unit, task__in=[t.pk for t in tasks]
        )
    }
    for task in tasks:
        task.line = lines.get(task.pk)  # type: ignore[attr-defined]
    return tasks


def sheet_rows(user: User, period: Period, authority_unit: Unit, *, today: datetime.date) -> list[Task]:
    """The sheet's tasks with the facts of each row: self-assessment (`evaluation`), the last progress
    report's percentage (`latest_percent`), targets reached and milestones met (of how many), obstacles not
    yet resolved, and the draft line if any (`line`). A fixed number of queries."""
    return _with_lines(list(_sheet_queryset(user, period, authority_unit, today)), period, authority_unit)


# rows of the sheet a page shows and sends: a district's standing committee grades 600 tasks a year, four
# fields each, where Django refuses a request of more than 1,000 fields (and a 600-row page weighs a megabyte)
SHEET_PAGE = 50


def sheet_page(
    user: User, period: Period, authority_unit: Unit, *, today: datetime.date, number: str | int | None
) -> Page:
    """One page of `sheet_rows`, in the same order (a count and the page's rows; a page number out of range
    gives the last page)."""
    page = Paginator(_sheet_queryset(user, period, authority_unit, today), SHEET_PAGE).get_page(number)
    page.object_list = _with_lines(list(page.object_list), period, authority_unit)
    return page


def sheet_graded(user: User, period: Period, authority_unit: Unit) -> int:
    """How many tasks of the whole sheet have a draft grade."""
    return (
        GradingLine.objects.filter(
            sheet__period=period,
            sheet__authority_unit=authority_unit,
            task__in=sheet_tasks(user, period, authority_unit),
        )
        .exclude(grade="")
        .count()
    )


SHEET_CHUNK = 2000


def sheet_rows_streamed(
    user: User, period: Period, authority_unit: Unit, *, today: datetime.date
) -> Iterator[Task]:
    """The rows of `sheet_rows` in the same order, read `SHEET_CHUNK` at a time (a server-side cursor on
    PostgreSQL), for the Excel sheet of any length: memory holds one chunk, two queries per chunk."""
    chunk: list[Task] = []
    for task in _sheet_queryset(user, period, authority_unit, today).iterator(chunk_size=SHEET_CHUNK):
        chunk.append(task)
        if len(chunk) == SHEET_CHUNK:
            yield from _with_lines(chunk, period, authority_unit)
            chunk = []
    yield from _with_lines(chunk, period, authority_unit)


def sheet_of(period: Period, authority_unit: Unit) -> GradingSheet | None:
    return GradingSheet.objects.filter(period=period, authority_unit=authority_unit).first()
