from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.inbox import InboxGroup, register_inbox_group
from dotpha.core.navigation import NavEntry, register_nav_entry


class RatingsConfig(AppConfig):
    name = "dotpha.ratings"
    label = "ratings"
    verbose_name = _("Xếp loại chất lượng cán bộ hằng năm")

    def ready(self) -> None:
        # The tasks input of the rating, and the rating list as an export of the reports app.
        from dotpha.ratings import exports, inputs  # noqa: F401
        from dotpha.reports.permissions import can_read_reports

        # Whoever reads the reports reads the ratings of the cadres in their scope.
        register_nav_entry(
            NavEntry("ratings:list", _("Xếp loại cán bộ"), order=130, more=True, shown_to=can_read_reports)
        )

        # the home page's "Việc cần làm": the ratings waiting for the approver's decision
        from dotpha.ratings.inbox import decides_ratings, rating_lines_waiting

        register_inbox_group(
            InboxGroup(
                "ratings",
                _("Xếp loại cán bộ"),
                order=50,
                lines=rating_lines_waiting,
                shown_to=decides_ratings,
            )
        )
