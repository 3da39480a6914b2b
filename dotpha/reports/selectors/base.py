"""What every statistic counts, and how a figure selects its records.

- The tasks counted: those the viewer may see (`tasks_visible_to`), except drafts (an author's work in
  progress), matching the filters (programme, period or year, field, kind, status).
- A task's *home unit*: for a collective task, the unit it was given to; for a cadre's task, the unit of
  the cadre's post at the end of the task's period (the post held then, else the latest one started before
  it ends; the higher position first when they held several), else the cadre's managing unit, else the
  task's authority. The home unit then counts under its successor after mergers (`selectors.units`).
  Stored per task (`TaskFacts.home_unit`, kept current by `dotpha.tasks.facts`), so the figures and the
  drill-down lists read the same value.
- A year (the year filter, the trend's points) holds the tasks of year periods starting in it and the tasks
  of every phase (2021–2025) it lies in: a phase task counts in each year of its phase.
- Grades and "ahead of plan" are the authority's year-end evaluation (`Evaluation.grade`,
  `Evaluation.ahead_of_plan`), on approved tasks; in a year of a phase before its last, a phase task's
  grade is that year's review (`YearReview.grade`, never ahead of plan). Both are the annotations
  `year_grade` and `year_ahead` (`counted_tasks`), which every figure, list and file reads. Progress
  states (on track, at risk, overdue, stale, completed) come from `tasks.selectors.progress`, the one
  place that rule lives; a graded task counts by its grade and in no progress figure but "done" (an
  evaluated task has no other state; a phase task graded for the year is held to the same).
- Rates are shares of the approved tasks (the tasks *assigned*): "81 of 244 completed excellently".
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)

from dotpha.accounts.models import User
from dotpha.org.models import UnitLevel
from dotpha.programmes.models import Field, Grade, Period, PeriodKind, Programme, TaskKind
from dotpha.tasks.models import Task, TaskStatus, YearReview
from dotpha.tasks.selectors import (
    COMPLETED_STATES,
    ProgressState,
    progress_q,
    tasks_visible_to,
    with_progress,
)

COUNTED = (TaskStatus.SUBMITTED, TaskStatus.RETURNED, TaskStatus.APPROVED, TaskStatus.REJECTED)
FINISHED_GRADES = (Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED)

# (code, Vietnamese label) of every figure, in the order tables show them.
MEASURES: list[tuple[str, str]] = [
    ("total", "Tổng số việc"),
    ("submitted", "Chờ phê duyệt"),
    ("returned", "Trả lại để hoàn thiện"),
    ("rejected", "Không phê duyệt"),
    ("approved", "Đã phê duyệt (được giao)"),
    ("cadres", "Số cán bộ được giao"),
    ("on_track", "Đúng tiến độ"),
    ("stale", "Chậm báo cáo"),
    ("at_risk", "Có nguy cơ chậm"),
    ("overdue", "Quá hạn"),
    ("done", "Đã báo cáo hoàn thành"),
    ("excellent", "Hoàn thành xuất sắc"),
    ("good", "Hoàn thành tốt"),
    ("completed", "Hoàn thành"),
    ("not_completed", "Không hoàn thành"),
    ("ahead", "Hoàn thành trước kế hoạch"),
]
MEASURE_LABELS = dict(MEASURES)
STATUS_MEASURES = {"submitted", "returned", "rejected", "approved"}
PROGRESS_MEASURES = {"on_track", "stale", "at_risk", "overdue"}
GRADE_MEASURES = {"excellent", "good", "completed", "not_completed"}


@dataclass(frozen=True)
class StatsFilter:
    programme: Programme | None = None
    period: Period | None = None
    year: int | None = (
        None  # year periods starting in that year and the phases it lies in (the trend's points)
    )
    level: UnitLevel | None = None  # level of the unit a task counts under
    field: Field | None = None
    kind: str = ""
    status: str = ""

    def params(self) -> dict[str, str]:
        """The query parameters that select the same tasks (dashboards, lists, exports, jobs)."""
        values = {
            "programme": self.programme.pk if self.programme else "",
            "period": self.period.pk if self.period else "",
            # "all": every year (without it a dashboard shows the latest year)
            "year": self.year or ("" if self.period else "all"),
            "level": self.level.pk if self.level else "",
            "field": self.field.pk if self.field else "",
            "kind": self.kind,
            "status": self.status,
        }
        return {k: str(v) for k, v in values.items() if v != ""}

    def describe(self) -> list[str]:
        """The filters in words, for titles of pages and files."""
        parts = []
        if self.programme:
            parts.append(f"{self.programme.get_document_kind_display()} {self.programme.number}")
        if self.period:
            parts.append(f"{self.period.get_kind_display().lower()} {self.period.name}")
        if self.year:
            parts.append(f"năm {self.year}")
        if self.level:
            parts.append(self.level.name.lower())
        if self.field:
            parts.append(f"lĩnh vực {self.field.name.lower()}")
        if self.kind:
            parts.append(TaskKind(self.kind).label.lower())
        if self.status:
            parts.append(TaskStatus(self.status).label.lower())
        return parts


def home_unit() -> F:
    """The task's home unit id (see the module docstring), as stored in its facts (`TaskFacts`, computed by
    `dotpha.tasks.facts.home_unit_expression`): one join, not a subquery on the appointments per task."""
    return F("facts__home_unit_id")


def counted_tasks(user: User, f: StatsFilter, *, with_period: bool = True) -> QuerySet[Task]:
    """The tasks statistics count, with `home_unit` annotated. `with_period=False` drops the period and
    year filters (the trend across years)."""
    qs = tasks_visible_to(user).filter(status__in=COUNTED)
    if f.programme:
        qs = qs.filter(programme=f.programme)
    if with_period and f.period:
        qs = qs.filter(period=f.period)
    if with_period and f.year:
        qs = qs.filter(in_year(f.year))
    if f.field:
        qs = qs.filter(field=f.field)
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.status:
        qs = qs.filter(status=f.status)
    return qs.annotate(home_unit=home_unit(), **year_result(f.year if with_period else None))


def in_year(year: int) -> Q:
    """The tasks a year holds: year periods starting in it, and every phase it lies in."""
    return Q(period__kind=PeriodKind.YEAR, period__start_date__year=year) | Q(
        period__kind=PeriodKind.PHASE, period__start_date__year__lte=year, period__end_date__year__gte=year
    )


def year_result(year: int | None) -> dict[str, Any]:
    """`year_grade` and `year_ahead`: the grade a task counts with. For a year inside a phase before its
    last, the phase task's review of that year; otherwise (a year period, a phase's last year, no year
    chosen) the evaluation."""
    if year is None:
        return {"year_grade": F("evaluation__grade"), "year_ahead": F("evaluation__ahead_of_plan")}
    reviewed = Q(period__kind=PeriodKind.PHASE, period__end_date__year__gt=year)
    review = YearReview.objects.filter(task=OuterRef("pk"), year=year).values("grade")[:1]
    return {
        "year_grade": Case(When(reviewed, then=Subquery(review)), default=F("evaluation__grade")),
        "year_ahead": Case(
            When(reviewed, then=Value(False)),
            default=F("evaluation__ahead_of_plan"),
            output_field=BooleanField(),
        ),
    }


def with_states(qs: QuerySet[Task], today: datetime.date) -> QuerySet[Task]:
    return with_progress(qs, today)


# no grade for the year: a graded task counts in no progress figure but "done" (`Figures.add`)
UNGRADED = Q(year_grade__isnull=True) | Q(year_grade="")


def measure_q(measure: str, today: datetime.date) -> Q:
    """The records behind one figure (on a queryset annotated by `with_states` for `today`). A progress
    figure filters its state on stored columns (`progress_q`), which the planner can estimate; the "done"
    figure, three states fixed once reached, filters the annotation."""
    if measure in STATUS_MEASURES:
        return Q(status=measure)
    if measure in PROGRESS_MEASURES:
        return progress_q(measure, today) & UNGRADED
    if measure == "done":
        return Q(progress__in=[s.value for s in COMPLETED_STATES])
    if measure in GRADE_MEASURES:
        return Q(status=TaskStatus.APPROVED, year_grade=measure)
    if measure == "ahead":
        return Q(status=TaskStatus.APPROVED, year_ahead=True)
    if measure == "cadres":
        return Q(status=TaskStatus.APPROVED, assignee_cadre__isnull=False)
    return Q()


# The figure each progress state counts in (the three completed states count as "done"). An evaluated
# task not reported done counts by its grade, in no progress figure: never overdue or at risk.
PROGRESS_MEASURE = {
    state.value: ("done" if state in COMPLETED_STATES else state.value)
    for state in ProgressState
    if state != ProgressState.EVALUATED
}


def progress_measure(progress: str | None) -> str | None:
    return PROGRESS_MEASURE.get(progress) if progress else None
