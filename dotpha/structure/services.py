"""Writes to the organisation. Each checks the actor's authority, runs in one transaction and leaves a
history row naming the actor."""

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from dotpha.accounts.access import can_manage_org
from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.org.errors import OrgRefusal
from dotpha.org.models import Appointment, Cadre, EndReason, Position, Unit, UnitKind, UnitLevel, UnitMerger
from dotpha.org.signals import appointment_ended


def _require_org_manager(actor: User, unit: Unit | None) -> None:
    if not can_manage_org(actor, unit):
        raise PermissionDeniedError(_("Bạn không có quyền quản lý tổ chức, cán bộ của đơn vị này."))


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
        raise ApplicationError(
            _("Mã đơn vị “%(code)s” đã được dùng.") % {"code": code}, code=OrgRefusal.DUPLICATE_CODE
        )
    level = level or kind.default_level
    if level is None:
        raise ApplicationError(_("Chưa xác định cấp của đơn vị."), code=OrgRefusal.LEVEL_REQUIRED)
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
    allowed = {"name", "code", "kind", "level", "valid_from", "valid_to", "latitude", "longitude"}
    unknown = set(fields) - allowed
    if unknown:
        raise ApplicationError(
            _("Không sửa được trường %(fields)s.") % {"fields": ", ".join(sorted(unknown))}
        )
    if "code" in fields and Unit.objects.filter(code=fields["code"]).exclude(pk=unit.pk).exists():
        raise ApplicationError(
            _("Mã đơn vị “%(code)s” đã được dùng.") % {"code": fields["code"]}, code=OrgRefusal.DUPLICATE_CODE
        )
    if "name" in fields:
        fields["name"] = fields["name"].strip()
    _check_position(fields.get("latitude", unit.latitude), fields.get("longitude", unit.longitude))
    was_to = unit.valid_to
    for name, value in fields.items():
        setattr(unit, name, value)
    if unit.valid_from and unit.valid_to and unit.valid_to < unit.valid_from:
        raise ApplicationError(
            _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."), code=OrgRefusal.INVALID_DATES
        )
    if unit.valid_to is not None and unit.valid_to != was_to:
        # an end date set here (the page's edit, an import row) closes the unit: the same rules as unit_close
        _check_closable(unit, unit.valid_to)
    as_actor(unit, actor).save()
    return unit


def _check_position(latitude, longitude) -> None:
    """Both or neither, within the globe's range (a place given as "20,8; 105,3" mistyped is refused)."""
    if (latitude is None) != (longitude is None):
        raise ApplicationError(
            _("Nhập cả vĩ độ và kinh độ, hoặc bỏ trống cả hai."), code=OrgRefusal.INVALID_POSITION
        )
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ApplicationError(
            _("Vĩ độ phải từ -90 đến 90, kinh độ từ -180 đến 180."), code=OrgRefusal.INVALID_POSITION
        )


def _check_closable(unit: Unit, end_date: datetime.date) -> None:
    """A unit stops only when nobody holds a post there and no child unit is still in force after the day."""
    if Appointment.objects.filter(unit=unit, end_date__isnull=True).exists():
        raise ApplicationError(
            _("“%(unit)s” còn cán bộ đang giữ chức danh: kết thúc các chức danh đó hoặc sáp nhập đơn vị.")
            % {"unit": unit},
            code=OrgRefusal.UNIT_HAS_POSTS,
        )
    # A child left in force would hang under a unit that no longer exists, its figures counted nowhere.
    children = Unit.objects.get_children(unit).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=end_date))
    if (active := children.count()) > 0:
        raise ApplicationError(
            _(
                "“%(unit)s” còn %(count)s đơn vị trực thuộc đang hoạt động: đóng, sáp nhập hoặc chia tách "
                "các đơn vị đó trước."
            )
            % {"unit": unit, "count": active},
            code=OrgRefusal.UNIT_HAS_CHILDREN,
        )


@transaction.atomic
def unit_close(*, actor: User, unit: Unit, end_date: datetime.date, reason: str) -> Unit:
    """giải thể: the unit stops after `end_date`; the reason stays in its history. A unit whose people still
    hold posts there is merged instead (the merger ends the posts and alerts about the communes they
    monitored), or their posts are ended first; so is a unit with child units still in force after that
    day, which are closed, merged or split first."""
    _require_org_manager(actor, unit)
    if not reason.strip():
        raise ApplicationError(_("Nhập lý do đóng đơn vị."), code=OrgRefusal.REASON_REQUIRED)
    if unit.valid_from and end_date < unit.valid_from:
        raise ApplicationError(
            _("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."), code=OrgRefusal.INVALID_DATES
        )
    _check_closable(unit, end_date)
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
        raise ApplicationError(_("Chọn ít nhất một đơn vị bị sáp nhập."))
    for unit in [*predecessors, successor]:
        _require_org_manager(actor, unit)
    if any(p.pk == successor.pk for p in predecessors):
        raise ApplicationError(_("Đơn vị không thể sáp nhập vào chính nó."), code=OrgRefusal.MERGE_SELF)
    if any(successor.path.startswith(p.path) for p in predecessors):
        raise ApplicationError(
            _("Không thể sáp nhập đơn vị vào đơn vị cấp dưới của nó."), code=OrgRefusal.MERGE_INTO_CHILD
        )
    last_day = effective_date - datetime.timedelta(days=1)
    mergers = []
    closed: list[Appointment] = []
    for predecessor in predecessors:
        if UnitMerger.objects.filter(predecessor=predecessor, successor=successor).exists():
            raise ApplicationError(
                _("“%(predecessor)s” đã được sáp nhập vào “%(successor)s”.")
                % {"predecessor": predecessor, "successor": successor},
                code=OrgRefusal.MERGE_DUPLICATE,
            )
        closed += _end_unit(predecessor, actor=actor, last_day=last_day)
        mergers.append(_record_merger(predecessor, successor, actor, effective_date, decision_number))
    _start_successor(successor, actor, effective_date)
    _alert_coverage(closed, actor)
    return mergers


