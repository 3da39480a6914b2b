"""A task's progress state, derived, never stored. The one place the rule lives.

Two faces of the same rule, which tests hold equal:
- `task_progress(task, today)`: one task, from its (prefetched) reports and milestones;
- `with_progress(queryset, today)`: an annotation in SQL, so a list filters, counts and paginates by state
  with a fixed number of queries whatever its length.

The rule, for an approved task (other tasks have no progress state), first match wins:
1. completed: there is a report at 100%; the completion date is the first such report's date.
   ahead_of_plan if completed at least AHEAD_OF_PLAN_DAYS before the deadline, completed_on_time if by the
   effective deadline, else completed_late;
2. evaluated: not reported done, but the authority has graded it (`Evaluation.grade`): from then on its
   state is the evaluation's, never overdue, at risk or stale (statistics count it by its grade);
3. overdue: the effective deadline has passed;
4. at_risk: a milestone is past its effective due date and not done, or the share of time elapsed between
   start and deadline exceeds the latest percent done by more than AT_RISK_TOLERANCE points;
5. stale: no report within the programme's cadence (7, 31 or 92 days) since the last report, or, before
   any report, since the later of approval and start;
6. on_track.
The effective deadline is the working-day calendar's (`dotpha.workdays`): a deadline on a weekend or holiday
moves to the next working day, so a task due on Saturday and done on Monday is on time, and one due during
Tết is not overdue before the first working day after it. In SQL, completion compares with the effective
deadline stored per task; "today is after the effective deadline" is written
`deadline <= last_working_day_before(today)`, the same statement with a constant instead of a subquery.

In SQL the rule reads its inputs from `TaskFacts` (latest percent, last report, completion date, earliest
undone milestone, graded or not, effective deadline, cadence), one join instead of a subquery per input per
task; `dotpha.tasks.facts` computes them from the record and keeps them current. The facts also hold the days
that move a task from one state to the next (`behind_from`, `stale_after`), so each step of the rule that
depends on today is a comparison of a stored day with today (`_moving_rules`): the CASE of `with_progress`
and the filter of `progress_q` are built from the same conditions.
Day arithmetic is on whole days and the at-risk test is kept in integers (100·elapsed > (percent +
tolerance)·duration) so Python and SQL cannot round differently.
"""

import datetime
from dataclasses import dataclass

from django.db import NotSupportedError, models
from django.db.models import (
    Case,
    CharField,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils.translation import gettext_lazy as _

from dotpha.programmes.models import CADENCE_DAYS, ReportCadence
from dotpha.tasks.models import Evaluation, Task, TaskStatus
from dotpha.workdays.calendar import WorkCalendar

AT_RISK_TOLERANCE = 15
AHEAD_OF_PLAN_DAYS = 30
_EPOCH = datetime.date(1970, 1, 1).toordinal()


class ProgressState(models.TextChoices):
    """Values of the `progress` annotation."""

    ON_TRACK = "on_track", _("Đúng tiến độ")
    AT_RISK = "at_risk", _("Có nguy cơ chậm")
    OVERDUE = "overdue", _("Quá hạn")
    STALE = "stale", _("Chậm báo cáo")
    COMPLETED_ON_TIME = "completed_on_time", _("Hoàn thành đúng hạn")
    COMPLETED_LATE = "completed_late", _("Hoàn thành chậm")
    AHEAD_OF_PLAN = "ahead_of_plan", _("Hoàn thành trước kế hoạch")
    EVALUATED = "evaluated", _("Đã đánh giá")


COMPLETED_STATES = (
    ProgressState.COMPLETED_ON_TIME,
    ProgressState.COMPLETED_LATE,
    ProgressState.AHEAD_OF_PLAN,
)


def day_number(day: datetime.date | None) -> int | None:
    return None if day is None else day.toordinal() - _EPOCH


class DayNumber(Func):
    """Days since 1970-01-01 of a date expression, as an integer, on SQLite and PostgreSQL."""

    output_field = IntegerField()
    arity = 1

    def as_sql(self, compiler, connection, function=None, template=None, arg_joiner=None, **extra_context):
        raise NotSupportedError("DayNumber is implemented for SQLite and PostgreSQL only.")

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
            **extra_context,
        )

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler, connection, template="((%(expressions)s)::date - DATE '1970-01-01')", **extra_context
        )


