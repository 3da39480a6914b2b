"""Sending notifications: a row per recipient now, the e-mail once the transaction has committed, so a
refused or rolled-back action notifies nobody."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import PermissionDeniedError
from dotpha.notifications.models import Notification


@dataclass(frozen=True)
class Message:
    """What `notify` sends, for `notify_many`."""

    recipients: Iterable[User]
    kind: str
    title: str
    url: str = ""


def notify(
    *, recipients: Iterable[User], kind: str, title: str, url: str = "", dedupe_key: str = ""
) -> list[Notification]:
    created = []
    for user in _reachable(recipients):
        if dedupe_key and Notification.objects.filter(recipient=user, dedupe_key=dedupe_key).exists():
            continue
        created.append(
            Notification.objects.create(
                recipient=user, kind=kind, title=title, url=url, dedupe_key=dedupe_key
            )
        )
    _email_on_commit(created)
    return created


def notify_many(messages: Iterable[Message]) -> list[Notification]:
    """`notify` for many messages of one action (a batch decision): the same rows and e-mails, in one
    insert."""
    created = Notification.objects.bulk_create(
        Notification(recipient=user, kind=m.kind, title=m.title, url=m.url)
        for m in messages
        for user in _reachable(m.recipients)
    )
    _email_on_commit(created)
    return created


def _reachable(recipients: Iterable[User | None]) -> list[User]:
    """Each active recipient once."""
    return list({u.pk: u for u in recipients if u is not None and u.is_active}.values())


def _email_on_commit(created: list[Notification]) -> None:
    ids = [n.pk for n in created]
    if ids:
        transaction.on_commit(lambda: _send_emails(ids))


def _send_emails(ids: list[int]) -> None:
    # one update for all, so a batch's hundreds of messages cost no query each
    emailed = []
    for notification in Notification.objects.filter(pk__in=ids).select_related("recipient__cadre"):
        address = _address(notification.recipient)
        if not address:
            continue
        body = notification.title
        if notification.url:
            body += f"\n\nXem chi tiết: {notification.url}"
        send_mail(f"[Đột phá] {notification.get_kind_display()}", body, None, [address], fail_silently=True)
        emailed.append(notification.pk)
    Notification.objects.filter(pk__in=emailed).update(emailed=True)


def _address(user: User) -> str:
    if user.email:
        return user.email
    return user.cadre.email if user.cadre else ""


def notification_mark_read(*, actor: User, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionDeniedError(_("Thông báo này không gửi cho bạn."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notifications_mark_all_read(*, actor: User) -> int:
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())
