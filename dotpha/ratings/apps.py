from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.navigation import NavEntry, register_nav_entry


class RatingsConfig(AppConfig):
    name = "dotpha.ratings"
    label = "ratings"
    verbose_name = "Xếp loại chất lượng cán bộ hằng năm"

    def ready(self) -> None:
        # The tasks input of the rating, and the rating list as an export of the reports app.
        from dotpha.ratings import exports, inputs  # noqa: F401
        from dotpha.reports.permissions import can_read_reports

        # Whoever reads the reports reads the ratings of the cadres in their scope.
        register_nav_entry(
            NavEntry("ratings:list", _("Xếp loại cán bộ"), order=130, more=True, shown_to=can_read_reports)
        )
