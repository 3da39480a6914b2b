from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "dotpha.imports"
    label = "imports"
    verbose_name = "Nhập dữ liệu"
