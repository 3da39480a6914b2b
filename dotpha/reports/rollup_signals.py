"""Keeps the statistics' rollups (`dotpha.reports.rollups`) current: every refresh of the task facts
refreshes the same tasks' sums in the writer's transaction; what moves every task's state at once (the
working-day calendar) or takes a counted task away (a deletion, which the product never does: only an
administrator's repair) marks the sums old, and the board counts the tasks until the next rebuild."""

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_delete

from dotpha.reports.rollups import mark_old, refresh
from dotpha.reports.selectors.base import COUNTED
from dotpha.tasks.models import Task
from dotpha.tasks.signals import facts_refreshed
from dotpha.workdays.models import NonWorkingDay
from dotpha.workdays.signals import calendar_rebuilt


def _facts_refreshed(sender: Any, tasks: Any, **kwargs: Any) -> None:
    refresh(tasks)


def _task_deleted(sender: Any, instance: Task, **kwargs: Any) -> None:
    if instance.status in COUNTED:
        mark_old()


def _calendar_changed(sender: Any, **kwargs: Any) -> None:
    mark_old()


def connect() -> None:
    facts_refreshed.connect(_facts_refreshed, dispatch_uid="reports_rollups_refresh")
    pre_delete.connect(_task_deleted, sender=Task, dispatch_uid="reports_rollups_task_deleted")
    post_save.connect(_calendar_changed, sender=NonWorkingDay, dispatch_uid="reports_rollups_day_saved")
    post_delete.connect(_calendar_changed, sender=NonWorkingDay, dispatch_uid="reports_rollups_day_deleted")
    calendar_rebuilt.connect(_calendar_changed, dispatch_uid="reports_rollups_calendar")
