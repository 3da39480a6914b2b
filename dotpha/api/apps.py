from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dotpha.api"
    label = "api"
    verbose_name = "API"
