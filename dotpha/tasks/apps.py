from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.inbox import InboxGroup, register_inbox_group
from dotpha.core.navigation import NavEntry, register_nav_entry


class TasksConfig(AppConfig):
    name = "dotpha.tasks"
    label = "tasks"
    verbose_name = _("Việc đột phá, đổi mới")

    def ready(self) -> None:
        # TaskFacts follow every write of what they are computed from (`dotpha.tasks.facts_signals`)
        from django.db.models.signals import post_migrate

        from dotpha.tasks.facts_signals import connect, fill_after_migrate

        connect()
        post_migrate.connect(fill_after_migrate, sender=self, dispatch_uid="task_facts_after_migrate")

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
        from dotpha.accounts.access import is_organizer

        register_nav_entry(
            NavEntry(
                "tasks:assistant_grants", _("Quyền nhập thay"), order=125, more=True, shown_to=is_organizer
            )
        )

        # the home page's "Việc cần làm": what the user decides, what they carry out, the cadres who have not
        # registered enough tasks
        from dotpha.tasks.inbox import (
            carries_out_tasks,
            decision_lines,
            follows_registration,
            on_behalf_lines,
            own_task_lines,
            registration_lines,
        )

        register_inbox_group(
            InboxGroup(
                "task_decisions",
                _("Phê duyệt, trả lời"),
                order=10,
                lines=decision_lines,
                shown_to=may_decide_tasks,
            )
        )
        register_inbox_group(
            InboxGroup(
                "own_tasks", _("Việc của tôi"), order=20, lines=own_task_lines, shown_to=carries_out_tasks
            )
        )
        from dotpha.tasks.selectors.on_behalf import assists_someone

        register_inbox_group(
            InboxGroup(
                "on_behalf",
                _("Nhập thay lãnh đạo"),
                order=25,
                lines=on_behalf_lines,
                shown_to=assists_someone,
            )
        )
        register_inbox_group(
            InboxGroup(
                "registration",
                _("Đăng ký việc"),
                order=30,
                lines=registration_lines,
                shown_to=follows_registration,
            )
        )
