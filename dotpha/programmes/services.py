"""Writes to programmes, periods, fields, decisions: organizers (and a unit's leadership, for its own
unit) run programmes, approvers sign decisions."""

import datetime
from pathlib import PurePath

from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.access import has_role
from dotpha.accounts.models import Role, User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.org.models import Unit
from dotpha.programmes.authority import can_issue_decisions, issuing_body
from dotpha.programmes.errors import ProgrammeRefusal
from dotpha.programmes.models import (
    Decision,
    Field,
    Grade,
    Period,
    PeriodKind,
    Programme,
    ReportCadence,
    RoutineDuty,
    TaskKind,
)
from dotpha.programmes.permissions import can_run_programme
from dotpha.programmes.scan import check_scan
from dotpha.programmes.selectors import programme_units
from dotpha.programmes.signals import period_closed

PROGRAMME_FIELDS = {
    "number",
    "document_kind",
    "title",
    "issued_on",
    "task_kinds",
    "min_tasks_per_assignee",
    "max_tasks_per_assignee",
    "registration_opens",
    "registration_closes",
    "report_cadence",
    "grades",
}


def _require_organizer(actor: User, unit: Unit) -> None:
    """Organizers of the unit's subtree, or the unit's own leadership (`can_run_programme`)."""
    if not can_run_programme(actor, unit):
        raise PermissionDeniedError(_("Bạn không có quyền điều hành chương trình của đơn vị này."))


def _validate_programme(programme: Programme) -> None:
    if not programme.number.strip() or not programme.title.strip():
        raise ApplicationError(
            _("Nhập số văn bản và trích yếu của chương trình."), code=ProgrammeRefusal.REQUIRED
        )
    kinds = list(programme.task_kinds or [])
    if not kinds or any(k not in TaskKind.values for k in kinds):
        raise ApplicationError(
            _("Chọn ít nhất một loại việc hợp lệ."), code=ProgrammeRefusal.INVALID_TASK_KINDS
        )
    grades = list(programme.grades or [])
    if not grades or any(g not in Grade.values for g in grades):
        raise ApplicationError(_("Chọn thang đánh giá hợp lệ."), code=ProgrammeRefusal.INVALID_GRADES)
    if programme.report_cadence not in ReportCadence.values:
        raise ApplicationError(
            _("Chọn kỳ báo cáo: hằng tuần, hằng tháng hoặc hằng quý."), code=ProgrammeRefusal.INVALID_CADENCE
        )
    if not 1 <= programme.min_tasks_per_assignee <= programme.max_tasks_per_assignee:
        raise ApplicationError(
            _("Số việc tối thiểu phải từ 1 và không lớn hơn số việc tối đa."),
            code=ProgrammeRefusal.INVALID_LIMITS,
        )
    if programme.registration_closes < programme.registration_opens:
        raise ApplicationError(
            _("Hạn đăng ký phải sau ngày mở đăng ký."), code=ProgrammeRefusal.INVALID_DATES
        )


@transaction.atomic
def programme_create(
    *,
    actor: User,
    number: str,
    title: str,
    issued_on: datetime.date,
    issuing_unit: Unit,
    registration_opens: datetime.date,
    registration_closes: datetime.date,
    document_kind: str = "regulation",
    task_kinds: list[str] | None = None,
    min_tasks_per_assignee: int = 1,
    max_tasks_per_assignee: int = 5,
    report_cadence: str = ReportCadence.MONTHLY,
    grades: list[str] | None = None,
) -> Programme:
    _require_organizer(actor, issuing_unit)
    programme = Programme(
        number=number.strip(),
        document_kind=document_kind,
        title=" ".join(title.split()),
        issued_on=issued_on,
        issuing_unit=issuing_unit,
        task_kinds=list(task_kinds) if task_kinds is not None else list(TaskKind.values),
        min_tasks_per_assignee=min_tasks_per_assignee,
        max_tasks_per_assignee=max_tasks_per_assignee,
        registration_opens=registration_opens,
        registration_closes=registration_closes,
        report_cadence=report_cadence,
        grades=list(grades) if grades is not None else list(Grade.values),
    )
    _validate_programme(programme)
    as_actor(programme, actor).save()
    return programme


