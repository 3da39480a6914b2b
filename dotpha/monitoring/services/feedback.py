"""The year-end evaluation form (phiếu nhận xét): the commune party committee sends one per cadre who
followed the commune that year, once; after that only Ban Tổ chức corrects it, with a reason, audited.

A form cannot contradict itself (`_check_content`, for the committee and the organizer alike): asking to
replace the monitoring cadre is refused together with a proposal to commend them, or with the grade
"Hoàn thành xuất sắc nhiệm vụ". Refused rather than explained: Ban Thường vụ reads the two proposals side
by side, and a cadre who is excellent but leaving (retirement, transfer) is replaced when their post ends,
not on the commune's request.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.access import is_organizer_over
from dotpha.accounts.models import Role, User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.monitoring.errors import MonitoringRefusal
from dotpha.monitoring.models import CommuneFeedback, CompletionLevel, MonitoringAssignment, MonitoringYear
from dotpha.monitoring.permissions import speaks_for_commune
from dotpha.monitoring.services._common import fmt, require_text, save, today_or
from dotpha.notifications.models import NotificationKind
from dotpha.notifications.recipients import role_holders_over
from dotpha.notifications.services import notify
from dotpha.org.models import Cadre, Unit


def _followed(year: MonitoringYear, commune: Unit, cadre: Cadre) -> MonitoringAssignment | None:
    return (
        MonitoringAssignment.objects.filter(
            programme_id=year.programme_id, commune=commune, cadre=cadre, start_date__lte=year.last_day
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=year.first_day))
        .order_by("-start_date")
        .first()
    )


def _check_content(feedback: CommuneFeedback) -> None:
    if feedback.completion_level not in CompletionLevel.values:
        raise ApplicationError(_("Chọn mức độ hoàn thành nhiệm vụ."), code=MonitoringRefusal.INVALID_LEVEL)
    feedback.comments = require_text(feedback.comments, _("nhận xét"))
    feedback.replacement_reason = (feedback.replacement_reason or "").strip()
    if feedback.requests_replacement and not feedback.replacement_reason:
        raise ApplicationError(
            _("Nêu lý do đề nghị thay thế cán bộ theo dõi."), code=MonitoringRefusal.REASON_REQUIRED
        )
    if not feedback.requests_replacement:
        feedback.replacement_reason = ""
    if feedback.requests_replacement and feedback.proposes_commendation:
        raise ApplicationError(
            _(
                "Phiếu không thể vừa đề nghị biểu dương, khen thưởng vừa đề nghị thay thế cán bộ theo dõi: "
                "bỏ một trong hai đề nghị."
            ),
            code=MonitoringRefusal.CONTRADICTORY_FORM,
        )
    if feedback.requests_replacement and feedback.completion_level == CompletionLevel.EXCELLENT:
        raise ApplicationError(
            _(
                "Phiếu đánh giá «%(label)s» thì không đề nghị thay thế cán bộ theo "
                "dõi: chọn lại mức độ hoàn thành hoặc bỏ đề nghị thay thế."
            )
            % {"label": CompletionLevel.EXCELLENT.label},
            code=MonitoringRefusal.CONTRADICTORY_FORM,
        )


def _already_sent(existing: CommuneFeedback) -> ApplicationError:
    return ApplicationError(
        _(
            "Phiếu nhận xét đồng chí %(cadre)s năm %(year)s đã gửi ngày "
            "%(submitted_on)s; phiếu đã gửi không sửa được. Nếu có sai sót, đề nghị Ban Tổ chức "
            "đính chính."
        )
        % {"cadre": existing.cadre, "year": existing.year.year, "submitted_on": fmt(existing.submitted_on)},
        code=MonitoringRefusal.ALREADY_SUBMITTED,
    )


@transaction.atomic
def commune_feedback_submit(
    *,
    actor: User,
    year: MonitoringYear,
    commune: Unit,
    cadre: Cadre,
    completion_level: str,
    comments: str,
    proposes_commendation: bool = False,
    requests_replacement: bool = False,
    replacement_reason: str = "",
    today: datetime.date | None = None,
) -> CommuneFeedback:
    today = today_or(today)
    if not speaks_for_commune(actor, commune):
        raise PermissionDeniedError(
            _("Chỉ Đảng ủy %(commune)s được gửi phiếu nhận xét cán bộ theo dõi xã mình.")
            % {"commune": commune}
        )
    assignment = _followed(year, commune, cadre)
    if assignment is None:
        raise ApplicationError(
            _(
                "Đồng chí %(cadre)s không được phân công theo dõi %(commune)s trong năm %(year)s: "
                "không gửi phiếu nhận xét được."
            )
            % {"cadre": cadre, "commune": commune, "year": year.year},
            code=MonitoringRefusal.NOT_FOLLOWED,
        )
    if today < year.first_day:
        raise ApplicationError(
            _("Chưa đến năm %(year)s.") % {"year": year.year}, code=MonitoringRefusal.TOO_EARLY
        )
    sent = CommuneFeedback.objects.select_related("year", "cadre").filter(
        year=year, commune=commune, cadre=cadre
    )
    existing = sent.select_for_update(of=("self",)).first()
    if existing is not None:
        raise _already_sent(existing)
    feedback = CommuneFeedback(
        year=year,
        commune=commune,
        cadre=cadre,
        assignment=assignment,
        completion_level=completion_level,
        comments=comments,
        proposes_commendation=proposes_commendation,
        requests_replacement=requests_replacement,
        replacement_reason=replacement_reason,
        submitted_on=today,
        submitted_by=actor,
    )
    _check_content(feedback)
    try:
        with transaction.atomic():  # a savepoint: the refusal below leaves the caller's transaction usable
            save(feedback, actor)
    except IntegrityError:
        # Sent at the same moment from another tab or by the API: the other one was first.
        raise _already_sent(sent.get()) from None
    if feedback.requests_replacement:
        notify(
            recipients=role_holders_over(commune, Role.ORGANIZER),
            kind=NotificationKind.REPLACEMENT_REQUESTED,
            title=f"Đảng ủy {commune} đề nghị thay thế cán bộ theo dõi, đồng chí {cadre}: "
            f"{feedback.replacement_reason}",
            url=reverse("monitoring:feedback_detail", args=[feedback.pk]),
        )
    return feedback


@transaction.atomic
def commune_feedback_correct(
    *,
    actor: User,
    feedback: CommuneFeedback,
    reason: str,
    completion_level: str | None = None,
    comments: str | None = None,
    proposes_commendation: bool | None = None,
    requests_replacement: bool | None = None,
    replacement_reason: str | None = None,
) -> CommuneFeedback:
    """Ban Tổ chức corrects a sent form (e.g. to match the signed paper form). The history row keeps the
    actor and the reason; the form shows that it was corrected."""
    feedback = (
        CommuneFeedback.objects.select_for_update(of=("self",)).select_related("commune").get(pk=feedback.pk)
    )
    if not is_organizer_over(actor, feedback.commune):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức được đính chính phiếu nhận xét."))
    reason = require_text(reason, _("lý do đính chính"))
    wanted = {
        "completion_level": completion_level,
        "comments": comments,
        "proposes_commendation": proposes_commendation,
        "requests_replacement": requests_replacement,
        "replacement_reason": replacement_reason,
    }
    changed = {
        name: value
        for name, value in wanted.items()
        if value is not None and getattr(feedback, name) != value
    }
    if not changed:
        raise ApplicationError(_("Không có nội dung nào thay đổi."), code=MonitoringRefusal.NO_CHANGE)
    for name, value in changed.items():
        setattr(feedback, name, value)
    _check_content(feedback)
    feedback.corrected_at = timezone.now()
    feedback.corrected_by = actor
    save(feedback, actor, reason=reason)
    return feedback