@dataclass(frozen=True)
class ProgressFacts:
    status: str
    start_date: datetime.date | None
    deadline: datetime.date | None
    approved_on: datetime.date | None
    cadence_days: int
    latest_percent: int | None
    last_report_on: datetime.date | None
    completed_on: datetime.date | None
    milestone_overdue: bool
    evaluated: bool = False
    # the deadline moved past weekends and holidays (`dotpha.workdays`); None: the deadline itself
    effective_deadline: datetime.date | None = None


def derive_progress(facts: ProgressFacts, today: datetime.date) -> ProgressState | None:
    """The rule itself, on plain values (see the module docstring)."""
    if facts.status != TaskStatus.APPROVED:
        return None
    now = day_number(today)
    assert now is not None
    deadline = day_number(facts.deadline)
    due = day_number(facts.effective_deadline or facts.deadline)
    start = day_number(facts.start_date or facts.approved_on)
    if facts.completed_on is not None:
        done = day_number(facts.completed_on)
        assert done is not None
        if deadline is None or due is None:
            return ProgressState.COMPLETED_ON_TIME
        if done + AHEAD_OF_PLAN_DAYS <= deadline:
            return ProgressState.AHEAD_OF_PLAN
        return ProgressState.COMPLETED_ON_TIME if done <= due else ProgressState.COMPLETED_LATE
    if facts.evaluated:
        return ProgressState.EVALUATED
    if due is not None and now > due:
        return ProgressState.OVERDUE
    if facts.milestone_overdue:
        return ProgressState.AT_RISK
    if start is not None and deadline is not None:
        elapsed = max(now - start, 0)
        if 100 * elapsed > ((facts.latest_percent or 0) + AT_RISK_TOLERANCE) * (deadline - start):
            return ProgressState.AT_RISK
    anchors = [d for d in (facts.approved_on, facts.start_date) if d is not None]
    baseline = facts.last_report_on or (max(anchors) if anchors else None)
    if baseline is not None and now - day_number(baseline) > facts.cadence_days:  # type: ignore[operator]
        return ProgressState.STALE
    return ProgressState.ON_TRACK


def _is_evaluated(task: Task) -> bool:
    try:
        return bool(task.evaluation.grade)
    except Evaluation.DoesNotExist:
        return False


def progress_facts(task: Task, today: datetime.date, calendar: WorkCalendar | None = None) -> ProgressFacts:
    """Reads `task.progress_reports.all()`, `task.milestones.all()` and `task.evaluation`: prefetch or
    select them for many tasks, and pass one `calendar` to them all."""
    calendar = calendar or WorkCalendar()
    # a milestone is past its effective due date when that date is on or before the last working day
    cutoff = calendar.last_working_day_before(today)
    reports = sorted(task.progress_reports.all(), key=lambda r: (r.reported_on, r.pk))
    completed = [r.reported_on for r in reports if r.percent_done == 100]
    return ProgressFacts(
        status=task.status,
        start_date=task.start_date,
        deadline=task.deadline,
        approved_on=task.approved_on,
        cadence_days=CADENCE_DAYS[ReportCadence(task.programme.report_cadence)],
        latest_percent=reports[-1].percent_done if reports else None,
        last_report_on=reports[-1].reported_on if reports else None,
        completed_on=completed[0] if completed else None,
        milestone_overdue=any(m.done_on is None and m.due_date <= cutoff for m in task.milestones.all()),
        evaluated=_is_evaluated(task),
        effective_deadline=calendar.effective_deadline(task.deadline) if task.deadline else None,
    )


def task_progress(
    task: Task, today: datetime.date, calendar: WorkCalendar | None = None
) -> ProgressState | None:
    return derive_progress(progress_facts(task, today, calendar), today)


