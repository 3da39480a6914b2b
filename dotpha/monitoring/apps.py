from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "dotpha.monitoring"
    label = "monitoring"
    verbose_name = "Theo dõi xã"

    def ready(self) -> None:
        # The year-end forms feed the annual cadre rating.
        from dotpha.monitoring.rating_inputs import register

        register()
        # Its part of the year report (Word and PDF).
        from dotpha.monitoring.report_section import monitoring_report_section
        from dotpha.reports.sections import register_section

        register_section("monitoring", monitoring_report_section)
        # The summary's Excel file, among the reports' exports.
        from dotpha.monitoring import exports  # noqa: F401
