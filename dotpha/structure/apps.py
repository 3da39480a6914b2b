from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StructureConfig(AppConfig):
    """Changing the organisation: units, posts, mergers and splits, cadres and their appointments, through
    services that check access, and the pages that show the tree. The data are org's models; this app sits
    above accounts (the layers contract in pyproject.toml), since every change asks who may make it."""

    name = "dotpha.structure"
    label = "structure"
    verbose_name = _("Cơ cấu tổ chức")