@transaction.atomic
def programme_update(*, actor: User, programme: Programme, **fields) -> Programme:
    _require_organizer(actor, programme.issuing_unit)
    unknown = set(fields) - PROGRAMME_FIELDS
    if unknown:
        raise ApplicationError(
            _("Không sửa được trường %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    for name, value in fields.items():
        setattr(programme, name, value)
    _validate_programme(programme)
    as_actor(programme, actor).save()
    return programme


@transaction.atomic
def period_create(
    *,
    actor: User,
    programme: Programme,
    name: str,
    start_date: datetime.date,
    end_date: datetime.date,
    kind: str = PeriodKind.YEAR,
    registration_opens: datetime.date | None = None,
    registration_closes: datetime.date | None = None,
) -> Period:
    _require_organizer(actor, programme.issuing_unit)
    name = name.strip()
    if not name:
        raise ApplicationError(_("Nhập tên kỳ (ví dụ: 2024)."), code=ProgrammeRefusal.REQUIRED)
    if end_date < start_date:
        raise ApplicationError(
            _("Ngày kết thúc kỳ phải sau ngày bắt đầu."), code=ProgrammeRefusal.INVALID_DATES
        )
    if kind not in PeriodKind.values:
        raise ApplicationError(_("Loại kỳ là năm hoặc giai đoạn."), code=ProgrammeRefusal.INVALID_KIND)
    if (registration_opens is None) != (registration_closes is None):
        raise ApplicationError(_("Nhập cả ngày mở và hạn đăng ký của kỳ, hoặc để trống cả hai."))
    if registration_opens and registration_closes and registration_closes < registration_opens:
        raise ApplicationError(
            _("Hạn đăng ký phải sau ngày mở đăng ký."), code=ProgrammeRefusal.INVALID_DATES
        )
    if Period.objects.filter(programme=programme, name=name).exists():
        raise ApplicationError(
            _("Chương trình đã có kỳ “%(name)s”.") % {"name": name}, code=ProgrammeRefusal.DUPLICATE_PERIOD
        )
    period = Period(
        programme=programme,
        name=name,
        kind=kind,
        start_date=start_date,
        end_date=end_date,
        registration_opens=registration_opens,
        registration_closes=registration_closes,
    )
    as_actor(period, actor).save()
    return period


@transaction.atomic
def period_close(*, actor: User, period: Period) -> Period:
    """khóa kỳ: from now on only organizers may change the period's tasks, and each change is audited; the
    period's figures are frozen as they stand (`period_closed`: the reports app takes the snapshot)."""
    _require_organizer(actor, period.programme.issuing_unit)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.is_closed:
        raise ApplicationError(
            _("Kỳ %(period)s đã khóa.") % {"period": period.name}, code=ProgrammeRefusal.PERIOD_CLOSED
        )
    period.closed_at = timezone.now()
    period.closed_by = actor
    as_actor(period, actor).save()
    period_closed.send(sender=Period, period=period, actor=actor)
    return period


@transaction.atomic
def period_reopen(*, actor: User, period: Period, reason: str) -> Period:
    _require_organizer(actor, period.programme.issuing_unit)
    if not reason.strip():
        raise ApplicationError(_("Nêu lý do mở lại kỳ đã khóa."), code=ProgrammeRefusal.REASON_REQUIRED)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if not period.is_closed:
        raise ApplicationError(
            _("Kỳ %(period)s chưa khóa.") % {"period": period.name}, code=ProgrammeRefusal.PERIOD_OPEN
        )
    period.closed_at = None
    period.closed_by = None
    period._change_reason = reason.strip()  # type: ignore[attr-defined]
    as_actor(period, actor).save()
    return period


@transaction.atomic
def field_create(*, actor: User, name: str, code: str, rank: int = 100) -> Field:
    if not has_role(actor, Role.ORGANIZER):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức được thêm lĩnh vực."))
    name = " ".join(name.split())
    if not name or not code:
        raise ApplicationError(_("Nhập mã và tên lĩnh vực."), code=ProgrammeRefusal.REQUIRED)
    if Field.objects.filter(name__iexact=name).exists() or Field.objects.filter(code=code).exists():
        raise ApplicationError(
            _("Lĩnh vực “%(name)s” đã có.") % {"name": name}, code=ProgrammeRefusal.DUPLICATE_FIELD
        )
    field = Field(name=name, code=code, rank=rank)
    as_actor(field, actor).save()
    return field


def check_signed_on(period: Period, signed_on: datetime.date, *, today: datetime.date) -> None:
    """The signing date is the approval date of every task the decision approves, so it is a real date of
    the period's work: not after today, and not before the period opened. A period opens at the earlier
    of its first day and its registration opening: registration for 2026 may open in December 2025, and a
    first batch may be approved before the year begins; nothing is approved before anyone could register."""
    if signed_on > today:
        raise ApplicationError(
            _("Ngày ký %(signed_on)s chưa đến: nhập quyết định đã ký, ngày ký không sau hôm nay.")
            % {"signed_on": f"{signed_on:%d/%m/%Y}"},
            code=ProgrammeRefusal.DECISION_DATE_FUTURE,
        )
    opened = min(period.start_date, period.registration_window()[0])
    if signed_on < opened:
        raise ApplicationError(
            _(
                "Ngày ký %(signed_on)s trước ngày kỳ %(period)s mở (%(opened)s): "
                "quyết định phê duyệt phải ký từ ngày kỳ mở."
            )
            % {"signed_on": f"{signed_on:%d/%m/%Y}", "period": period.name, "opened": f"{opened:%d/%m/%Y}"},
            code=ProgrammeRefusal.DECISION_DATE_BEFORE_PERIOD,
        )


def _check_amended(decision: Decision, amends: Decision) -> None:
    if (amends.programme_id, amends.period_id) != (decision.programme_id, decision.period_id):
        raise ApplicationError(
            _("Quyết định được sửa đổi, bổ sung phải cùng chương trình và kỳ."),
            code=ProgrammeRefusal.AMENDS_MISMATCH,
        )
    if amends.issuing_unit_id != decision.issuing_unit_id:
        raise ApplicationError(
            _("Chỉ sửa đổi, bổ sung quyết định của cùng cơ quan ban hành."),
            code=ProgrammeRefusal.AMENDS_MISMATCH,
        )
    if decision.signed_on < amends.signed_on:
        raise ApplicationError(
            _("Quyết định sửa đổi phải ký từ ngày %(signed_on)s (ngày ký quyết định số %(number)s).")
            % {"signed_on": f"{amends.signed_on:%d/%m/%Y}", "number": amends.number},
            code=ProgrammeRefusal.AMENDS_DATE,
        )


@transaction.atomic
def decision_create(
    *,
    actor: User,
    programme: Programme,
    period: Period,
    number: str,
    title: str,
    signed_on: datetime.date | None,
    issuing_unit: Unit | None = None,
    batch_number: int | None = None,
    signer_name: str = "",
    signer_post: str = "",
    recipients: str = "",
    amends: Decision | None = None,
    today: datetime.date | None = None,
) -> Decision:
    """A numbered approval decision (Quyết định phê duyệt đợt N), issued by the issuing body of the given
    unit or of the programme's issuing unit (`issuing_body`: a party committee's standing committee).
    `amends`: the decision this one amends (sửa đổi, bổ sung), e.g. a locked one whose task list changes."""
    issuing_unit = issuing_body(issuing_unit or programme.issuing_unit)
    if not can_issue_decisions(actor, issuing_unit, programme_unit=programme.issuing_unit):
        raise PermissionDeniedError(_("Bạn không có quyền ban hành quyết định của đơn vị này."))
    if period.programme_id != programme.pk:
        raise ApplicationError(
            _("Kỳ không thuộc chương trình đã chọn."), code=ProgrammeRefusal.PERIOD_MISMATCH
        )
    period = Period.objects.select_related("programme").get(pk=period.pk)  # closed_at as it is now
    if period.is_closed:
        raise ApplicationError(
            _("Kỳ %(period)s đã khóa.") % {"period": period.name}, code=ProgrammeRefusal.PERIOD_CLOSED
        )
    number = number.strip()
    if not number or not title.strip():
        raise ApplicationError(_("Nhập số và trích yếu của quyết định."), code=ProgrammeRefusal.REQUIRED)
    if signed_on is None:
        raise ApplicationError(
            _("Nhập ngày ký quyết định số %(number)s.") % {"number": number}, code=ProgrammeRefusal.REQUIRED
        )
    check_signed_on(period, signed_on, today=today or timezone.localdate())
    if Decision.objects.filter(
        issuing_unit=issuing_unit, number=number, signed_on__year=signed_on.year
    ).exists():
        raise ApplicationError(
            _("Quyết định số %(number)s năm %(year)s đã được nhập.")
            % {"number": number, "year": signed_on.year},
            code=ProgrammeRefusal.DUPLICATE_DECISION,
        )
    decision = Decision(
        programme=programme,
        period=period,
        number=number,
        title=" ".join(title.split()),
        signed_on=signed_on,
        issuing_unit=issuing_unit,
        batch_number=batch_number,
        signer_name=" ".join(signer_name.split()),
        signer_post=" ".join(signer_post.split()),
        recipients=recipients.strip(),
        amends=amends,
        created_by=actor,
    )
    if amends is not None:
        _check_amended(decision, amends)
    as_actor(decision, actor).save()
    return decision


@transaction.atomic
def decision_amend(
    *,
    actor: User,
    decision: Decision,
    number: str,
    signed_on: datetime.date | None,
    title: str = "",
    signer_name: str = "",
    signer_post: str = "",
    recipients: str = "",
    today: datetime.date | None = None,
) -> Decision:
    """Quyết định sửa đổi, bổ sung: the locked `decision`'s task list never changes, so a change is a new,
    open decision of the same body, programme and period that amends it (decision_create checks them and
    the date); tasks are then approved or assigned under it like under any open decision. Only a locked
    decision is amended: an open one still takes its changes itself."""
    decision = Decision.objects.select_related("issuing_unit__kind", "programme", "period").get(
        pk=decision.pk
    )
    if not can_issue_decisions(actor, decision.issuing_unit):
        raise PermissionDeniedError(_("Quyết định không thuộc thẩm quyền của bạn."))
    if not decision.is_locked:
        raise ApplicationError(
            _(
                "Quyết định số %(number)s chưa có bản ký, danh sách việc còn mở: phê duyệt thêm việc "
                "ngay theo quyết định này, chưa cần quyết định sửa đổi."
            )
            % {"number": decision.number},
            code=ProgrammeRefusal.DECISION_OPEN,
        )
    return decision_create(
        actor=actor,
        programme=decision.programme,
        period=decision.period,
        number=number,
        title=title.strip() or f"Sửa đổi, bổ sung Quyết định số {decision.number}",
        signed_on=signed_on,
        issuing_unit=decision.issuing_unit,
        signer_name=signer_name,
        signer_post=signer_post,
        recipients=recipients,
        amends=decision,
        today=today,
    )


def open_decision(actor: User, decision: Decision) -> Decision:
    """The decision as it is now, row-locked until the transaction ends (a scan attached meanwhile is
    seen), refused when the actor may not issue it or it is locked. Call inside a transaction."""
    decision = Decision.objects.select_for_update().select_related("issuing_unit__kind").get(pk=decision.pk)
    if not can_issue_decisions(actor, decision.issuing_unit):
        raise PermissionDeniedError(_("Quyết định không thuộc thẩm quyền của bạn."))
    if decision.is_locked:
        raise ApplicationError(
            _(
                "Quyết định số %(number)s đã có bản ký, danh sách việc đã khóa: muốn thay đổi, "
                "ban hành quyết định sửa đổi, bổ sung quyết định này."
            )
            % {"number": decision.number},
            code=ProgrammeRefusal.DECISION_LOCKED,
        )
    return decision


@transaction.atomic
def decision_attach_scan(*, actor: User, decision: Decision, file: File) -> Decision:
    """Bản ký: the signed scan (PDF only, size capped, parsed) is attached; from then on the decision's
    task list is locked."""
    decision = open_decision(actor, decision)
    if not decision.tasks.exists():  # type: ignore[attr-defined]
        raise ApplicationError(
            _("Quyết định số %(number)s chưa phê duyệt việc nào: chưa khóa được.")
            % {"number": decision.number},
            code=ProgrammeRefusal.DECISION_EMPTY,
        )
    check_scan(file)
    decision.scan.save(file.name or "ban-ky.pdf", file, save=False)
    decision.scan_name = PurePath(file.name or "").name[:255]
    decision.scan_uploaded_at = timezone.now()
    decision.scan_uploaded_by = actor
    decision._change_reason = "Tải bản ký, khóa danh sách việc"  # type: ignore[attr-defined]
    as_actor(decision, actor).save()
    return decision


@transaction.atomic
def routine_duties_add(*, actor: User, programme: Programme, unit: Unit, text: str) -> list[RoutineDuty]:
    """Nhiệm vụ thường xuyên của đơn vị: one duty per non-empty line of `text`, for a unit of the
    programme's scope, by whoever runs the programme."""
    _require_organizer(actor, programme.issuing_unit)
    if not programme_units(programme).filter(pk=unit.pk).exists():
        raise ApplicationError(
            _("Đơn vị %(unit)s không thuộc phạm vi của chương trình.") % {"unit": unit.name},
            code=ProgrammeRefusal.UNIT_OUTSIDE,
        )
    lines = [" ".join(line.split()) for line in text.splitlines()]
    duties = [RoutineDuty(programme=programme, unit=unit, text=line) for line in lines if line]
    if not duties:
        raise ApplicationError(
            _("Nhập nhiệm vụ thường xuyên của đơn vị, mỗi dòng một nhiệm vụ."), code=ProgrammeRefusal.REQUIRED
        )
    for duty in duties:
        as_actor(duty, actor).save()
    return duties


@transaction.atomic
def routine_duty_remove(*, actor: User, duty: RoutineDuty) -> None:
    _require_organizer(actor, duty.programme.issuing_unit)
    as_actor(duty, actor).delete()
