from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.navigation import NavEntry, register_nav_entry


class CoreConfig(AppConfig):
    name = "dotpha.core"
    label = "core"
    verbose_name = _("Chung")

    def ready(self) -> None:
        from dotpha.core import database_checks  # noqa: F401  (registers the checks)
        from dotpha.core.history_append_only import protect_history_tables

        protect_history_tables()

        from django.db.backends.signals import connection_created

        from dotpha.core.collation import register_sqlite_collation

        connection_created.connect(register_sqlite_collation, dispatch_uid="dotpha_vi_collation")

        from dotpha.core.admin_site import is_site_admin

        register_nav_entry(
            NavEntry("admin:index", _("Quản trị"), order=180, more=True, shown_to=is_site_admin)
        )
