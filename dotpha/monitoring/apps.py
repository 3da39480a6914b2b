from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "dotpha.monitoring"
    label = "monitoring"
    verbose_name = "Theo dõi xã"

    def ready(self) -> None:
        # The year-end forms feed the annual cadre rating.
        from dotpha.monitoring.rating_inputs import register

        register()
