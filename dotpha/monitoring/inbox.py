"""Commune monitoring's group of the home page's "Việc cần làm" (dotpha.core.inbox), in the year the
monitoring pages open on: the committee's visits to confirm and forms to send, the monitoring cadre's plans
and reports due, the overseers' communes without a monitor. Each count is what the linked page lists, from
the same selectors, in a fixed number of queries."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from dotpha.accounts.access import has_role
from dotpha.accounts.models import Role, User
from dotpha.core.inbox import InboxLine
from dotpha.monitoring.models import MonitoringAssignment, MonitoringYear
from dotpha.monitoring.permissions import oversees
from dotpha.monitoring.selectors import (
    assignments_for_committee,
    communes_visible_to,
    coverage_on,
    current_year,
    feedback_duties,
    plan_duties,
    report_duties,
    visits_to_confirm,
)

# a plan or report counts as waiting from this many days before its deadline (and after it, until sent)
DUE_WITHIN_DAYS = 30

_OVERSEER_ROLES = (Role.ORGANIZER, Role.INSPECTOR, Role.APPROVER)


def _is_committee(user: User) -> bool:
    # the form is the committee's own word: superusers do not send it (permissions.speaks_for_commune)
    return has_role(user, Role.COMMUNE_COMMITTEE) and not user.is_superuser


def follows_communes(user: User) -> bool:
    """A commune's committee, an overseer, or a cadre assigned to follow a commune."""
    if _is_committee(user) or any(has_role(user, role) for role in _OVERSEER_ROLES):
        return True
    return user.cadre_id is not None and MonitoringAssignment.objects.filter(cadre_id=user.cadre_id).exists()


def monitoring_lines(user: User, today: datetime.date) -> list[InboxLine]:
    year = current_year(today)
    if year is None:
        return []
    home = reverse("monitoring:home")
    lines = []
    if _is_committee(user):
        forms = feedback_duties(year, assignments=assignments_for_committee(user))
        lines += [
            InboxLine(_("Lượt đi cơ sở chờ xác nhận"), visits_to_confirm(user).count(), f"{home}#visits"),
            InboxLine(
                _("Phiếu nhận xét cán bộ theo dõi chưa gửi"),
                sum(1 for f in forms if not f.is_received),
                f"{home}#forms-title",
            ),
        ]
    if user.cadre_id is not None:
        lines.append(
            InboxLine(
                _("Kế hoạch, báo cáo theo dõi xã đến hạn hoặc quá hạn"),
                _duties_due(user.cadre_id, year, today),
                home,
            )
        )
    if oversees(user, year.programme):
        programme = year.programme
        gaps = coverage_on(programme, today, communes=communes_visible_to(user, programme)).gaps
        lines.append(
            InboxLine(_("Xã chưa có cán bộ theo dõi"), len(gaps), f"{reverse('monitoring:board')}?status=gap")
        )
    return lines


def _duties_due(cadre_id: int, year: MonitoringYear, today: datetime.date) -> int:
    """The plans and reports of the cadre's own assignments not sent yet whose deadline is near or past:
    the monitoring page's "Xã tôi theo dõi" lists them with their deadlines."""
    own = MonitoringAssignment.objects.filter(cadre_id=cadre_id)
    soon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    plans = [
        d for d in plan_duties(year, today=today, assignments=own) if d.plan is None and d.deadline <= soon
    ]
    reports = [
        d
        for d in report_duties(year, today=today, assignments=own)
        if d.report is None and d.period.due_date <= soon
    ]
    return len(plans) + len(reports)
