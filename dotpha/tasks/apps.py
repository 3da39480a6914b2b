from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.navigation import NavEntry, register_nav_entry


class TasksConfig(AppConfig):
    name = "dotpha.tasks"
    label = "tasks"
    verbose_name = "Việc đột phá, đổi mới"

    def ready(self) -> None:
        # A merger's preview lists the merged units' open tasks (org cannot import tasks).
        from dotpha.org.signals import merger_rehearsed
        from dotpha.tasks.selectors.handover import on_merger_rehearsed

        merger_rehearsed.connect(on_merger_rehearsed, dispatch_uid="tasks_merger_preview")

        from dotpha.tasks.permissions import may_decide_tasks

        register_nav_entry(NavEntry("tasks:mine", _("Việc của tôi"), order=30))
        register_nav_entry(
            NavEntry("tasks:approvals", _("Chờ phê duyệt"), order=40, shown_to=may_decide_tasks)
        )
        register_nav_entry(
            NavEntry("tasks:grading", _("Đánh giá cuối năm"), order=50, shown_to=may_decide_tasks)
        )
        register_nav_entry(NavEntry("tasks:list", _("Danh sách việc"), order=60))
