from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.navigation import NavEntry, register_nav_entry


class ReportsConfig(AppConfig):
    name = "dotpha.reports"
    label = "reports"
    verbose_name = _("Thống kê, báo cáo")

    def ready(self) -> None:
        # Closing a period takes its snapshot (a receiver of programmes' `period_closed`). The exports this
        # app offers register themselves; other apps add theirs in their own ready().
        from dotpha.reports import snapshots  # noqa: F401
        from dotpha.reports.exports import catalogue, grading_sheet  # noqa: F401
        from dotpha.reports.permissions import can_manage_templates, can_read_reports
        from dotpha.reports.rollup_signals import connect

        # the statistics' sums follow every write of what they count (`dotpha.reports.rollups`)
        connect()

        register_nav_entry(
            NavEntry("reports:home", _("Thống kê, báo cáo"), order=80, shown_to=can_read_reports)
        )
        register_nav_entry(
            NavEntry(
                "reports:templates", _("Mẫu báo cáo"), order=140, more=True, shown_to=can_manage_templates
            )
        )
