from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.navigation import NavEntry, register_nav_entry


class ImportsConfig(AppConfig):
    name = "dotpha.imports"
    label = "imports"
    verbose_name = _("Nhập dữ liệu")

    def ready(self) -> None:
        from dotpha.accounts.access import can_manage_org
        from dotpha.imports.task_parser import can_import_tasks

        register_nav_entry(
            NavEntry("imports:org_upload", _("Nhập từ Excel"), order=150, more=True, shown_to=can_manage_org)
        )
        register_nav_entry(
            NavEntry(
                "imports:task_upload",
                _("Nhập danh sách việc"),
                order=160,
                more=True,
                shown_to=can_import_tasks,
            )
        )
