from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from dotpha.core.navigation import NavEntry, register_nav_entry


class AccountsConfig(AppConfig):
    name = "dotpha.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản và phân quyền")

    def ready(self) -> None:
        from dotpha.accounts import password_history

        password_history.connect()

        from dotpha.accounts.access import is_organizer

        register_nav_entry(NavEntry("home", _("Trang chủ"), order=10))
        # The organisation tree is open to every signed-in user; org, below accounts, registers no entry of
        # its own, so its one page is listed here.
        register_nav_entry(NavEntry("org:unit_tree", _("Tổ chức, cán bộ"), order=20))
        register_nav_entry(
            NavEntry("account_pages:list", _("Tài khoản"), order=110, more=True, shown_to=is_organizer)
        )
        register_nav_entry(
            NavEntry("accounts:locked", _("Tài khoản bị khóa"), order=120, more=True, shown_to=is_organizer)
        )
