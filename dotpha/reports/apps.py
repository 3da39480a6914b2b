from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dotpha.reports"
    label = "reports"
    verbose_name = "Thống kê, báo cáo"

    def ready(self) -> None:
        # The exports this app offers register themselves; other apps add theirs in their own ready().
        # closing a period takes its snapshot (a receiver of programmes' `period_closed`)
        from dotpha.reports import snapshots  # noqa: F401
        from dotpha.reports.exports import catalogue, grading_sheet  # noqa: F401
