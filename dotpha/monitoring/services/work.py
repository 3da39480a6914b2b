"""The monitoring cadre's work: the year's plan, visits to the commune, periodic reports; and the
commune committee's confirmation of a visit. Plans and reports are sent once; lateness is kept with them."""

import datetime
import uuid
from collections.abc import Sequence

from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import Role, User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.monitoring.errors import MonitoringRefusal
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
from dotpha.monitoring.services.evidence import attach_phone_files, validate_phone_files
from dotpha.notifications.models import NotificationKind
from dotpha.notifications.recipients import role_holders_over
from dotpha.notifications.services import notify
from dotpha.workdays.calendar import working_days_late


def _period_text(assignment: MonitoringAssignment) -> str:
    if assignment.end_date is None:
        return _("%(start_date)s – nay") % {"start_date": fmt(assignment.start_date)}
    return f"{fmt(assignment.start_date)} – {fmt(assignment.end_date)}"


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
    require_own(actor, assignment, _("gửi kế hoạch theo dõi"))
    year = MonitoringYear.objects.select_related("programme").get(pk=year.pk)
    if year.programme_id != assignment.programme_id:
        raise ApplicationError(
            _("Năm theo dõi không thuộc quy định của phân công này."), code=MonitoringRefusal.YEAR_MISMATCH
        )
    if not assignment.overlaps(year.first_day, year.last_day):
        raise ApplicationError(
            _("Phân công theo dõi %(commune)s (%(dates)s) không có hiệu lực trong năm %(year)s.")
            % {"commune": assignment.commune, "dates": _period_text(assignment), "year": year.year},
            code=MonitoringRefusal.OUTSIDE_ASSIGNMENT,
        )
    existing = MonitoringPlan.objects.filter(assignment=assignment, year=year).first()
    if existing is not None:
        raise ApplicationError(
            _("Kế hoạch theo dõi năm %(year)s đã gửi ngày %(submitted_on)s; kế hoạch đã gửi không sửa được.")
            % {"year": year.year, "submitted_on": fmt(existing.submitted_on)},
            code=MonitoringRefusal.ALREADY_SUBMITTED,
        )
    deadline = plan_deadline(assignment, year)
    plan = MonitoringPlan(
        assignment=assignment,
        year=year,
        content=require_text(content, _("nội dung chương trình, kế hoạch theo dõi")),
        deadline=deadline,
        submitted_on=today,
        # working days after the effective deadline (dotpha.workdays)
        days_late=working_days_late(deadline, today),
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
    files: Sequence[File] = (),
    idempotency_key: uuid.UUID | None = None,
    today: datetime.date | None = None,
) -> Visit:
    """`idempotency_key`, made on the phone with the form: the same visit sent again (a queue replayed
    when the signal came back, a double tap) returns the visit already recorded, changing nothing."""
    today = today_or(today)
    assignment = fresh_assignment(assignment)  # locked: the same key sent twice at once waits here
    require_own(actor, assignment, _("ghi lượt đi cơ sở"))
    if idempotency_key is not None:
        existing = Visit.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            if existing.assignment_id != assignment.pk or existing.logged_by_id != actor.pk:
                raise ApplicationError(
                    _("Mã gửi này đã dùng cho một lượt đi cơ sở khác: mở lại trang ghi lượt đi cơ sở."),
                    code=MonitoringRefusal.KEY_REUSED,
                )
            return existing
    require_not_future(visit_date, today, _("Ngày đi cơ sở"))
    if not assignment.is_active_on(visit_date) or not assignment.cadre_present_on(visit_date):
        raise ApplicationError(
            _("Ngày %(visit_date)s ngoài thời gian đồng chí theo dõi %(commune)s (%(dates)s).")
            % {
                "visit_date": fmt(visit_date),
                "commune": assignment.commune,
                "dates": _period_text(assignment),
            },
            code=MonitoringRefusal.OUTSIDE_ASSIGNMENT,
        )
    if kind not in VisitKind.values:
        raise ApplicationError(_("Chọn hình thức đi cơ sở."), code=MonitoringRefusal.INVALID_KIND)
    visit = Visit(
        assignment=assignment,
        visit_date=visit_date,
        kind=kind,
        content=require_text(content, _("nội dung lượt đi cơ sở")),
        issues_found=issues_found.strip(),
        proposals=proposals.strip(),
        logged_by=actor,
        idempotency_key=idempotency_key,
    )
    validate_phone_files(files, visit)  # before the visit is saved: a refused file leaves nothing behind
    save(visit, actor)
    attach_phone_files(actor, visit, files)
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
        raise PermissionDeniedError(
            _("Chỉ Đảng ủy %(commune)s được xác nhận lượt đi cơ sở.") % {"commune": commune}
        )
    if visit.confirmed_at is not None:
        raise ApplicationError(
            _("Lượt đi cơ sở này đã được xác nhận."), code=MonitoringRefusal.ALREADY_CONFIRMED
        )
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
    files: Sequence[File] = (),
    today: datetime.date | None = None,
) -> MonitoringReport:
    today = today_or(today)
    assignment = fresh_assignment(assignment)
    require_own(actor, assignment, _("gửi báo cáo kết quả theo dõi"))
    period = ReportPeriod.objects.select_related("year").get(pk=report_period.pk)
    if period.year.programme_id != assignment.programme_id:
        raise ApplicationError(
            _("Kỳ báo cáo không thuộc quy định của phân công này."), code=MonitoringRefusal.PERIOD_MISMATCH
        )
    if not assignment.overlaps(period.covers_from, period.covers_to):
        raise ApplicationError(
            _("Phân công theo dõi %(commune)s (%(dates)s) không thuộc kỳ “%(period)s”.")
            % {"commune": assignment.commune, "dates": _period_text(assignment), "period": period.name},
            code=MonitoringRefusal.OUTSIDE_ASSIGNMENT,
        )
    if today < period.covers_from:
        raise ApplicationError(
            _("Chưa đến kỳ “%(period)s”.") % {"period": period.name}, code=MonitoringRefusal.TOO_EARLY
        )
    existing = MonitoringReport.objects.filter(assignment=assignment, report_period=period).first()
    if existing is not None:
        raise ApplicationError(
            _("Báo cáo “%(period)s” đã gửi ngày %(submitted_on)s; báo cáo đã gửi không sửa được.")
            % {"period": period.name, "submitted_on": fmt(existing.submitted_on)},
            code=MonitoringRefusal.ALREADY_SUBMITTED,
        )
    report = MonitoringReport(
        assignment=assignment,
        report_period=period,
        content=require_text(content, _("kết quả theo dõi")),
        issues=issues.strip(),
        proposals=proposals.strip(),
        submitted_on=today,
        submitted_by=actor,
    )
    validate_phone_files(files, report)  # before the report is saved: a refused file leaves nothing behind
    save(report, actor)
    attach_phone_files(actor, report, files)
    return report
