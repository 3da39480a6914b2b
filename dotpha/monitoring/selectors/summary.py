"""The year's summary, in total and per agency (the agency a cadre served in when assigned): communes
covered, forms received / expected, visits, cadres proposed for commendation (count and share of the
cadres evaluated), replacement requests, late and missing plans and reports.

A figure of cadres says beside it how many records its list shows: cadres assigned with the assignments
of the year (a cadre may follow two communes), cadres proposed for commendation with the forms proposing
it. `within` restricts everything to the cadres of one agency or the agencies under a unit (a unit's
report).

A fixed number of queries whatever the size of the province (asserted in the tests at two sizes).
"""

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from dotpha.core.search import normalize_search
from dotpha.monitoring.models import CommuneFeedback, MonitoringAssignment, MonitoringYear, Visit
from dotpha.monitoring.selectors.coverage import coverage_on
from dotpha.monitoring.selectors.duties import (
    DueState,
    FeedbackTally,
    assignments_in_year,
    feedback_duties,
    feedback_tally,
    plan_duties,
    report_duties,
)
from dotpha.org.models import Unit
from dotpha.workdays.calendar import WorkCalendar


@dataclass
class SummaryRow:
    agency: Unit | None  # None: the whole province
    cadres_assigned: int = 0
    assignments: int = 0  # assignments in force at some time of the year: the list behind cadres_assigned
    communes_covered: int = 0
    forms_expected: int = 0
    forms_received: int = 0
    visits: int = 0
    cadres_evaluated: int = 0
    cadres_commended: int = 0
    forms_commending: int = 0  # forms proposing commendation: the list behind cadres_commended
    replacement_requests: int = 0
    plans_late: int = 0
    plans_missing: int = 0
    reports_late: int = 0
    reports_missing: int = 0

    @property
    def commendation_share(self) -> float | None:
        """Cadres proposed for commendation out of the cadres evaluated, in percent."""
        if not self.cadres_evaluated:
            return None
        return 100 * self.cadres_commended / self.cadres_evaluated


@dataclass
class AssignmentLine:
    """One commune and its monitoring cadre in the year (a cadre on two communes has two lines)."""

    assignment: MonitoringAssignment
    plan: DueState | None = None  # None: no plan owed
    visits: int = 0
    reports: Counter = field(default_factory=Counter)  # DueState -> reports owed in that state
    form_owed: bool = False  # the form of the pair commune-cadre is counted on this line
    feedback: CommuneFeedback | None = None


@dataclass
class MonitoringSummary:
    year: MonitoringYear
    reference_day: datetime.date
    communes_total: int
    total: SummaryRow
    forms: FeedbackTally  # the whole province's forms, with the communes that owe them
    rows: list[SummaryRow] = field(default_factory=list)
    lines: list[AssignmentLine] = field(default_factory=list)  # by commune, then start date


class _Tally:
    def __init__(self, within: Unit | None) -> None:
        self.within = within
        self.rows: dict[int, SummaryRow] = {}
        self.agencies: dict[int, Unit] = {}
        self.total = SummaryRow(agency=None)
        self.cadres: dict[int | None, set[int]] = defaultdict(set)
        self.evaluated: dict[int | None, set[int]] = defaultdict(set)
        self.commended: dict[int | None, set[int]] = defaultdict(set)

    def counts(self, agency: Unit) -> bool:
        return self.within is None or agency.path.startswith(self.within.path)

    def row(self, agency: Unit) -> SummaryRow:
        self.agencies[agency.pk] = agency
        if agency.pk not in self.rows:
            self.rows[agency.pk] = SummaryRow(agency=agency)
        return self.rows[agency.pk]

    def add(self, agency: Unit, name: str, n: int = 1) -> None:
        if not self.counts(agency):
            return
        for row in (self.row(agency), self.total):
            setattr(row, name, getattr(row, name) + n)

    def mark(self, bucket: dict, agency: Unit, cadre_id: int) -> None:
        if not self.counts(agency):
            return
        self.row(agency)
        bucket[agency.pk].add(cadre_id)
        bucket[None].add(cadre_id)

    def finish(self) -> list[SummaryRow]:
        for key, row in [*self.rows.items(), (None, self.total)]:
            row.cadres_assigned = len(self.cadres[key])
            row.cadres_evaluated = len(self.evaluated[key])
            row.cadres_commended = len(self.commended[key])
        return sorted(self.rows.values(), key=lambda r: normalize_search(r.agency.name) if r.agency else "")


