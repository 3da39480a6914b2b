"""What the monitoring services share: today's date, dd/mm/yyyy, audited saves, fresh locked rows."""

import datetime

from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.monitoring.errors import MonitoringRefusal
from dotpha.monitoring.models import MonitoringAssignment
from dotpha.monitoring.permissions import is_monitoring_cadre


def today_or(today: datetime.date | None) -> datetime.date:
    return today or timezone.localdate()


def fmt(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def save(instance: Model, actor: User, *, reason: str = "") -> Model:
    as_actor(instance, actor)
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save()
    return instance


def fresh_assignment(assignment: MonitoringAssignment | int) -> MonitoringAssignment:
    """The row as it is now, locked until the transaction ends: a refusal leaves the caller's copy alone."""
    pk = assignment.pk if isinstance(assignment, MonitoringAssignment) else assignment
    return (
        MonitoringAssignment.objects.select_for_update(of=("self",))
        .select_related(
            "programme",
            "programme__scope_unit",
            "programme__issuing_unit",
            "cadre",
            "commune",
            "commune__level",
            "appointment",
            "appointment__unit",
            "appointment__position",
        )
        .get(pk=pk)
    )


# The labels and actions below are fragments of the refusal, translated by the caller.
def require_text(value: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ApplicationError(_("Nhập %(label)s.") % {"label": label}, code=MonitoringRefusal.REQUIRED)
    return value


def require_own(actor: User, assignment: MonitoringAssignment, action: str) -> None:
    if not is_monitoring_cadre(actor, assignment):
        raise PermissionDeniedError(
            _("Chỉ cán bộ được phân công theo dõi %(commune)s mới %(action)s.")
            % {"commune": assignment.commune, "action": action}
        )


def require_not_future(day: datetime.date, today: datetime.date, label: str) -> None:
    if day > today:
        raise ApplicationError(
            _("%(label)s không được sau hôm nay (%(today)s).") % {"label": label, "today": fmt(today)},
            code=MonitoringRefusal.FUTURE_DATE,
        )
