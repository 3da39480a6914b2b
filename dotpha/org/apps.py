from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "dotpha.org"
    label = "org"
    verbose_name = "Tổ chức và cán bộ"
