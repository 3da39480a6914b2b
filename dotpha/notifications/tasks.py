"""Background jobs on django.tasks (run by `manage.py db_worker` with the database backend)."""

import datetime
from dataclasses import asdict

from django.tasks import task
from django.utils import timezone

from dotpha.monitoring.reminders import send_monitoring_reminders
from dotpha.notifications.digest import send_daily_digests
from dotpha.notifications.reminders import send_task_reminders

REMINDER_HOUR = 7


def next_morning(now: datetime.datetime) -> datetime.datetime:
    local = timezone.localtime(now)
    tomorrow = local.date() + datetime.timedelta(days=1)
    return datetime.datetime.combine(tomorrow, datetime.time(REMINDER_HOUR), tzinfo=local.tzinfo)


@task()
def daily_reminders() -> dict[str, int]:
    today = timezone.localdate()
    summary = send_task_reminders(today=today)
    monitoring = send_monitoring_reminders(today=today)
    # after the reminders, so the digest counts what they have just made due
    digests = send_daily_digests(today=today)
    # The job schedules its own next run, so one enqueue (`manage.py schedule_reminders`) keeps it going.
    daily_reminders.using(run_after=next_morning(timezone.now())).enqueue()
    return {
        "report_due": summary.report_due,
        "overdue": summary.overdue,
        "digests": digests.sent,
        **{f"monitoring_{name}": value for name, value in asdict(monitoring).items()},
    }
