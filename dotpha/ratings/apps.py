from django.apps import AppConfig


class RatingsConfig(AppConfig):
    name = "dotpha.ratings"
    label = "ratings"
    verbose_name = "Xếp loại chất lượng cán bộ hằng năm"

    def ready(self) -> None:
        # The tasks input of the rating, and the rating list as an export of the reports app.
        from dotpha.ratings import exports, inputs  # noqa: F401
