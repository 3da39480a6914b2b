"""The daily reminders: a progress report due, a task past its deadline.

Run by the background worker (`tasks.daily_reminders`, which re-enqueues itself for the next morning) or
by cron through `manage.py send_reminders`. Each reminder is sent once per task, kind and day.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.urls import reverse

from dotpha.notifications.models import NotificationKind
from dotpha.notifications.recipients import approvers_of, people_of_assignee
from dotpha.notifications.services import notify
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.selectors.progress import ProgressState, with_progress


@dataclass(frozen=True)
class ReminderSummary:
    report_due: int
    overdue: int


@transaction.atomic
def send_task_reminders(*, today: datetime.date) -> ReminderSummary:
    approved = Task.objects.filter(status=TaskStatus.APPROVED).select_related(
        "authority_unit", "assignee_unit"
    )
    # Q() keeps the annotation out of the type checker's reach: `progress` exists only on this queryset.
    tasks = with_progress(approved, today).filter(
        Q(progress__in=[ProgressState.STALE, ProgressState.OVERDUE])
    )
    report_due = overdue = 0
    for task in tasks:
        url = reverse("tasks:detail", args=[task.pk])
        if task.progress == ProgressState.STALE:  # type: ignore[attr-defined]
            sent = notify(
                recipients=people_of_assignee(task),
                kind=NotificationKind.REPORT_DUE,
                title=f"Đã đến hạn báo cáo tiến độ việc “{task.title}”.",
                url=url,
                dedupe_key=f"report_due:{task.pk}:{today.isoformat()}",
            )
            report_due += len(sent)
        else:
            deadline = task.deadline.strftime("%d/%m/%Y") if task.deadline else ""
            sent = notify(
                recipients=[*people_of_assignee(task), *approvers_of(task.authority_unit)],
                kind=NotificationKind.OVERDUE,
                title=f"Việc “{task.title}” đã quá hạn ({deadline}) mà chưa hoàn thành.",
                url=url,
                dedupe_key=f"overdue:{task.pk}:{today.isoformat()}",
            )
            overdue += len(sent)
    return ReminderSummary(report_due=report_due, overdue=overdue)
