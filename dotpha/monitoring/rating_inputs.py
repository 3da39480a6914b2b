"""The monitoring results that feed the annual cadre rating (Kết luận 1016-KL/TU: "lấy kết quả theo dõi xã
làm cơ sở đánh giá, xếp loại chất lượng"): one input per monitoring assignment active in the year, scored
like a task's product (Decree 335):

- its grade (quantity and quality) is the commune's year-end form (phiếu nhận xét): the commune's completion
  level; without a form it is not evaluated yet and scores nothing;
- its progress loses 25% per delay: the plan sent after its deadline (or not sent once the deadline passed),
  each periodic report sent after its due date (or not sent once due), and no visit to the commune in the
  year once a report is due;
- it falls on the day the form was sent (else the year's last day), so in the fourth quarter as a rule.
- it is behind schedule (Regulation 366's conditions, `RatingInput.late`) when any of those delays holds: an
  assignment's schedule is its plan and reports, each shown late on the monitoring pages.

Each delay is named in `delay_notes`, beside the number of visits, so the points trace to the records.
Registered with `dotpha.ratings.inputs` by `MonitoringConfig.ready()` when the ratings app is installed.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from dotpha.monitoring.models import (
    CommuneFeedback,
    MonitoringAssignment,
    MonitoringPlan,
    MonitoringReport,
    MonitoringYear,
    ReportPeriod,
    Visit,
)


def _under(paths: Iterable[str], prefix: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def _active(year: int) -> Q:
    return Q(start_date__lte=datetime.date(year, 12, 31)) & (
        Q(end_date__isnull=True) | Q(end_date__gte=datetime.date(year, 1, 1))
    )


def monitoring_cadres(*, year: int, managing_paths: Iterable[str]) -> set[int]:
    """The cadres monitoring a commune some time that year, managed under the given subtrees."""
    assignments = MonitoringAssignment.objects.filter(_active(year)).filter(
        _under(managing_paths, "cadre__managing_unit__")
    )
    return set(assignments.values_list("cadre_id", flat=True).distinct())


def _note(form: CommuneFeedback | None, visits: int) -> str:
    notes = [f"{visits} lượt đi cơ sở trong năm"]
    if form is not None and form.proposes_commendation:
        notes.append("Đảng ủy xã đề nghị biểu dương, khen thưởng")
    if form is not None and form.requests_replacement:
        notes.append(f"Đảng ủy xã đề nghị thay thế: {form.replacement_reason}")
    return "; ".join(notes)


def _delays(
    assignment: MonitoringAssignment,
    *,
    year: MonitoringYear | None,
    plan: MonitoringPlan | None,
    periods: list[ReportPeriod],
    reports: dict[int, MonitoringReport],
    visits: int,
    today: datetime.date,
) -> list[str]:
    found = []
    if plan is not None and plan.submitted_on > plan.deadline:
        found.append(f"kế hoạch gửi {plan.submitted_on:%d/%m/%Y}, hạn {plan.deadline:%d/%m/%Y}")
    elif plan is None and year is not None:
        deadline = max(
            year.plan_deadline,
            assignment.start_date + datetime.timedelta(days=assignment.programme.plan_days_after_assignment),
        )
        if deadline < today:
            found.append(f"chưa gửi kế hoạch, hạn {deadline:%d/%m/%Y}")
    due = [p for p in periods if p.due_date < today and p.covers_to >= assignment.start_date]
    if assignment.end_date is not None:
        due = [p for p in due if p.covers_from <= assignment.end_date]
    for period in due:
        report = reports.get(period.pk)
        if report is None:
            found.append(f"chưa gửi {period.name}, hạn {period.due_date:%d/%m/%Y}")
        elif report.submitted_on > period.due_date:
            found.append(f"{period.name} gửi {report.submitted_on:%d/%m/%Y}, hạn {period.due_date:%d/%m/%Y}")
    if due and visits == 0:
        found.append("chưa đi cơ sở lần nào trong năm")
    return found


def monitoring_inputs(*, year: int, cadre_ids: Iterable[int]) -> dict:
    from dotpha.ratings.inputs import RatingInput

    today = timezone.localdate()
    assignments = list(
        MonitoringAssignment.objects.filter(_active(year), cadre_id__in=list(cadre_ids))
        .select_related("commune", "programme")
        .order_by("cadre_id", "commune__name", "pk")
    )
    ids = [a.pk for a in assignments]
    years = {y.programme_id: y for y in MonitoringYear.objects.filter(year=year)}
    periods: dict[int, list[ReportPeriod]] = {}
    for period in ReportPeriod.objects.filter(year__year=year).select_related("year").order_by("due_date"):
        periods.setdefault(period.year.programme_id, []).append(period)
    plans = {
        p.assignment_id: p for p in MonitoringPlan.objects.filter(assignment_id__in=ids, year__year=year)
    }
    reports: dict[int, dict[int, MonitoringReport]] = {}
    for report in MonitoringReport.objects.filter(assignment_id__in=ids, report_period__year__year=year):
        reports.setdefault(report.assignment_id, {})[report.report_period_id] = report
    visits: dict[int, int] = {}
    for assignment_id in Visit.objects.filter(assignment_id__in=ids, visit_date__year=year).values_list(
        "assignment_id", flat=True
    ):
        visits[assignment_id] = visits.get(assignment_id, 0) + 1
    forms = {
        f.assignment_id: f for f in CommuneFeedback.objects.filter(assignment_id__in=ids, year__year=year)
    }
    found: dict[int, list[RatingInput]] = {}
    for assignment in assignments:
        form = forms.get(assignment.pk)
        delays = _delays(
            assignment,
            year=years.get(assignment.programme_id),
            plan=plans.get(assignment.pk),
            periods=periods.get(assignment.programme_id, []),
            reports=reports.get(assignment.pk, {}),
            visits=visits.get(assignment.pk, 0),
            today=today,
        )
        found.setdefault(assignment.cadre_id, []).append(
            RatingInput(
                source="monitoring",
                label=f"Theo dõi {assignment.commune.name} (năm {year})",
                grade=form.completion_level if form is not None else "",
                ref=assignment.pk,
                url=reverse("monitoring:feedback_detail", args=[form.pk])
                if form is not None
                else reverse("monitoring:assignment_detail", args=[assignment.pk]),
                note=_note(form, visits.get(assignment.pk, 0)),
                delays=len(delays),
                delay_notes="; ".join(delays),
                late=bool(delays),
                on=(form.submitted_on if form is not None else datetime.date(year, 12, 31)).isoformat(),
            )
        )
    return found


def register() -> None:
    from dotpha.ratings.inputs import register_provider

    register_provider("monitoring", monitoring_inputs, cadres=monitoring_cadres)
