"""Writes to the organisation. Each checks the actor's authority, runs in one transaction and leaves a
history row naming the actor."""

import datetime

from django.db import transaction

from dotpha.accounts.models import User
from dotpha.accounts.permissions import can_manage_org
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.org.models import Appointment, Cadre, EndReason, Position, Unit, UnitKind, UnitLevel, UnitMerger
from dotpha.org.signals import appointment_ended


def _require_org_manager(actor: User, unit: Unit | None) -> None:
    if not can_manage_org(actor, unit):
        raise PermissionDeniedError("Bạn không có quyền quản lý tổ chức, cán bộ của đơn vị này.")


@transaction.atomic
def unit_create(
    *,
    actor: User,
    parent: Unit | None,
    name: str,
    code: str,
    kind: UnitKind,
    level: UnitLevel | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Unit:
    _require_org_manager(actor, parent)
    if Unit.objects.filter(code=code).exists():
        raise ApplicationError(f"Mã đơn vị “{code}” đã được dùng.", code="duplicate_code")
    level = level or kind.default_level
    if level is None:
        raise ApplicationError("Chưa xác định cấp của đơn vị.", code="level_required")
    unit = Unit(
        name=name.strip(), code=code, kind=kind, level=level, valid_from=valid_from, valid_to=valid_to
    )
    as_actor(unit, actor)
    if parent is None:
        return Unit.objects.add_root(instance=unit)
    # treebeard changes the parent's numchild with a raw update; re-read it before the next add.
    parent = Unit.objects.get(pk=parent.pk)
    return Unit.objects.add_child(parent, instance=unit)


@transaction.atomic
def unit_update(*, actor: User, unit: Unit, **fields) -> Unit:
    _require_org_manager(actor, unit)
    allowed = {"name", "code", "kind", "level", "valid_from", "valid_to"}
    unknown = set(fields) - allowed
    if unknown:
        raise ApplicationError(f"Không sửa được trường {', '.join(sorted(unknown))}.")
    if "code" in fields and Unit.objects.filter(code=fields["code"]).exclude(pk=unit.pk).exists():
        raise ApplicationError(f"Mã đơn vị “{fields['code']}” đã được dùng.", code="duplicate_code")
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    for name, value in fields.items():
        setattr(unit, name, value)
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        raise ApplicationError("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.", code="invalid_dates")
    as_actor(unit, actor).save()
    return unit


@transaction.atomic
def unit_close(*, actor: User, unit: Unit, end_date: datetime.date, reason: str) -> Unit:
    """giải thể: the unit stops after `end_date`; the reason stays in its history. A unit whose people still
    hold posts there is merged instead (the merger ends the posts and alerts about the communes they
    monitored), or their posts are ended first."""
    _require_org_manager(actor, unit)
    if not reason.strip():
        raise ApplicationError("Nhập lý do đóng đơn vị.", code="reason_required")
    if unit.valid_from and end_date < unit.valid_from:
        raise ApplicationError("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.", code="invalid_dates")
    if Appointment.objects.filter(unit=unit, end_date__isnull=True).exists():
        raise ApplicationError(
            f"“{unit}” còn cán bộ đang giữ chức danh: kết thúc các chức danh đó hoặc sáp nhập đơn vị.",
            code="unit_has_posts",
        )
    unit.valid_to = end_date
    unit._change_reason = reason.strip()  # type: ignore[attr-defined]  # simple-history's history_change_reason
    as_actor(unit, actor).save()
    return unit


@transaction.atomic
def unit_merge(
    *,
    actor: User,
    predecessors: list[Unit],
    successor: Unit,
    effective_date: datetime.date,
    decision_number: str = "",
) -> list[UnitMerger]:
    """sáp nhập: the predecessors stop the day before `effective_date`; their open appointments end with
    reason "merged"; the successor's pages and counts then include what they held."""
    if not predecessors:
        raise ApplicationError("Chọn ít nhất một đơn vị bị sáp nhập.")
    for unit in [*predecessors, successor]:
        _require_org_manager(actor, unit)
    if any(p.pk == successor.pk for p in predecessors):
        raise ApplicationError("Đơn vị không thể sáp nhập vào chính nó.", code="merge_self")
    if any(successor.path.startswith(p.path) for p in predecessors):
        raise ApplicationError(
            "Không thể sáp nhập đơn vị vào đơn vị cấp dưới của nó.", code="merge_into_child"
        )
    last_day = effective_date - datetime.timedelta(days=1)
    mergers = []
    closed: list[Appointment] = []
    for predecessor in predecessors:
        if UnitMerger.objects.filter(predecessor=predecessor, successor=successor).exists():
            raise ApplicationError(
                f"“{predecessor}” đã được sáp nhập vào “{successor}”.", code="merge_duplicate"
            )
        if predecessor.valid_to is None or predecessor.valid_to > last_day:
            predecessor.valid_to = last_day
            as_actor(predecessor, actor).save()
        for appointment in Appointment.objects.filter(unit=predecessor, end_date__isnull=True):
            _close(
                appointment,
                actor=actor,
                end_date=max(last_day, appointment.start_date),
                reason=EndReason.MERGED,
            )
            closed.append(appointment)
        merger = UnitMerger(
            predecessor=predecessor,
            successor=successor,
            effective_date=effective_date,
            decision_number=decision_number,
        )
        as_actor(merger, actor).save()
        mergers.append(merger)
    if successor.valid_from is None:
        successor.valid_from = effective_date
        as_actor(successor, actor).save()
    _alert_coverage(closed, actor)
    return mergers


@transaction.atomic
def position_set_leadership(*, actor: User, position: Position, is_leadership: bool) -> Position:
    """Marks a position as a leadership post (only such a post may monitor a commune). A position is shared
    by every unit, so the actor must manage every unit where someone holds it now."""
    _require_org_manager(actor, None)
    for unit in Unit.objects.filter(appointments__position=position, appointments__end_date__isnull=True):
        _require_org_manager(actor, unit)
    position.is_leadership = is_leadership
    as_actor(position, actor).save()
    return position


@transaction.atomic
def cadre_create(
    *, actor: User, code: str, full_name: str, gender: str, managing_unit: Unit | None, **extra
) -> Cadre:
    _require_org_manager(actor, managing_unit)
    if Cadre.objects.filter(code=code).exists():
        raise ApplicationError(f"Mã cán bộ “{code}” đã được dùng.", code="duplicate_code")
    cadre = Cadre(
        code=code, full_name=" ".join(full_name.split()), gender=gender, managing_unit=managing_unit, **extra
    )
    cadre.full_clean(exclude=["managing_unit"])
    as_actor(cadre, actor).save()
    return cadre


@transaction.atomic
def cadre_update(*, actor: User, cadre: Cadre, **fields) -> Cadre:
    _require_org_manager(actor, cadre.managing_unit)
    if "managing_unit" in fields:
        _require_org_manager(actor, fields["managing_unit"])
    for name, value in fields.items():
        setattr(cadre, name, value)
    cadre.full_clean(exclude=["managing_unit"])
    as_actor(cadre, actor).save()
    return cadre


@transaction.atomic
def appointment_start(
    *, actor: User, cadre: Cadre, position: Position, unit: Unit, start_date: datetime.date
) -> Appointment:
    _require_org_manager(actor, unit)
    if not unit.is_active_on(start_date):
        raise ApplicationError(f"Đơn vị “{unit}” không còn hiệu lực vào ngày {start_date:%d/%m/%Y}.")
    if Appointment.objects.filter(cadre=cadre, position=position, unit=unit, end_date__isnull=True).exists():
        raise ApplicationError(
            f"{cadre} đang giữ chức danh {position} tại {unit}.", code="duplicate_appointment"
        )
    appointment = Appointment(cadre=cadre, position=position, unit=unit, start_date=start_date)
    as_actor(appointment, actor).save()
    return appointment


@transaction.atomic
def appointment_end(
    *, actor: User, appointment: Appointment, end_date: datetime.date, end_reason: str
) -> Appointment:
    _require_org_manager(actor, appointment.unit)
    if appointment.end_date is not None:
        raise ApplicationError("Việc bổ nhiệm này đã kết thúc.", code="already_ended")
    if end_date < appointment.start_date:
        raise ApplicationError("Ngày kết thúc phải từ ngày bắt đầu trở đi.", code="invalid_dates")
    if end_reason not in EndReason.values:
        raise ApplicationError("Chọn lý do kết thúc: nghỉ hưu, chuyển công tác, sáp nhập hoặc miễn nhiệm.")
    _close(appointment, actor=actor, end_date=end_date, reason=end_reason)
    _alert_coverage([appointment], actor)
    return appointment


def _close(appointment: Appointment, *, actor: User, end_date: datetime.date, reason: str) -> None:
    appointment.end_date = end_date
    appointment.end_reason = reason
    as_actor(appointment, actor).save()


def _alert_coverage(appointments: list[Appointment], actor: User) -> None:
    """A cadre who leaves a post leaves the commune they monitored through it without a monitor: the
    organizers are alerted now (by monitoring, which receives the signal). Called once every post of the
    change is closed, so that a merger never proposes a colleague whose post ends with the same merger."""
    for appointment in appointments:
        appointment_ended.send(sender=Appointment, appointment=appointment, actor=actor)