def with_progress(queryset: QuerySet[Task], today: datetime.date) -> QuerySet[Task]:
    """Annotates `progress` (a ProgressState value, NULL unless approved), `latest_percent`,
    `last_report_on` and `completed_on`. Filter a state with `progress_q`, which for the states that move
    with the days reads the same stored conditions without the CASE.
    Reads the stored facts (`TaskFacts`, one join), not the reports, milestones and calendar."""
    moving = _moving_rules(today)
    qs = queryset.annotate(
        latest_percent=F("facts__latest_percent"),
        last_report_on=F("facts__last_report_on"),
        completed_on=F("facts__completed_on"),
    )
    # the intermediate values are aliases: usable in the CASE below, never selected as columns
    qs = qs.alias(
        _deadline=DayNumber("deadline"),
        _due=DayNumber("facts__effective_deadline"),
        _done=DayNumber("completed_on"),
    )
    return qs.annotate(
        progress=Case(
            When(~Q(status=TaskStatus.APPROVED), then=Value(None)),
            When(
                completed_on__isnull=False,
                then=Case(
                    When(_deadline__isnull=True, then=Value(ProgressState.COMPLETED_ON_TIME.value)),
                    When(
                        _done__lte=F("_deadline") - AHEAD_OF_PLAN_DAYS,
                        then=Value(ProgressState.AHEAD_OF_PLAN.value),
                    ),
                    When(_done__lte=F("_due"), then=Value(ProgressState.COMPLETED_ON_TIME.value)),
                    default=Value(ProgressState.COMPLETED_LATE.value),
                ),
            ),
            When(facts__evaluated=True, then=Value(ProgressState.EVALUATED.value)),
            *(When(rule.passed, then=Value(rule.state.value)) for rule in moving),
            default=Value(ProgressState.ON_TRACK.value),
            output_field=CharField(),
        )
    )


@dataclass(frozen=True)
class _MovingRule:
    """A state an unfinished, ungraded task enters as days pass: `passed` on the stored facts, `not_passed`
    its negation where a NULL day means "never" (SQL's NOT of a comparison with NULL is not true)."""

    state: ProgressState
    passed: Q
    not_passed: Q


def _moving_rules(today: datetime.date) -> list[_MovingRule]:
    """Overdue, at risk, late reporting: the rule's steps 3 to 5 in order, each a comparison of a stored
    day with today. "After the effective deadline" is `deadline <= last working day before today`, and a
    milestone is past due when its date is on or before that day (see the module docstring)."""
    now = day_number(today)
    cutoff = WorkCalendar().last_working_day_before(today)
    return [
        # on the task's own deadline: the lists sorted by deadline then start their index scan at the cutoff
        _MovingRule(
            ProgressState.OVERDUE,
            Q(deadline__lte=cutoff),
            Q(deadline__isnull=True) | Q(deadline__gt=cutoff),
        ),
        _MovingRule(
            ProgressState.AT_RISK,
            Q(facts__milestone_due__lte=cutoff) | Q(facts__behind_from__lte=now),
            (Q(facts__milestone_due__isnull=True) | Q(facts__milestone_due__gt=cutoff))
            & (Q(facts__behind_from__isnull=True) | Q(facts__behind_from__gt=now)),
        ),
        _MovingRule(
            ProgressState.STALE,
            Q(facts__stale_after__lt=now),
            Q(facts__stale_after__isnull=True) | Q(facts__stale_after__gte=now),
        ),
    ]


def progress_q(state: str, today: datetime.date) -> Q:
    """The tasks in `state` on `today`. For the states that move with the days (on track, at risk, overdue,
    late reporting) it is the rule itself, on stored columns only: a list filters them with comparisons the
    planner estimates and indexes serve, and computes no state for the rows it leaves out. The completed and
    evaluated states, fixed once reached, filter the `progress` annotation (`with_progress`) within their
    bounds on stored columns."""
    approved = Q(status=TaskStatus.APPROVED)
    if state in COMPLETED_STATES:
        return approved & Q(facts__completed_on__isnull=False) & Q(progress=state)
    unfinished = approved & Q(facts__completed_on__isnull=True)
    if state == ProgressState.EVALUATED:
        return unfinished & Q(facts__evaluated=True)
    q = unfinished & Q(facts__evaluated=False)
    for rule in _moving_rules(today):
        if rule.state == state:
            return q & rule.passed
        q &= rule.not_passed
    if state != ProgressState.ON_TRACK:
        raise ValueError(f"unknown progress state: {state!r}")
    return q  # on track: none of the moving states
