from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "dotpha.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self) -> None:
        # Each step of a task's workflow tells who must act (tasks cannot import notifications).
        from dotpha.notifications.task_events import on_task_event, on_task_events
        from dotpha.tasks.signals import task_event_recorded, task_events_recorded

        task_event_recorded.connect(on_task_event, dispatch_uid="notifications_task_events")
        task_events_recorded.connect(on_task_events, dispatch_uid="notifications_task_events_batch")
