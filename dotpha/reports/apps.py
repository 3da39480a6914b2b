from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dotpha.reports"
    label = "reports"
    verbose_name = "Thống kê, báo cáo"

    def ready(self) -> None:
        # The exports this app offers register themselves; other apps add theirs in their own ready().
        from dotpha.reports.exports import catalogue, grading_sheet  # noqa: F401
