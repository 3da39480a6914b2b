"""The regulation and its years: Ban Tổ chức records them (the admin edits them too)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dotpha.accounts.access import is_organizer_over
from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.monitoring.errors import MonitoringRefusal
from dotpha.monitoring.models import MonitoringProgramme, MonitoringYear, ReportPeriod
from dotpha.monitoring.services._common import fmt, require_text, save
from dotpha.org.models import Unit
from dotpha.programmes.models import DocumentKind


@dataclass(frozen=True)
class ReportPeriodInput:
    name: str
    covers_from: datetime.date
    covers_to: datetime.date
    due_date: datetime.date


def default_report_periods(year: int) -> list[ReportPeriodInput]:
    """Every six months and at year end, as provinces usually ask (data to 15/6 and 15/12, due 20th)."""
    return [
        ReportPeriodInput(
            "Báo cáo 6 tháng đầu năm",
            datetime.date(year, 1, 1),
            datetime.date(year, 6, 15),
            datetime.date(year, 6, 20),
        ),
        ReportPeriodInput(
            "Báo cáo kết quả theo dõi năm",
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 15),
            datetime.date(year, 12, 20),
        ),
    ]


@transaction.atomic
def monitoring_programme_create(
    *,
    actor: User,
    number: str,
    title: str,
    issued_on: datetime.date,
    issuing_unit: Unit,
    scope_unit: Unit,
    document_kind: str = DocumentKind.REGULATION,
    plan_days_after_assignment: int = 30,
) -> MonitoringProgramme:
    if not is_organizer_over(actor, scope_unit):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức được ban hành quy định theo dõi xã."))
    if document_kind not in DocumentKind.values:
        raise ApplicationError(_("Loại văn bản không hợp lệ."), code=MonitoringRefusal.INVALID_KIND)
    programme = MonitoringProgramme(
        number=require_text(number, _("số văn bản")),
        title=require_text(title, _("trích yếu")),
        issued_on=issued_on,
        issuing_unit=issuing_unit,
        scope_unit=scope_unit,
        document_kind=document_kind,
        plan_days_after_assignment=plan_days_after_assignment,
    )
    save(programme, actor)
    return programme


@transaction.atomic
def monitoring_year_create(
    *,
    actor: User,
    programme: MonitoringProgramme,
    year: int,
    plan_deadline: datetime.date,
    form_deadline: datetime.date,
    report_periods: Sequence[ReportPeriodInput] | None = None,
) -> MonitoringYear:
    if not is_organizer_over(actor, programme.scope_unit):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức được lập kế hoạch năm theo dõi xã."))
    # Two organizers opening the same year at once: the programme's row is locked first, so the second
    # waits here, then finds the first one's year and is refused like any duplicate (PostgreSQL).
    MonitoringProgramme.objects.select_for_update().filter(pk=programme.pk).first()
    duplicate = ApplicationError(
        _("Năm %(year)s của %(programme)s đã có.") % {"year": year, "programme": programme},
        code=MonitoringRefusal.DUPLICATE_YEAR,
    )
    if MonitoringYear.objects.filter(programme=programme, year=year).exists():
        raise duplicate
    if plan_deadline.year != year:
        raise ApplicationError(
            _("Hạn gửi kế hoạch phải trong năm %(year)s.") % {"year": year},
            code=MonitoringRefusal.INVALID_DATES,
        )
    if form_deadline < plan_deadline:
        raise ApplicationError(
            _("Hạn gửi phiếu nhận xét phải sau hạn gửi kế hoạch."), code=MonitoringRefusal.INVALID_DATES
        )
    record = MonitoringYear(
        programme=programme, year=year, plan_deadline=plan_deadline, form_deadline=form_deadline
    )
    try:
        with transaction.atomic():  # a savepoint: the unique constraint, should a year slip past the lock
            save(record, actor)
    except IntegrityError as exc:
        raise duplicate from exc
    for item in default_report_periods(year) if report_periods is None else report_periods:
        if not item.covers_from <= item.covers_to or item.due_date < item.covers_from:
            raise ApplicationError(
                _(
                    "Kỳ “%(item)s”: số liệu từ %(covers_from)s đến %(covers_to)s, "
                    "hạn %(due_date)s không hợp lệ."
                )
                % {
                    "item": item.name,
                    "covers_from": fmt(item.covers_from),
                    "covers_to": fmt(item.covers_to),
                    "due_date": fmt(item.due_date),
                },
                code=MonitoringRefusal.INVALID_DATES,
            )
        save(
            ReportPeriod(
                year=record,
                name=require_text(item.name, _("tên kỳ báo cáo")),
                covers_from=item.covers_from,
                covers_to=item.covers_to,
                due_date=item.due_date,
            ),
            actor,
        )
    return record
