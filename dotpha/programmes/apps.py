from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.navigation import NavEntry, register_nav_entry


class ProgrammesConfig(AppConfig):
    name = "dotpha.programmes"
    label = "programmes"
    verbose_name = _("Chương trình, kỳ thực hiện")

    def ready(self) -> None:
        from dotpha.programmes.decision_register import can_open_register
        from dotpha.programmes.permissions import runs_programmes

        register_nav_entry(
            NavEntry(
                "programmes:decision_list",
                _("Quyết định phê duyệt"),
                order=90,
                more=True,
                shown_to=can_open_register,
            )
        )
        register_nav_entry(
            NavEntry("programmes:list", _("Chương trình"), order=100, more=True, shown_to=runs_programmes)
        )
