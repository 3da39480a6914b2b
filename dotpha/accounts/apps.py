from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dotpha.accounts"
    label = "accounts"
    verbose_name = "Tài khoản và phân quyền"

    def ready(self) -> None:
        from dotpha.accounts import password_history

        password_history.connect()
