from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dotpha.core"
    label = "core"
    verbose_name = "Chung"