def monitoring_summary(
    year: MonitoringYear, *, today: datetime.date, within: Unit | None = None
) -> MonitoringSummary:
    """Coverage is read on the reference day: today during the year, the last day once it is over."""
    reference = min(today, year.last_day)
    tally = _Tally(within)
    coverage = coverage_on(year.programme, reference)
    for line in coverage.rows:
        if not line.is_gap and line.assignment is not None:
            tally.add(line.assignment.appointment.unit, "communes_covered")

    lines: dict[int, AssignmentLine] = {}
    for assignment in assignments_in_year(year):
        if tally.counts(assignment.appointment.unit):
            tally.add(assignment.appointment.unit, "assignments")
            lines[assignment.pk] = AssignmentLine(assignment)

    forms = [d for d in feedback_duties(year) if tally.counts(d.assignment.appointment.unit)]
    for duty in forms:
        agency = duty.assignment.appointment.unit
        lines[duty.assignment.pk].form_owed = True
        lines[duty.assignment.pk].feedback = duty.feedback
        tally.mark(tally.cadres, agency, duty.cadre.pk)
        tally.add(agency, "forms_expected")
        if duty.feedback is None:
            continue
        tally.add(agency, "forms_received")
        tally.mark(tally.evaluated, agency, duty.cadre.pk)
        if duty.feedback.proposes_commendation:
            tally.mark(tally.commended, agency, duty.cadre.pk)
            tally.add(agency, "forms_commending")
        if duty.feedback.requests_replacement:
            tally.add(agency, "replacement_requests")

    calendar = WorkCalendar()  # read once for both lists
    for plan in plan_duties(year, today=today, calendar=calendar):
        if plan.assignment.pk in lines:
            lines[plan.assignment.pk].plan = plan.state
        if plan.state in (DueState.LATE, DueState.MISSING):
            tally.add(plan.assignment.appointment.unit, f"plans_{plan.state.value}")
    for report in report_duties(year, today=today, calendar=calendar):
        if report.assignment.pk in lines:
            lines[report.assignment.pk].reports[report.state] += 1
        if report.state in (DueState.LATE, DueState.MISSING):
            tally.add(report.assignment.appointment.unit, f"reports_{report.state.value}")

    visits = (
        Visit.objects.filter(assignment__programme_id=year.programme_id, visit_date__year=year.year)
        .values("assignment", "assignment__appointment__unit")
        .annotate(n=Count("pk"))
    )
    for v in visits:
        if v["assignment"] in lines:
            lines[v["assignment"]].visits += v["n"]
    # Every visit belongs to an assignment of the year, so its agency is already known from the forms owed.
    agencies = dict(tally.agencies)
    unknown = [v["assignment__appointment__unit"] for v in visits]
    agencies.update(Unit.objects.in_bulk([pk for pk in unknown if pk not in agencies]))
    for v in visits:
        tally.add(agencies[v["assignment__appointment__unit"]], "visits", v["n"])

    rows = tally.finish()
    return MonitoringSummary(
        year=year,
        reference_day=reference,
        communes_total=len(coverage.rows),
        total=tally.total,
        forms=feedback_tally(forms),
        rows=rows,
        lines=list(lines.values()),
    )


def summary_for(root: Unit, year: MonitoringYear, *, today: datetime.date) -> MonitoringSummary:
    """As a unit reads it: the whole programme from its scope unit or above; a unit inside: its own
    cadres' part (the year report of a unit, the API with a unit)."""
    scope = year.programme.scope_unit
    within = None if scope.path.startswith(root.path) else root
    return monitoring_summary(year, today=today, within=within)
