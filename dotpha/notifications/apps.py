from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "dotpha.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
