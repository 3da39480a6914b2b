"""What a cadre's annual rating is proposed from: *inputs*, each a result with a grade, gathered from
every registered provider.

The tasks provider (here) gives one input per approved task of the cadre in that year: the year-kind
periods starting in the year, and the phases the year lies in (a phase task is graded each year of the
phase by its yearly review, and in the phase's last year by its final evaluation).

Extension point. The commune-monitoring module adds its own provider in its AppConfig.ready():

    from dotpha.ratings.inputs import RatingInput, register_provider

    def monitoring_inputs(*, year, cadre_ids):
        # one input per year-end evaluation form (CommuneFeedback) about each monitoring cadre:
        # grade from the form's verdict, note "đề nghị biểu dương" / "đề nghị thay thế"
        return {cadre_id: [RatingInput(source="monitoring", label=..., grade=..., note=...)], ...}

    register_provider("monitoring", monitoring_inputs, cadres=monitoring_cadres)

`cadres(year, managing_paths)` lists the cadres the provider has inputs for (so a cadre who only monitors a
commune is rated too); the rule (`rules.propose_level`) treats every input alike.

A task's input reads the task's record the way the task pages show it (the progress rule,
`dotpha.tasks.selectors.progress.with_progress`), so a rating cannot contradict the task page:
- completion date: the progress rule's, the first progress report at 100%;
- behind schedule (`late`, what Regulation 366's conditions count): the progress rule's "Hoàn thành chậm",
  completed after the effective deadline (a deadline on a weekend or holiday moves to the next working day).
  A milestone done late does not make the task late: it costs progress points only;
- delays (Decree 335: 25% of the task's progress points each): every milestone done after its effective due
  date or still open past it, and the deadline missed when the task is late;
- the day the result falls on (its quarter): the completion date, else the deadline (a product due but not
  delivered counts against the quarter it was due in), else the period's end.
Graded without any 100% report (the authority's grade, the progress rule's "Đã đánh giá"): the task has no
completion date, so it is not late and its deadline is no delay (the grade is the authority's verdict on it;
its milestones still count), and it falls on its deadline. In a year of a phase before its last, the task is
judged by that year's review: never late, its deadline no delay (the deadline is the phase's).
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Case, OuterRef, Q, QuerySet, Subquery, Value, When
from django.urls import reverse
from django.utils import timezone

from dotpha.programmes.models import Grade, PeriodKind
from dotpha.tasks.models import Milestone, Task, TaskStatus, YearReview
from dotpha.tasks.selectors.progress import ProgressState, with_progress
from dotpha.workdays.calendar import WorkCalendar


@dataclass(frozen=True)
class RatingInput:
    source: str  # "task", "monitoring", ...
    label: str
    grade: str  # a Grade value, or "" when not evaluated yet
    ahead_of_plan: bool = False
    ref: int | None = None
    url: str = ""
    note: str = ""
    # Progress (Decree 335): each missed milestone or the deadline missed counts one delay.
    delays: int = 0
    delay_notes: str = ""
    # The day the result falls on (ISO), which places it in a quarter (`dotpha.ratings.quarters`).
    on: str = ""
    # Behind schedule, what Regulation 366's conditions count: for a task, completed after its effective
    # deadline (see the module docstring). Absent from snapshots stored before it: False.
    late: bool = False

    @property
    def grade_label(self) -> str:
        return str(Grade(self.grade).label) if self.grade else "Chưa đánh giá"

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "RatingInput":
        known: dict[str, Any] = {k: data[k] for k in cls.__dataclass_fields__ if k in data}
        return cls(**known)


InputsFn = Callable[..., dict[int, list[RatingInput]]]
CadresFn = Callable[..., set[int]]
_PROVIDERS: dict[str, tuple[InputsFn, CadresFn]] = {}


def register_provider(source: str, inputs: InputsFn, *, cadres: CadresFn) -> None:
    _PROVIDERS[source] = (inputs, cadres)


def _under(paths: Iterable[str], prefix: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def year_tasks(year: int):
    """The approved tasks of the year, a cadre's or a collective's: those of year periods starting in it, and
    those of every phase the year lies in (a phase task is reviewed each year of the phase, `YearReview`, and
    evaluated in its last). Each row carries `phase_review_year` and `year_grade` for `year_result`."""
    in_year = Q(period__kind=PeriodKind.YEAR, period__start_date__year=year) | Q(
        period__kind=PeriodKind.PHASE, period__start_date__year__lte=year, period__end_date__year__gte=year
    )
    return Task.objects.filter(in_year, status=TaskStatus.APPROVED).annotate(
        phase_review_year=Case(
            When(period__kind=PeriodKind.PHASE, period__end_date__year__gt=year, then=Value(True)),
            default=Value(False),
        ),
        year_grade=Subquery(YearReview.objects.filter(task=OuterRef("pk"), year=year).values("grade")[:1]),
    )


def year_result(grade: str | None, ahead: bool | None, reviewed_yearly: bool, year_grade: str | None):
    """(grade, ahead of plan) of a `year_tasks` row: in a year of a phase before its last, that year's
    review, never the final evaluation."""
    return (year_grade, False) if reviewed_yearly else (grade, ahead)


def task_cadres(*, year: int, managing_paths: Iterable[str]) -> set[int]:
    qs = year_tasks(year).filter(_under(managing_paths, "assignee_cadre__managing_unit__"))
    return set(qs.values_list("assignee_cadre_id", flat=True).distinct())


def task_inputs(*, year: int, cadre_ids: Iterable[int]) -> dict[int, list[RatingInput]]:
    tasks = year_tasks(year).filter(assignee_cadre_id__in=list(cadre_ids)).order_by("assignee_cadre_id", "pk")
    found: dict[int, list[RatingInput]] = {}
    for cadre_id, item in task_results(tasks, year=year, key="assignee_cadre_id"):
        found.setdefault(cadre_id, []).append(item)
    return found


def task_results(tasks: QuerySet[Task], *, year: int, key: str) -> list[tuple[int, RatingInput]]:
    """(the task's `key` column, its input) for each task of `tasks`, a `year_tasks(year)` queryset, in its
    order: one query for the tasks with their progress state, one for their milestones, and the calendar's
    (see the module docstring)."""
    today = timezone.localdate()
    rows = list(
        with_progress(tasks, today).values_list(
            "pk",
            key,
            "title",
            "evaluation__grade",
            "evaluation__ahead_of_plan",
            "deadline",
            "period__end_date",
            "phase_review_year",
            "year_grade",
            "progress",
            "completed_on",
        )
    )
    delays = _delays([row[0] for row in rows], today)
    found = []
    for row in rows:
        pk, owner, title, grade, ahead, deadline, period_end, reviewed_yearly, year_grade, state, done = row
        notes = delays.get(pk, [])
        grade, ahead = year_result(grade, ahead, reviewed_yearly, year_grade)
        late = state == ProgressState.COMPLETED_LATE and not reviewed_yearly
        if late:
            notes = [*notes, f"hoàn thành chậm: báo cáo 100% ngày {done:%d/%m/%Y}, hạn {deadline:%d/%m/%Y}"]
        day: datetime.date | None = done or deadline or period_end
        found.append(
            (
                owner,
                RatingInput(
                    source="task",
                    label=f"{title} (năm {year})" if reviewed_yearly else title,
                    grade=grade or "",
                    ahead_of_plan=bool(ahead),
                    ref=pk,
                    url=reverse("tasks:detail", args=[pk]),
                    delays=len(notes),
                    delay_notes="; ".join(notes),
                    on=day.isoformat() if day else "",
                    late=late,
                ),
            )
        )
    return found


def _delays(task_ids: list[int], today: datetime.date | None = None) -> dict[int, list[str]]:
    """Milestones done after their effective due date, or still open past it: one delay each. A due date on
    a weekend or holiday moves to the next working day (`dotpha.workdays`): done that day is no delay."""
    today = today or timezone.localdate()
    calendar = WorkCalendar()
    found: dict[int, list[str]] = {}
    rows = (
        # past its effective due date: on or before the last working day before today
        Milestone.objects.filter(task_id__in=task_ids, due_date__lte=calendar.last_working_day_before(today))
        .order_by("task_id", "due_date", "pk")
        .values_list("task_id", "title", "due_date", "done_on")
    )
    for task_id, title, due, done_on in rows:
        if done_on is None:
            found.setdefault(task_id, []).append(f"mốc “{title}” hạn {due:%d/%m/%Y} chưa xong")
        elif done_on > calendar.effective_deadline(due):
            found.setdefault(task_id, []).append(f"mốc “{title}” hạn {due:%d/%m/%Y}, xong {done_on:%d/%m/%Y}")
    return found


register_provider("task", task_inputs, cadres=task_cadres)


def rated_cadres(*, year: int, managing_paths: Iterable[str]) -> set[int]:
    paths = list(managing_paths)
    found: set[int] = set()
    for _inputs, cadres in _PROVIDERS.values():
        found |= cadres(year=year, managing_paths=paths)
    return found


def gather(*, year: int, cadre_ids: Iterable[int]) -> dict[int, list[RatingInput]]:
    ids = list(cadre_ids)
    found: dict[int, list[RatingInput]] = {}
    for inputs, _cadres in _PROVIDERS.values():
        for cadre_id, items in inputs(year=year, cadre_ids=ids).items():
            found.setdefault(cadre_id, []).extend(items)
    return found
