"""Sending notifications: a row per recipient now, the e-mail once the transaction has committed, so a
refused or rolled-back action notifies nobody."""

from collections.abc import Iterable

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.core.errors import PermissionDeniedError
from dotpha.notifications.models import Notification


def notify(
    *, recipients: Iterable[User], kind: str, title: str, url: str = "", dedupe_key: str = ""
) -> list[Notification]:
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        if dedupe_key and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
            continue
        created.append(
            Notification.objects.create(
                recipient=user, kind=kind, title=title, url=url, dedupe_key=dedupe_key
            )
        )
    ids = [n.pk for n in created]
    if ids:
        transaction.on_commit(lambda: _send_emails(ids))
    return created


def _send_emails(ids: list[int]) -> None:
    for notification in Notification.objects.filter(pk__in=ids).select_related("recipient__cadre"):
        address = _address(notification.recipient)
        if not address:
            continue
        body = notification.title
        if notification.url:
            body += f"\n\nXem chi tiết: {notification.url}"
        send_mail(f"[Đột phá] {notification.get_kind_display()}", body, None, [address], fail_silently=True)
        Notification.objects.filter(pk=notification.pk).update(emailed=True)


def _address(user: User) -> str:
    if user.email:
        return user.email
    return user.cadre.email if user.cadre else ""


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionDeniedError("Thông báo này không gửi cho bạn.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
