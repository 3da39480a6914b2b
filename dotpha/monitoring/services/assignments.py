"""Assigning cadres to communes, ending and reassigning, and the coverage alert when a cadre's post ends.

The rules (Regulation 26-QĐ/TU as corrected by Conclusion 1016-KL/TU, "1 lãnh đạo theo dõi 1 xã"):
- a commune has one monitoring cadre at a time: a second, overlapping assignment is refused;
- a cadre follows one commune; a second one only when explicitly allowed with a written reason (it is
  then flagged on the coverage board), and never more than MAX_COMMUNES_PER_CADRE;
- the cadre must hold a leadership post (Position.is_leadership) in a provincial agency on the first
  day; that post (`appointment`) names the agency, and when it ends (retirement, transfer) the
  organizers are alerted at once with a proposal of a colleague from the same agency.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from dotpha.accounts.models import Role, User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.monitoring.errors import MonitoringRefusal
from dotpha.monitoring.models import (
    MAX_COMMUNES_PER_CADRE,
    AssignmentEndReason,
    MonitoringAssignment,
    MonitoringProgramme,
)
from dotpha.monitoring.permissions import can_assign
from dotpha.monitoring.selectors.candidates import (
    Candidate,
    busy_from,
    leadership_posts_on,
    reassignment_candidates,
    successor_candidates,
)
from dotpha.monitoring.services._common import fmt, fresh_assignment, require_text, save
from dotpha.notifications.models import NotificationKind
from dotpha.notifications.recipients import role_holders_over
from dotpha.notifications.services import notify
from dotpha.org.models import Appointment, Cadre, EndReason, Unit

COMMUNE_LEVEL = "commune"
FOREVER = datetime.date(9999, 12, 31)


def _check_commune(programme: MonitoringProgramme, commune: Unit, start_date: datetime.date) -> None:
    if commune.level.code != COMMUNE_LEVEL:
        raise ApplicationError(
            _("“%(commune)s” không phải là xã, phường.") % {"commune": commune},
            code=MonitoringRefusal.NOT_A_COMMUNE,
        )
    if not commune.path.startswith(programme.scope_unit.path):
        raise ApplicationError(
            _("“%(commune)s” không thuộc địa bàn áp dụng %(programme)s.")
            % {"commune": commune, "programme": programme},
            code=MonitoringRefusal.OUTSIDE_SCOPE,
        )
    if not commune.is_active_on(start_date):
        raise ApplicationError(
            _("%(commune)s không còn hiệu lực vào ngày %(start_date)s.")
            % {"commune": commune, "start_date": fmt(start_date)},
            code=MonitoringRefusal.UNIT_INACTIVE,
        )


def _leader_post(cadre: Cadre, appointment: Appointment | None, day: datetime.date) -> Appointment:
    """The provincial leadership post the cadre holds on `day` (the given one, checked, or the highest
    ranked)."""
    posts = (
        leadership_posts_on(day)
        .filter(cadre=cadre)
        .select_related("unit", "position")
        .order_by("position__rank", "start_date")
    )
    if appointment is not None:
        posts = posts.filter(pk=appointment.pk)
    post = posts.first()
    if post is None:
        raise ApplicationError(
            _("Đồng chí %(cadre)s không giữ chức vụ lãnh đạo ở cơ quan, đơn vị cấp tỉnh vào ngày %(day)s.")
            % {"cadre": cadre, "day": fmt(day)},
            code=MonitoringRefusal.NOT_A_LEADER,
        )
    return post


def _overlapping(qs, start: datetime.date, end: datetime.date | None):
    return qs.filter(start_date__lte=end or FOREVER).filter(Q(end_date__isnull=True) | Q(end_date__gte=start))


def _check_commune_free(commune: Unit, start: datetime.date, end: datetime.date | None) -> None:
    rows = MonitoringAssignment.objects.select_for_update(of=("self",)).filter(commune=commune)
    other = _overlapping(rows, start, end).select_related("cadre").first()
    if other is not None:
        raise ApplicationError(
            _(
                "%(commune)s đang có đồng chí %(cadre)s theo dõi từ %(start_date)s "
                "(Quyết định số %(decision_number)s). Mỗi xã chỉ một cán bộ theo dõi: "
                "hãy phân công lại hoặc kết thúc phân công đó trước."
            )
            % {
                "commune": commune,
                "cadre": other.cadre,
                "start_date": fmt(other.start_date),
                "decision_number": other.decision_number,
            },
            code=MonitoringRefusal.COMMUNE_TAKEN,
        )


def _check_cadre_load(cadre: Cadre, start: datetime.date, end: datetime.date | None, reason: str) -> str:
    rows = MonitoringAssignment.objects.select_for_update(of=("self",)).filter(cadre=cadre)
    others = list(_overlapping(rows, start, end).select_related("commune"))
    if not others:
        return ""
    names = ", ".join(a.commune.name for a in others)
    if len(others) + 1 > MAX_COMMUNES_PER_CADRE:
        raise ApplicationError(
            _(
                "Đồng chí %(cadre)s đang theo dõi %(names)s: mỗi cán bộ theo dõi nhiều nhất "
                "%(max_communes_per_cadre)s xã."
            )
            % {"cadre": cadre, "names": names, "max_communes_per_cadre": MAX_COMMUNES_PER_CADRE},
            code=MonitoringRefusal.CADRE_OVERLOADED,
        )
    if not reason.strip():
        raise ApplicationError(
            _(
                "Đồng chí %(cadre)s đang theo dõi %(names)s. Mỗi cán bộ theo dõi một xã; chỉ phân công "
                "thêm xã thứ hai khi Ban Thường vụ quyết định, và phải ghi rõ lý do."
            )
            % {"cadre": cadre, "names": names},
            code=MonitoringRefusal.CADRE_BUSY,
        )
    return reason.strip()


@transaction.atomic
def assignment_create(
    *,
    actor: User,
    programme: MonitoringProgramme,
    commune: Unit,
    cadre: Cadre,
    decision_number: str,
    decision_date: datetime.date,
    start_date: datetime.date,
    appointment: Appointment | None = None,
    end_date: datetime.date | None = None,
    second_commune_reason: str = "",
    replaces: MonitoringAssignment | None = None,
) -> MonitoringAssignment:
    if not can_assign(actor, commune):
        raise PermissionDeniedError(
            _("Chỉ Ban Tổ chức được phân công, kết thúc phân công cán bộ theo dõi xã.")
        )
    commune = Unit.objects.select_related("level").get(pk=commune.pk)
    _check_commune(programme, commune, start_date)
    decision_number = require_text(decision_number, _("số quyết định phân công"))
    if end_date is not None and end_date < start_date:
        raise ApplicationError(
            _("Ngày kết thúc phải từ ngày bắt đầu theo dõi trở đi."), code=MonitoringRefusal.INVALID_DATES
        )
    post = _leader_post(cadre, appointment, start_date)
    _check_commune_free(commune, start_date, end_date)
    reason = _check_cadre_load(cadre, start_date, end_date, second_commune_reason)
    assignment = MonitoringAssignment(
        programme=programme,
        cadre=cadre,
        appointment=post,
        commune=commune,
        decision_number=decision_number,
        decision_date=decision_date,
        start_date=start_date,
        end_date=end_date,
        second_commune_reason=reason,
        replaces=replaces,
        created_by=actor,
    )
    save(assignment, actor)
    notify(
        recipients=User.objects.filter(cadre=cadre, is_active=True),
        kind=NotificationKind.MONITORING_ASSIGNED,
        title=f"Đồng chí được phân công theo dõi {commune} từ ngày {fmt(start_date)} "
        f"(Quyết định số {decision_number}).",
        url=reverse("monitoring:assignment_detail", args=[assignment.pk]),
    )
    return assignment


@transaction.atomic
def assignment_end(
    *,
    actor: User,
    assignment: MonitoringAssignment,
    end_date: datetime.date,
    end_reason: str,
    note: str = "",
) -> MonitoringAssignment:
    """Ends an assignment without a successor: the commune has no monitor from the next day."""
    assignment = fresh_assignment(assignment)
    if not can_assign(actor, assignment.commune):
        raise PermissionDeniedError(
            _("Chỉ Ban Tổ chức được phân công, kết thúc phân công cán bộ theo dõi xã.")
        )
    if assignment.end_date is not None:
        raise ApplicationError(
            _("Phân công này đã kết thúc ngày %(end_date)s.") % {"end_date": fmt(assignment.end_date)},
            code=MonitoringRefusal.ALREADY_ENDED,
        )
    if end_date < assignment.start_date:
        raise ApplicationError(
            _("Ngày kết thúc phải từ ngày bắt đầu theo dõi (%(start_date)s) trở đi.")
            % {"start_date": fmt(assignment.start_date)},
            code=MonitoringRefusal.INVALID_DATES,
        )
    if end_reason not in AssignmentEndReason.values:
        raise ApplicationError(_("Chọn lý do kết thúc phân công."), code=MonitoringRefusal.INVALID_REASON)
    assignment.end_date = end_date
    assignment.end_reason = end_reason
    assignment.end_note = note.strip()
    save(assignment, actor)
    return assignment


def _check_successor(
    old: MonitoringAssignment, cadre: Cadre, appointment: Appointment | None, start: datetime.date
) -> None:
    _leader_post(cadre, appointment, start)  # refuses, saying so, a cadre with no post that day
    if any(c.appointment.cadre_id == cadre.pk for c in successor_candidates(old, on=start)):
        return
    held = busy_from([cadre.pk], start).get(cadre.pk, [])
    names = ", ".join(f"{a.commune.name} (từ {fmt(a.start_date)})" for a in held)
    raise ApplicationError(
        _(
            "Đồng chí %(cadre)s đang theo dõi %(names)s. Phân công lại chỉ chọn lãnh đạo chưa theo dõi xã "
            "nào từ ngày %(start)s; theo dõi thêm xã thứ hai (có lý do) thì phân công ở trang “Phân công "
            "cán bộ theo dõi”."
        )
        % {"cadre": cadre, "names": names, "start": fmt(start)},
        code=MonitoringRefusal.CADRE_BUSY,
    )


@transaction.atomic
def assignment_reassign(
    *,
    actor: User,
    assignment: MonitoringAssignment,
    cadre: Cadre,
    decision_number: str,
    decision_date: datetime.date,
    start_date: datetime.date,
    appointment: Appointment | None = None,
    end_reason: str = "",
    note: str = "",
) -> MonitoringAssignment:
    """Another cadre follows the commune from `start_date`; the current assignment ends the day before.
    Both rows stay: the commune's history shows who followed it, when, and why it changed. The new cadre
    is one of `successor_candidates` on `start_date` (a leader in post, following no other commune)."""
    old = fresh_assignment(assignment)
    if not can_assign(actor, old.commune):
        raise PermissionDeniedError(
            _("Chỉ Ban Tổ chức được phân công, kết thúc phân công cán bộ theo dõi xã.")
        )
    if old.replaced_by.exists():
        raise ApplicationError(
            _("Phân công này đã được thay bằng phân công khác."), code=MonitoringRefusal.ALREADY_REPLACED
        )
    if cadre.pk == old.cadre_id:
        raise ApplicationError(
            _("Chọn cán bộ khác với cán bộ đang theo dõi."), code=MonitoringRefusal.SAME_CADRE
        )
    if start_date <= old.start_date:
        raise ApplicationError(
            _("Cán bộ mới bắt đầu theo dõi sau ngày %(start_date)s.") % {"start_date": fmt(old.start_date)},
            code=MonitoringRefusal.INVALID_DATES,
        )
    if end_reason and end_reason not in AssignmentEndReason.values:
        raise ApplicationError(_("Chọn lý do kết thúc phân công."), code=MonitoringRefusal.INVALID_REASON)
    _check_successor(old, cadre, appointment, start_date)
    if old.end_date is None or old.end_date >= start_date:
        left = old.appointment.end_date
        old.end_date = start_date - datetime.timedelta(days=1)
        old.end_reason = end_reason or (
            AssignmentEndReason.CADRE_LEFT if left and left <= start_date else AssignmentEndReason.REASSIGNED
        )
        old.end_note = note.strip()
        save(old, actor)
    return assignment_create(
        actor=actor,
        programme=old.programme,
        commune=old.commune,
        cadre=cadre,
        decision_number=decision_number,
        decision_date=decision_date,
        start_date=start_date,
        appointment=appointment,
        replaces=old,
    )


@dataclass(frozen=True)
class CoverageAlert:
    assignment: MonitoringAssignment
    proposal: Candidate | None


def on_appointment_ended(sender, *, appointment: Appointment, actor: User, **kwargs) -> None:
    """The receiver of `dotpha.org.signals.appointment_ended`."""
    coverage_on_appointment_end(appointment=appointment, actor=actor)


def _assignments_left_by(appointment: Appointment) -> QuerySet[MonitoringAssignment]:
    """The assignments held through a post that ended, still running on its last day."""
    return (
        MonitoringAssignment.objects.filter(appointment=appointment)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=appointment.end_date))
        .select_related("cadre", "commune", "appointment__unit", "appointment__position")
    )


def on_merger_rehearsed(sender, *, closed: list[Appointment], **kwargs) -> tuple[str, list[str]]:
    """The receiver of `dotpha.org.signals.merger_rehearsed`: the communes the merger leaves unmonitored."""
    lines = [
        f"{assignment.commune} — {assignment.cadre}, {appointment.position}"
        for appointment in closed
        for assignment in _assignments_left_by(appointment)
    ]
    return _("Xã, phường sẽ không còn cán bộ theo dõi"), lines


def coverage_on_appointment_end(*, appointment: Appointment, actor: User) -> list[CoverageAlert]:
    """Called (through `dotpha.org.signals.appointment_ended`) by `structure.services.appointment_end` and
    `unit_merge` in their transaction: every assignment held through the
    ended post leaves its commune without a monitor from the post's last day. The organizers over the
    commune are told at once, with a proposed colleague from the same agency."""
    if appointment.end_date is None:
        return []
    left = appointment.end_date
    alerts = []
    for assignment in _assignments_left_by(appointment):
        candidates = reassignment_candidates(assignment, on=left)
        proposal = candidates[0] if candidates else None
        why = EndReason(appointment.end_reason).label.lower() if appointment.end_reason else "thôi chức vụ"
        title = (
            f"{assignment.commune} không còn cán bộ theo dõi từ ngày {fmt(left)}: "
            f"đồng chí {assignment.cadre} ({why}). "
        )
        if proposal is not None:
            title += (
                f"Đề xuất phân công đồng chí {proposal.appointment.cadre}, "
                f"{proposal.appointment.position} {proposal.appointment.unit}."
            )
        else:
            title += f"{appointment.unit} không còn lãnh đạo khác để đề xuất."
        notify(
            recipients=role_holders_over(assignment.commune, Role.ORGANIZER),
            kind=NotificationKind.COVERAGE_GAP,
            title=title,
            url=reverse("monitoring:assignment_reassign", args=[assignment.pk]),
            dedupe_key=f"coverage_gap:{assignment.pk}:{appointment.pk}",
        )
        alerts.append(CoverageAlert(assignment=assignment, proposal=proposal))
    return alerts
