"""Reads of a user's notifications."""

from django.db.models import QuerySet

from dotpha.accounts.models import User
from dotpha.notifications.models import Notification


def notifications_of(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def unread_count(user: User) -> int:
    """The bell's figure: one query (the index on recipient and read_at)."""
    return notifications_of(user).filter(read_at__isnull=True).count()
