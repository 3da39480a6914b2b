from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "dotpha.programmes"
    label = "programmes"
    verbose_name = "Chương trình, kỳ thực hiện"
