from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "dotpha.demo"
    label = "demo"
    verbose_name = "Dữ liệu mẫu"
