from django.apps import AppConfig, apps


class MonitoringConfig(AppConfig):
    name = "dotpha.monitoring"
    label = "monitoring"
    verbose_name = "Theo dõi xã"

    def ready(self) -> None:
        # The year-end forms feed the annual cadre rating, when that app is installed.
        if apps.is_installed("dotpha.ratings"):
            from dotpha.monitoring.rating_inputs import register

            register()
