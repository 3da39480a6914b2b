from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.inbox import InboxGroup, register_inbox_group
from dotpha.core.navigation import NavEntry, register_nav_entry


class MonitoringConfig(AppConfig):
    name = "dotpha.monitoring"
    label = "monitoring"
    verbose_name = _("Theo dõi xã")

    def ready(self) -> None:
        # The year-end forms feed the annual cadre rating.
        from dotpha.monitoring.rating_inputs import register
        from dotpha.monitoring.services.assignments import on_appointment_ended, on_merger_rehearsed
        from dotpha.org.signals import appointment_ended, merger_rehearsed

        register()
        # A post that ends leaves its communes without a monitor (org cannot import monitoring).
        appointment_ended.connect(on_appointment_ended, dispatch_uid="monitoring_coverage")
        # ... which a merger's preview lists before the organizer confirms.
        merger_rehearsed.connect(on_merger_rehearsed, dispatch_uid="monitoring_merger_preview")
        # Its part of the year report (Word and PDF).
        from dotpha.monitoring.report_section import monitoring_report_section
        from dotpha.reports.sections import register_section

        register_section("monitoring", monitoring_report_section)
        # The summary's Excel file, among the reports' exports.
        from dotpha.monitoring import exports  # noqa: F401

        # Every signed-in user opens the page: it shows what their roles let them follow.
        register_nav_entry(NavEntry("monitoring:home", _("Theo dõi xã"), order=70))

        # the home page's "Việc cần làm": visits, plans, reports and forms waiting, communes without a monitor
        from dotpha.monitoring.inbox import follows_communes, monitoring_lines

        register_inbox_group(
            InboxGroup(
                "monitoring", _("Theo dõi xã"), order=40, lines=monitoring_lines, shown_to=follows_communes
            )
        )
