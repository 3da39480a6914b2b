"""Plans, reports and forms that are due, and whether each came on time, late or not at all. Derived here,
once, from dates; never stored. Each function runs a fixed number of queries whatever the province's size.

Who owes what in a year:
- a plan: every assignment in force in the year, by the year's plan deadline or, for a cadre assigned
  later, `plan_days_after_assignment` days after the first day; not owed when the assignment (or the
  cadre's post) ended before that deadline;
- a report for a period: the assignment in force on the period's last day (`covers_to`) with its cadre
  still in post that day;
- a form: the commune owes one for every cadre who followed it at any time of the year. So the forms owed
  are not the communes: a commune whose cadre changed during the year owes two, a commune nobody followed
  owes none, and a commune merged during the year still owes the forms of its months (its successor's
  committee sends them). Every page says both figures with `feedback_tally`, from the same duties as the
  list behind the figure.
"""

import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from dotpha.core.collation import collated, vietnamese_key, vietnamese_name_key
from dotpha.monitoring.models import (
    CommuneFeedback,
    MonitoringAssignment,
    MonitoringPlan,
    MonitoringReport,
    MonitoringYear,
    ReportPeriod,
)
from dotpha.org.models import Cadre, Unit
from dotpha.workdays.calendar import WorkCalendar


class DueState(models.TextChoices):
    ON_TIME = "on_time", _("Đúng hạn")
    LATE = "late", _("Gửi muộn")
    MISSING = "missing", _("Quá hạn, chưa gửi")
    PENDING = "pending", _("Chưa đến hạn")


def due_state(
    submitted_on: datetime.date | None,
    deadline: datetime.date,
    today: datetime.date,
    calendar: WorkCalendar | None = None,
) -> DueState:
    """By the effective deadline: one falling on a weekend or holiday moves to the next working day, so a
    report due during Tết is on time when sent on the first working day after it."""
    due = (calendar or WorkCalendar()).effective_deadline(deadline)
    if submitted_on is not None:
        return DueState.ON_TIME if submitted_on <= due else DueState.LATE
    return DueState.MISSING if today > due else DueState.PENDING


def this_or_latest_year(years: list[MonitoringYear], today: datetime.date) -> MonitoringYear | None:
    """Of `years` (latest first), this year's, else the latest: the year the monitoring pages open on."""
    for year in years:
        if year.year == today.year:
            return year
    return years[0] if years else None


def current_year(today: datetime.date) -> MonitoringYear | None:
    """`this_or_latest_year` of every year: what the monitoring pages show without ?year."""
    years = MonitoringYear.objects.select_related(
        "programme", "programme__scope_unit", "programme__issuing_unit"
    )
    return this_or_latest_year(list(years.order_by("-year", "pk")), today)


def plan_deadline(assignment: MonitoringAssignment, year: MonitoringYear) -> datetime.date:
    grace = datetime.timedelta(days=year.programme.plan_days_after_assignment)
    return max(year.plan_deadline, assignment.start_date + grace)


def assignments_in_year(
    year: MonitoringYear, assignments: QuerySet[MonitoringAssignment] | None = None
) -> QuerySet[MonitoringAssignment]:
    qs = MonitoringAssignment.objects.all() if assignments is None else assignments
    return (
        qs.filter(programme_id=year.programme_id, start_date__lte=year.last_day)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=year.first_day))
        .select_related("cadre", "commune", "appointment", "appointment__unit", "appointment__position")
        .order_by(collated("commune__name"), "start_date")
    )


def _lasts_until(assignment: MonitoringAssignment, day: datetime.date) -> bool:
    end = assignment.effective_end
    return end is None or end >= day


@dataclass(frozen=True)
class PlanDuty:
    assignment: MonitoringAssignment
    year: MonitoringYear
    deadline: datetime.date
    plan: MonitoringPlan | None
    state: DueState


@dataclass(frozen=True)
class ReportDuty:
    assignment: MonitoringAssignment
    period: ReportPeriod
    report: MonitoringReport | None
    state: DueState


