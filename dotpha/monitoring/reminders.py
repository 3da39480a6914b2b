"""The daily monitoring reminders, for the reminders job (`send_monitoring_reminders(today=...)`):

- coverage gaps: one digest a day to the organizers of each programme, naming the communes without a
  monitor (none assigned, or the cadre has left);
- plans and periodic reports: to the monitoring cadre, from DUE_SOON_WORKING_DAYS working days before the
  deadline (due) and every day after its effective date until sent (overdue);
- evaluation forms: to the commune committee, from FORMS_NOTICE_WORKING_DAYS working days before the form
  deadline until a month after it, and after the deadline a digest to the organizers.

Deadlines are read on the working-day calendar (`dotpha.workdays`): one falling on a weekend or holiday
moves to the next working day, and the days before it count working days, so Tết does not eat the notice.

Each reminder is sent once per subject and day (the notification's dedupe key), so a second run is a no-op.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.monitoring.models import MonitoringYear
from dotpha.monitoring.selectors import DueState, coverage_on, feedback_duties, plan_duties, report_duties
from dotpha.notifications.models import NotificationKind
from dotpha.notifications.recipients import role_holders_over
from dotpha.notifications.services import notify
from dotpha.org.models import Unit
from dotpha.workdays.calendar import WorkCalendar

DUE_SOON_WORKING_DAYS = 5  # a working week
FORMS_NOTICE_WORKING_DAYS = 10
FORMS_CHASE_DAYS = 31


@dataclass(frozen=True)
class MonitoringReminderSummary:
    coverage_gaps: int = 0
    due: int = 0
    overdue: int = 0
    forms: int = 0


def _fmt(day: datetime.date) -> str:
    return f"{day:%d/%m/%Y}"


def _cadre_users(cadre_ids: set[int]) -> dict[int, list[User]]:
    found: dict[int, list[User]] = defaultdict(list)
    for user in User.objects.filter(cadre_id__in=cadre_ids, is_active=True):
        found[user.cadre_id].append(user)  # type: ignore[index]
    return found


def _committees(communes: list[Unit]) -> dict[int, list[User]]:
    """The commune committee accounts over each commune (a grant covers its subtree)."""
    grants = list(
        RoleGrant.objects.filter(role=Role.COMMUNE_COMMITTEE, user__is_active=True).select_related(
            "user", "unit"
        )
    )
    return {
        commune.pk: [g.user for g in grants if commune.path.startswith(g.unit.path)] for commune in communes
    }


def _still_monitoring(assignment, today: datetime.date) -> bool:
    """A cadre who has left or handed the commune over is not chased: the gap is the organizers' alert."""
    end = assignment.effective_end
    return end is None or end >= today


def _timing(deadline: datetime.date, today: datetime.date, state: DueState, calendar: WorkCalendar) -> str:
    if state == DueState.MISSING:
        return "overdue"
    due = calendar.effective_deadline(deadline)
    if state == DueState.PENDING and calendar.working_days_between(today, due) <= DUE_SOON_WORKING_DAYS:
        return "due"
    return ""


@transaction.atomic
def send_monitoring_reminders(*, today: datetime.date) -> MonitoringReminderSummary:
    counts = {"coverage_gaps": 0, "due": 0, "overdue": 0, "forms": 0}
    calendar = WorkCalendar()
    years = list(
        MonitoringYear.objects.filter(year__in=[today.year, today.year - 1]).select_related(
            "programme", "programme__scope_unit"
        )
    )
    for year in years:
        if year.year == today.year:
            counts["coverage_gaps"] += _coverage(year, today)
            due, overdue = _plans_and_reports(year, today, calendar)
            counts["due"] += due
            counts["overdue"] += overdue
        form_due = calendar.effective_deadline(year.form_deadline)
        if calendar.working_days_between(
            today, form_due
        ) <= FORMS_NOTICE_WORKING_DAYS and today <= form_due + datetime.timedelta(days=FORMS_CHASE_DAYS):
            counts["forms"] += _forms(year, today, form_due)
    return MonitoringReminderSummary(**counts)


