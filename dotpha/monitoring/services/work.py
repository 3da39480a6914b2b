"""The monitoring cadre's work: the year's plan, visits to the commune, periodic reports; and the
commune committee's confirmation of a visit. Plans and reports are sent once; lateness is kept with them."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.models import Role, User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.monitoring.models import (
    MonitoringAssignment,
    MonitoringPlan,
    MonitoringReport,
    MonitoringYear,
    ReportPeriod,
    Visit,
    VisitKind,
)
from dotpha.monitoring.permissions import speaks_for_commune
from dotpha.monitoring.selectors.duties import plan_deadline
from dotpha.monitoring.services._common import (
    fmt,
    fresh_assignment,
    require_not_future,
    require_own,
    require_text,
    save,
    today_or,
)
from dotpha.notifications.models import NotificationKind
from dotpha.notifications.recipients import role_holders_over
from dotpha.notifications.services import notify


def _period_text(assignment: MonitoringAssignment) -> str:
    end = fmt(assignment.end_date) if assignment.end_date else "nay"
    return f"{fmt(assignment.start_date)} – {end}"


@transaction.atomic
def monitoring_plan_submit(
    *,
    actor: User,
    assignment: MonitoringAssignment,
    year: MonitoringYear,
    content: str,
    today: datetime.date | None = None,
) -> MonitoringPlan:
    today = today_or(today)
    assignment = fresh_assignment(assignment)
    require_own(actor, assignment, "gửi kế hoạch theo dõi")
    year = MonitoringYear.objects.select_related("programme").get(pk=year.pk)
    if year.programme_id != assignment.programme_id:
        raise ApplicationError("Năm theo dõi không thuộc quy định của phân công này.", code="year_mismatch")
    if not assignment.overlaps(year.first_day, year.last_day):
        raise ApplicationError(
            f"Phân công theo dõi {assignment.commune} ({_period_text(assignment)}) không có hiệu lực "
            f"trong năm {year.year}.",
            code="outside_assignment",
        )
    existing = MonitoringPlan.objects.filter(assignment=assignment, year=year).first()
    if existing is not None:
        raise ApplicationError(
            f"Kế hoạch theo dõi năm {year.year} đã gửi ngày {fmt(existing.submitted_on)}; "
            "kế hoạch đã gửi không sửa được.",
            code="already_submitted",
        )
    deadline = plan_deadline(assignment, year)
    plan = MonitoringPlan(
        assignment=assignment,
        year=year,
        content=require_text(content, "nội dung chương trình, kế hoạch theo dõi"),
        deadline=deadline,
        submitted_on=today,
        days_late=max(0, (today - deadline).days),
        submitted_by=actor,
    )
    save(plan, actor)
    return plan


@transaction.atomic
def visit_log(
    *,
    actor: User,
    assignment: MonitoringAssignment,
    visit_date: datetime.date,
    kind: str,
    content: str,
    issues_found: str = "",
    proposals: str = "",
    today: datetime.date | None = None,
) -> Visit:
    today = today_or(today)
    assignment = fresh_assignment(assignment)
    require_own(actor, assignment, "ghi lượt đi cơ sở")
    require_not_future(visit_date, today, "Ngày đi cơ sở")
    if not assignment.is_active_on(visit_date) or not assignment.cadre_present_on(visit_date):
        raise ApplicationError(
            f"Ngày {fmt(visit_date)} ngoài thời gian đồng chí theo dõi {assignment.commune} "
            f"({_period_text(assignment)}).",
            code="outside_assignment",
        )
    if kind not in VisitKind.values:
        raise ApplicationError("Chọn hình thức đi cơ sở.", code="invalid_kind")
    visit = Visit(
        assignment=assignment,
        visit_date=visit_date,
        kind=kind,
        content=require_text(content, "nội dung lượt đi cơ sở"),
        issues_found=issues_found.strip(),
        proposals=proposals.strip(),
        logged_by=actor,
    )
    save(visit, actor)
    notify(
        recipients=role_holders_over(assignment.commune, Role.COMMUNE_COMMITTEE),
        kind=NotificationKind.VISIT_LOGGED,
        title=f"Đồng chí {assignment.cadre} ghi lượt đi cơ sở ngày {fmt(visit_date)} "
        f"({VisitKind(kind).label.lower()}), đề nghị Đảng ủy {assignment.commune} xác nhận.",
        url=reverse("monitoring:commune_detail", args=[assignment.commune_id]),
    )
    return visit


@transaction.atomic
def visit_confirm(*, actor: User, visit: Visit) -> Visit:
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("assignment", "assignment__commune")
        .get(pk=visit.pk)
    )
    commune = visit.assignment.commune
    if not speaks_for_commune(actor, commune):
        raise PermissionDeniedError(f"Chỉ Đảng ủy {commune} được xác nhận lượt đi cơ sở.")
    if visit.confirmed_at is not None:
        raise ApplicationError("Lượt đi cơ sở này đã được xác nhận.", code="already_confirmed")
    visit.confirmed_at = timezone.now()
    visit.confirmed_by = actor
    save(visit, actor)
    return visit


@transaction.atomic
def monitoring_report_submit(
    *,
    actor: User,
    assignment: MonitoringAssignment,
    report_period: ReportPeriod,
    content: str,
    issues: str = "",
    proposals: str = "",
    today: datetime.date | None = None,
) -> MonitoringReport:
    today = today_or(today)
    assignment = fresh_assignment(assignment)
    require_own(actor, assignment, "gửi báo cáo kết quả theo dõi")
    period = ReportPeriod.objects.select_related("year").get(pk=report_period.pk)
    if period.year.programme_id != assignment.programme_id:
        raise ApplicationError("Kỳ báo cáo không thuộc quy định của phân công này.", code="period_mismatch")
    if not assignment.overlaps(period.covers_from, period.covers_to):
        raise ApplicationError(
            f"Phân công theo dõi {assignment.commune} ({_period_text(assignment)}) không thuộc kỳ "
            f"“{period.name}”.",
            code="outside_assignment",
        )
    if today < period.covers_from:
        raise ApplicationError(f"Chưa đến kỳ “{period.name}”.", code="too_early")
    existing = MonitoringReport.objects.filter(assignment=assignment, report_period=period).first()
    if existing is not None:
        raise ApplicationError(
            f"Báo cáo “{period.name}” đã gửi ngày {fmt(existing.submitted_on)}; "
            "báo cáo đã gửi không sửa được.",
            code="already_submitted",
        )
    report = MonitoringReport(
        assignment=assignment,
        report_period=period,
        content=require_text(content, "kết quả theo dõi"),
        issues=issues.strip(),
        proposals=proposals.strip(),
        submitted_on=today,
        submitted_by=actor,
    )
    save(report, actor)
    return report