@dataclass(frozen=True)
class FeedbackDuty:
    year: MonitoringYear
    commune: Unit
    cadre: Cadre
    assignment: MonitoringAssignment  # the latest assignment of the pair in the year
    feedback: CommuneFeedback | None

    @property
    def is_received(self) -> bool:
        return self.feedback is not None


@dataclass(frozen=True)
class FeedbackTally:
    """What a list of form duties adds up to, as every page shows it."""

    expected: int  # forms owed
    received: int
    communes: int  # communes owing at least one form
    several: int  # communes owing forms on more than one cadre (the cadre changed during the year)
    communes_done: int  # communes that sent every form they owe


def feedback_tally(duties: list[FeedbackDuty]) -> FeedbackTally:
    owed: dict[int, list[FeedbackDuty]] = {}
    for duty in duties:
        owed.setdefault(duty.commune.pk, []).append(duty)
    return FeedbackTally(
        expected=len(duties),
        received=sum(1 for d in duties if d.is_received),
        communes=len(owed),
        several=sum(1 for forms in owed.values() if len(forms) > 1),
        communes_done=sum(1 for forms in owed.values() if all(d.is_received for d in forms)),
    )


def plan_duties(
    year: MonitoringYear,
    *,
    today: datetime.date,
    assignments: QuerySet[MonitoringAssignment] | None = None,
    calendar: WorkCalendar | None = None,
) -> list[PlanDuty]:
    """Two queries, and the working-day calendar's one a year (none with a `calendar` already read)."""
    calendar = calendar or WorkCalendar()
    rows = list(assignments_in_year(year, assignments))
    plans = {
        p.assignment_id: p
        for p in MonitoringPlan.objects.filter(year=year, assignment_id__in=[a.pk for a in rows])
    }
    duties = []
    for assignment in rows:
        plan = plans.get(assignment.pk)
        deadline = plan.deadline if plan else plan_deadline(assignment, year)
        if plan is None and (deadline > year.last_day or not _lasts_until(assignment, deadline)):
            continue
        submitted = plan.submitted_on if plan else None
        duties.append(
            PlanDuty(assignment, year, deadline, plan, due_state(submitted, deadline, today, calendar))
        )
    return duties


def report_duties(
    year: MonitoringYear,
    *,
    today: datetime.date,
    assignments: QuerySet[MonitoringAssignment] | None = None,
    calendar: WorkCalendar | None = None,
) -> list[ReportDuty]:
    """Three queries, and the working-day calendar's one a year (none with a `calendar` already read)."""
    calendar = calendar or WorkCalendar()
    periods = list(ReportPeriod.objects.filter(year=year).order_by("due_date", "pk"))
    rows = list(assignments_in_year(year, assignments))
    reports = {
        (r.assignment_id, r.report_period_id): r
        for r in MonitoringReport.objects.filter(
            report_period__year=year, assignment_id__in=[a.pk for a in rows]
        )
    }
    duties = []
    for period in periods:
        for assignment in rows:
            report = reports.get((assignment.pk, period.pk))
            owed = assignment.is_active_on(period.covers_to) and _lasts_until(assignment, period.covers_to)
            if report is None and not owed:
                continue
            submitted = report.submitted_on if report else None
            duties.append(
                ReportDuty(assignment, period, report, due_state(submitted, period.due_date, today, calendar))
            )
    return duties


def feedback_duties(
    year: MonitoringYear, *, assignments: QuerySet[MonitoringAssignment] | None = None
) -> list[FeedbackDuty]:
    """Two queries."""
    rows = list(assignments_in_year(year, assignments))
    pairs: dict[tuple[int, int], MonitoringAssignment] = {}
    for assignment in rows:  # ordered by start date: the latest of a pair wins
        pairs[(assignment.commune_id, assignment.cadre_id)] = assignment
    forms = {
        (f.commune_id, f.cadre_id): f
        for f in CommuneFeedback.objects.filter(year=year, assignment_id__in=[a.pk for a in rows])
    }
    return [
        FeedbackDuty(year, a.commune, a.cadre, a, forms.get(key))
        for key, a in sorted(
            pairs.items(),
            key=lambda item: (
                vietnamese_key(item[1].commune.name),
                vietnamese_name_key(item[1].cadre.full_name),
            ),
        )
    ]
