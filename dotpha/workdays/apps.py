from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.navigation import NavEntry, register_nav_entry


class WorkdaysConfig(AppConfig):
    name = "dotpha.workdays"
    label = "workdays"
    verbose_name = _("Lịch ngày làm việc")

    def ready(self) -> None:
        from dotpha.workdays.permissions import organizes_a_root

        register_nav_entry(
            NavEntry(
                "workdays:calendar", _("Lịch ngày làm việc"), order=145, more=True, shown_to=organizes_a_root
            )
        )