def _coverage(year: MonitoringYear, today: datetime.date) -> int:
    gaps = coverage_on(year.programme, today).gaps
    if not gaps:
        return 0
    names = ", ".join(row.commune.name for row in gaps[:10]) + ("…" if len(gaps) > 10 else "")
    sent = notify(
        recipients=role_holders_over(year.programme.scope_unit, Role.ORGANIZER),
        kind=NotificationKind.COVERAGE_GAP,
        title=f"{len(gaps)} xã, phường chưa có cán bộ theo dõi: {names}.",
        url=reverse("monitoring:board") + "?status=gap",
        dedupe_key=f"monitoring_gaps:{year.programme_id}:{today.isoformat()}",
    )
    return len(sent)


def _plans_and_reports(year: MonitoringYear, today: datetime.date, calendar: WorkCalendar) -> tuple[int, int]:
    items = []
    for plan in plan_duties(year, today=today, calendar=calendar):
        if not _still_monitoring(plan.assignment, today):
            continue
        timing = _timing(plan.deadline, today, plan.state, calendar)
        if timing:
            what = f"kế hoạch theo dõi {plan.assignment.commune} năm {year.year}"
            url = reverse("monitoring:plan_submit", args=[plan.assignment.pk, year.pk])
            items.append(
                (timing, plan.assignment, what, plan.deadline, url, f"plan:{plan.assignment.pk}:{year.pk}")
            )
    for report in report_duties(year, today=today, calendar=calendar):
        if not _still_monitoring(report.assignment, today):
            continue
        timing = _timing(report.period.due_date, today, report.state, calendar)
        if timing:
            what = f"“{report.period.name}” theo dõi {report.assignment.commune}"
            url = reverse("monitoring:report_submit", args=[report.assignment.pk, report.period.pk])
            key = f"report:{report.assignment.pk}:{report.period.pk}"
            items.append((timing, report.assignment, what, report.period.due_date, url, key))
    users = _cadre_users({item[1].cadre_id for item in items})
    due = overdue = 0
    for timing, assignment, what, deadline, url, key in items:
        if timing == "due":
            sent = notify(
                recipients=users.get(assignment.cadre_id, []),
                kind=NotificationKind.MONITORING_DUE,
                title=f"Sắp đến hạn gửi {what} (hạn {_fmt(deadline)}).",
                url=url,
                dedupe_key=f"monitoring_due:{key}:{today.isoformat()}",
            )
            due += len(sent)
        else:
            sent = notify(
                recipients=users.get(assignment.cadre_id, []),
                kind=NotificationKind.MONITORING_OVERDUE,
                title=f"Đã quá hạn gửi {what} (hạn {_fmt(deadline)}).",
                url=url,
                dedupe_key=f"monitoring_overdue:{key}:{today.isoformat()}",
            )
            overdue += len(sent)
    return due, overdue


def _forms(year: MonitoringYear, today: datetime.date, form_due: datetime.date) -> int:
    missing = [duty for duty in feedback_duties(year) if not duty.is_received]
    if not missing:
        return 0
    by_commune: dict[int, list] = defaultdict(list)
    for duty in missing:
        by_commune[duty.commune.pk].append(duty)
    committees = _committees([duties[0].commune for duties in by_commune.values()])
    sent_count = 0
    for commune_pk, duties in by_commune.items():
        commune = duties[0].commune
        names = ", ".join(d.cadre.full_name for d in duties)
        sent = notify(
            recipients=committees.get(commune_pk, []),
            kind=NotificationKind.FEEDBACK_DUE,
            title=f"Đảng ủy {commune} chưa gửi {len(duties)} phiếu nhận xét năm {year.year} "
            f"(hạn {_fmt(year.form_deadline)}): đồng chí {names}.",
            url=reverse("monitoring:feedback_list") + f"?year={year.pk}&status=missing",
            dedupe_key=f"monitoring_forms:{commune_pk}:{year.pk}:{today.isoformat()}",
        )
        sent_count += len(sent)
    if today > form_due:
        sent = notify(
            recipients=role_holders_over(year.programme.scope_unit, Role.ORGANIZER),
            kind=NotificationKind.FEEDBACK_DUE,
            title=f"Còn {len(missing)} phiếu nhận xét năm {year.year} chưa gửi "
            f"(hạn {_fmt(year.form_deadline)}), ở {len(by_commune)} xã, phường.",
            url=reverse("monitoring:feedback_list") + f"?year={year.pk}&status=missing",
            dedupe_key=f"monitoring_forms_organizers:{year.pk}:{today.isoformat()}",
        )
        sent_count += len(sent)
    return sent_count
