"""Writes to programmes, periods, fields, decisions: organizers (and a unit's leadership, for its own
unit) run programmes, approvers sign decisions."""

import datetime

from django.db import transaction
from django.utils import timezone

from dotpha.accounts.models import Role, User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.org.models import Unit
from dotpha.programmes.authority import can_issue_decisions, issuing_body
from dotpha.programmes.models import (
    Decision,
    Field,
    Grade,
    Period,
    PeriodKind,
    Programme,
    ReportCadence,
    TaskKind,
)
from dotpha.programmes.permissions import can_run_programme, has_role

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
        raise PermissionDeniedError("Bạn không có quyền điều hành chương trình của đơn vị này.")


def _validate_programme(programme: Programme) -> None:
    if not programme.number.strip() or not programme.title.strip():
        raise ApplicationError("Nhập số văn bản và trích yếu của chương trình.", code="required")
    kinds = list(programme.task_kinds or [])
    if not kinds or any(k not in TaskKind.values for k in kinds):
        raise ApplicationError("Chọn ít nhất một loại việc hợp lệ.", code="invalid_task_kinds")
    grades = list(programme.grades or [])
    if not grades or any(g not in Grade.values for g in grades):
        raise ApplicationError("Chọn thang đánh giá hợp lệ.", code="invalid_grades")
    if programme.report_cadence not in ReportCadence.values:
        raise ApplicationError(
            "Chọn kỳ báo cáo: hằng tuần, hằng tháng hoặc hằng quý.", code="invalid_cadence"
        )
    if not 1 <= programme.min_tasks_per_assignee <= programme.max_tasks_per_assignee:
        raise ApplicationError(
            "Số việc tối thiểu phải từ 1 và không lớn hơn số việc tối đa.", code="invalid_limits"
        )
    if programme.registration_closes < programme.registration_opens:
        raise ApplicationError("Hạn đăng ký phải sau ngày mở đăng ký.", code="invalid_dates")


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
        raise ApplicationError(f"Không sửa được trường {', '.join(sorted(unknown))}.")
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
        raise ApplicationError("Nhập tên kỳ (ví dụ: 2024).", code="required")
    if end_date < start_date:
        raise ApplicationError("Ngày kết thúc kỳ phải sau ngày bắt đầu.", code="invalid_dates")
    if kind not in PeriodKind.values:
        raise ApplicationError("Loại kỳ là năm hoặc giai đoạn.", code="invalid_kind")
    if (registration_opens is None) != (registration_closes is None):
        raise ApplicationError("Nhập cả ngày mở và hạn đăng ký của kỳ, hoặc để trống cả hai.")
    if registration_opens and registration_closes and registration_closes < registration_opens:
        raise ApplicationError("Hạn đăng ký phải sau ngày mở đăng ký.", code="invalid_dates")
    if Period.objects.filter(programme=programme, name=name).exists():
        raise ApplicationError(f"Chương trình đã có kỳ “{name}”.", code="duplicate_period")
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
    """khóa kỳ: from now on only organizers may change the period's tasks, and each change is audited."""
    _require_organizer(actor, period.programme.issuing_unit)
    period = Period.objects.select_for_update().get(pk=period.pk)
    if period.is_closed:
        raise ApplicationError(f"Kỳ {period.name} đã khóa.", code="period_closed")
    period.closed_at = timezone.now()
    period.closed_by = actor
    as_actor(period, actor).save()
    return period


@transaction.atomic
def period_reopen(*, actor: User, period: Period, reason: str) -> Period:
    _require_organizer(actor, period.programme.issuing_unit)
    if not reason.strip():
        raise ApplicationError("Nêu lý do mở lại kỳ đã khóa.", code="reason_required")
    period = Period.objects.select_for_update().get(pk=period.pk)
    if not period.is_closed:
        raise ApplicationError(f"Kỳ {period.name} chưa khóa.", code="period_open")
    period.closed_at = None
    period.closed_by = None
    period._change_reason = reason.strip()  # type: ignore[attr-defined]
    as_actor(period, actor).save()
    return period


@transaction.atomic
def field_create(*, actor: User, name: str, code: str, rank: int = 100) -> Field:
    if not has_role(actor, Role.ORGANIZER):
        raise PermissionDeniedError("Chỉ Ban Tổ chức được thêm lĩnh vực.")
    name = " ".join(name.split())
    if not name or not code:
        raise ApplicationError("Nhập mã và tên lĩnh vực.", code="required")
    if Field.objects.filter(name__iexact=name).exists() or Field.objects.filter(code=code).exists():
        raise ApplicationError(f"Lĩnh vực “{name}” đã có.", code="duplicate_field")
    field = Field(name=name, code=code, rank=rank)
    as_actor(field, actor).save()
    return field


@transaction.atomic
def decision_create(
    *,
    actor: User,
    programme: Programme,
    period: Period,
    number: str,
    title: str,
    signed_on: datetime.date,
    issuing_unit: Unit | None = None,
    batch_number: int | None = None,
) -> Decision:
    """A numbered approval decision (Quyết định phê duyệt đợt N), issued by the issuing body of the given
    unit or of the programme's issuing unit (`issuing_body`: a party committee's standing committee)."""
    issuing_unit = issuing_body(issuing_unit or programme.issuing_unit)
    if not can_issue_decisions(actor, issuing_unit, programme_unit=programme.issuing_unit):
        raise PermissionDeniedError("Bạn không có quyền ban hành quyết định của đơn vị này.")
    if period.programme_id != programme.pk:
        raise ApplicationError("Kỳ không thuộc chương trình đã chọn.", code="period_mismatch")
    period = Period.objects.get(pk=period.pk)  # closed_at as it is now, not as the caller read it
    if period.is_closed:
        raise ApplicationError(f"Kỳ {period.name} đã khóa.", code="period_closed")
    number = number.strip()
    if not number or not title.strip():
        raise ApplicationError("Nhập số và trích yếu của quyết định.", code="required")
    if Decision.objects.filter(
        issuing_unit=issuing_unit, number=number, signed_on__year=signed_on.year
    ).exists():
        raise ApplicationError(
            f"Quyết định số {number} năm {signed_on.year} đã được nhập.", code="duplicate_decision"
        )
    decision = Decision(
        programme=programme,
        period=period,
        number=number,
        title=" ".join(title.split()),
        signed_on=signed_on,
        issuing_unit=issuing_unit,
        batch_number=batch_number,
        created_by=actor,
    )
    as_actor(decision, actor).save()
    return decision