@transaction.atomic
def unit_split(
    *,
    actor: User,
    predecessor: Unit,
    successors: list[Unit],
    effective_date: datetime.date,
    decision_number: str = "",
) -> list[UnitMerger]:
    """chia tách: the predecessor stops the day before `effective_date` and its open posts end (reason
    "merged": the unit was reorganised away, as in a merger); one merger row per successor.

    Every successor inherits the predecessor's history for reading and for its open business (scope and
    permissions follow every successor, `org.lineage`). Statistics count that history once, under the
    successor named first, the main one: the statistics send a split to its earliest successor, by date
    then by record (`reports.selectors.units`), and the rows are written in the order the successors are
    named, all on the same date. A task does not say which part of the split it went to."""
    if len(successors) < 2:
        raise ApplicationError(
            _("Chọn ít nhất hai đơn vị nhận phần chia tách."), code=OrgRefusal.SPLIT_TOO_FEW
        )
    if len({s.pk for s in successors}) < len(successors):
        raise ApplicationError(_("Mỗi đơn vị nhận chỉ được chọn một lần."), code=OrgRefusal.SPLIT_DUPLICATE)
    for unit in [predecessor, *successors]:
        _require_org_manager(actor, unit)
    if any(s.pk == predecessor.pk for s in successors):
        raise ApplicationError(_("Đơn vị không thể chia tách vào chính nó."), code=OrgRefusal.SPLIT_SELF)
    if any(s.path.startswith(predecessor.path) for s in successors):
        raise ApplicationError(
            _("Không thể chia tách đơn vị vào đơn vị cấp dưới của nó."), code=OrgRefusal.SPLIT_INTO_CHILD
        )
    # A unit already merged or split away has an earliest successor already: a second reorganisation would
    # leave its statistics with a main successor nobody chose here.
    if UnitMerger.objects.filter(predecessor=predecessor).exists():
        raise ApplicationError(
            _("“%(predecessor)s” đã được sáp nhập hoặc chia tách trước đó.") % {"predecessor": predecessor},
            code=OrgRefusal.SPLIT_DUPLICATE,
        )
    last_day = effective_date - datetime.timedelta(days=1)
    closed = _end_unit(predecessor, actor=actor, last_day=last_day)
    mergers = [
        _record_merger(predecessor, successor, actor, effective_date, decision_number)
        for successor in successors
    ]
    for successor in successors:
        _start_successor(successor, actor, effective_date)
    _alert_coverage(closed, actor)
    return mergers


def _end_unit(unit: Unit, *, actor: User, last_day: datetime.date) -> list[Appointment]:
    """A unit merged or split away stops on `last_day`; the posts held there end with it."""
    if unit.valid_to is None or unit.valid_to > last_day:
        unit.valid_to = last_day
        as_actor(unit, actor).save()
    closed = list(Appointment.objects.filter(unit=unit, end_date__isnull=True))
    for appointment in closed:
        _close(
            appointment,
            actor=actor,
            end_date=max(last_day, appointment.start_date),
            reason=EndReason.MERGED,
        )
    return closed


def _record_merger(
    predecessor: Unit,
    successor: Unit,
    actor: User,
    effective_date: datetime.date,
    decision_number: str,
) -> UnitMerger:
    merger = UnitMerger(
        predecessor=predecessor,
        successor=successor,
        effective_date=effective_date,
        decision_number=decision_number,
    )
    as_actor(merger, actor).save()
    return merger


def _start_successor(successor: Unit, actor: User, effective_date: datetime.date) -> None:
    if successor.valid_from is None:
        successor.valid_from = effective_date
        as_actor(successor, actor).save()


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
        raise ApplicationError(
            _("Mã cán bộ “%(code)s” đã được dùng.") % {"code": code}, code=OrgRefusal.DUPLICATE_CODE
        )
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
        raise ApplicationError(
            _("Đơn vị “%(unit)s” không còn hiệu lực vào ngày %(start_date)s.")
            % {"unit": unit, "start_date": f"{start_date:%d/%m/%Y}"}
        )
    if Appointment.objects.filter(cadre=cadre, position=position, unit=unit, end_date__isnull=True).exists():
        raise ApplicationError(
            _("%(cadre)s đang giữ chức danh %(position)s tại %(unit)s.")
            % {"cadre": cadre, "position": position, "unit": unit},
            code=OrgRefusal.DUPLICATE_APPOINTMENT,
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
        raise ApplicationError(_("Việc bổ nhiệm này đã kết thúc."), code=OrgRefusal.ALREADY_ENDED)
    if end_date < appointment.start_date:
        raise ApplicationError(_("Ngày kết thúc phải từ ngày bắt đầu trở đi."), code=OrgRefusal.INVALID_DATES)
    if end_reason not in EndReason.values:
        raise ApplicationError(_("Chọn lý do kết thúc: nghỉ hưu, chuyển công tác, sáp nhập hoặc miễn nhiệm."))
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
