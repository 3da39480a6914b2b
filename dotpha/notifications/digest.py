"""The daily digest: one e-mail a morning to each person whose inbox (Việc cần làm, `dotpha.core.inbox`) has
something waiting, grouped as the home page groups it and counted by the same lines, so the mail and the
page never disagree. Sent by the reminders job after the day's reminders; once per person and day (a
`DigestSent` row), never to someone who turned it off on their account page (Tài khoản của tôi), in the
language they chose.
"""

import datetime
import logging
from dataclasses import dataclass
from smtplib import SMTPException

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.inbox import InboxSection, inbox
from dotpha.notifications.models import DigestSent, Notification

logger = logging.getLogger("dotpha.mail")


@dataclass(frozen=True)
class DigestSummary:
    sent: int


def _address(user: User) -> str:
    if user.email:
        return user.email
    return user.cadre.email if user.cadre else ""


def _language(user: User) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    return user.language if user.language in codes else settings.LANGUAGE_CODE


NEWS_SHOWN = 20


def unread_news(user: User, today: datetime.date) -> list[Notification]:
    """The person's notifications since yesterday's digest still unread, newest first: what happened to
    them (tasks given by an imported list: one line for the batch), beside what waits."""
    since = datetime.datetime.combine(today - datetime.timedelta(days=1), datetime.time.min)
    return list(
        Notification.objects.filter(
            recipient=user, read_at__isnull=True, created_at__gte=timezone.make_aware(since)
        )[:NEWS_SHOWN]
    )


def digest_message(
    user: User, sections: list[InboxSection], today: datetime.date, news: list[Notification] | None = None
) -> EmailMultiAlternatives:
    """The mail, written in the active language (the caller sets the person's): plain text, and the same
    lines as HTML with each count a link (mail programs show that one; styles inline, nothing fetched).
    `news`: the unread notifications it lists after the work waiting."""
    waiting = sum(line.count for section in sections for line in section.lines)
    day = today.strftime("%d/%m/%Y")
    if sections or not news:
        bounded = any(line.more for section in sections for line in section.lines)
        subject = (
            _("[Đột phá] Việc cần làm ngày %(day)s: hơn %(count)s việc chờ")
            if bounded
            else _("[Đột phá] Việc cần làm ngày %(day)s: %(count)s việc chờ")
        ) % {"day": day, "count": waiting}
    else:
        subject = _("[Đột phá] Thông báo mới ngày %(day)s: %(count)s thông báo") % {
            "day": day,
            "count": len(news),
        }
    context = {
        "user": user,
        "sections": sections,
        "news": news or [],
        "day": today,
        "site": settings.DOTPHA_SITE_URL,
        "home": settings.DOTPHA_SITE_URL + reverse("home"),
        "account": settings.DOTPHA_SITE_URL + reverse("my_account"),
    }
    message = EmailMultiAlternatives(
        subject, render_to_string("notifications/digest.txt", context), None, [_address(user)]
    )
    message.attach_alternative(render_to_string("notifications/digest.html", context), "text/html")
    return message


def send_daily_digests(*, today: datetime.date) -> DigestSummary:
    """One digest per person with something waiting; a second run the same day sends nothing. The cost is a
    fixed number of queries per person (the inbox's lines are counted that way), whatever the amount of
    work waiting."""
    already = DigestSent.objects.filter(day=today).values("recipient_id")
    people = (
        User.objects.filter(is_active=True, digest_enabled=True)
        .exclude(pk__in=already)
        .select_related("cadre")
        .order_by("pk")
    )
    sent = 0
    for user in people:
        if not _address(user):
            continue
        with translation.override(_language(user)):
            sections = [section for section in inbox(user, today) if section.lines]
            news = unread_news(user, today)
            if not sections and not news:
                continue
            message = digest_message(user, sections, today, news)
        waiting = sum(line.count for section in sections for line in section.lines)
        try:
            # the row and the mail together: a mail that fails leaves no row, and the next run tries again
            with transaction.atomic():
                _digest, created = DigestSent.objects.get_or_create(
                    recipient=user, day=today, defaults={"waiting": waiting}
                )
                if created:
                    message.send()
                    sent += 1
        except (SMTPException, OSError):
            logger.warning("Không gửi được thư tổng hợp cho tài khoản %s.", user.pk)
    return DigestSummary(sent=sent)
