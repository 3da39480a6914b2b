from django.apps import AppConfig


class TasksConfig(AppConfig):
    name = "dotpha.tasks"
    label = "tasks"
    verbose_name = "Việc đột phá, đổi mới"

    def ready(self) -> None:
        # A merger's preview lists the merged units' open tasks (org cannot import tasks).
        from dotpha.org.signals import merger_rehearsed
        from dotpha.tasks.selectors.handover import on_merger_rehearsed

        merger_rehearsed.connect(on_merger_rehearsed, dispatch_uid="tasks_merger_preview")
