from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dotpha.core"
    label = "core"
    verbose_name = "Chung"

    def ready(self) -> None:
        from dotpha.core.history_append_only import protect_history_tables

        protect_history_tables()
