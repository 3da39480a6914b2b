from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    name = "dotpha.demo"
    label = "demo"
    verbose_name = _("Dữ liệu mẫu")
