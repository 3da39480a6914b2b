from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "dotpha.monitoring"
    label = "monitoring"
    verbose_name = "Theo dõi xã"

    def ready(self) -> None:
        # The year-end forms feed the annual cadre rating.
        from dotpha.monitoring.rating_inputs import register
        from dotpha.monitoring.services.assignments import on_appointment_ended
        from dotpha.org.signals import appointment_ended

        register()
        # A post that ends leaves its communes without a monitor (org cannot import monitoring).
        appointment_ended.connect(on_appointment_ended, dispatch_uid="monitoring_coverage")
