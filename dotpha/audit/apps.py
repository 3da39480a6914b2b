from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.navigation import NavEntry, register_nav_entry


class AuditConfig(AppConfig):
    name = "dotpha.audit"
    label = "audit"
    verbose_name = _("Nhật ký thay đổi")

    def ready(self) -> None:
        from dotpha.accounts.access import can_read_audit
        from dotpha.audit import sign_ins

        sign_ins.connect()

        register_nav_entry(
            NavEntry("audit:log", _("Nhật ký thay đổi"), order=170, more=True, shown_to=can_read_audit)
        )
