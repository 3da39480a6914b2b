"""Writes of the read log: one function records a read, one purges what is past the retention period.

Reads of personal data (a cadre's profile, every export) are recorded for at least three months
(`DOTPHA_READ_LOG_DAYS`, 90 days by default and at the least); nothing else changes or removes a row.
"""

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.audit.errors import AuditRefusal
from dotpha.audit.models import Channel, ReadKind, ReadLog, SignInEvent, SignInKind
from dotpha.core.errors import ApplicationError
from dotpha.org.models import Cadre, Unit

READ_LOG_MIN_DAYS = 90


def record_read(
    *,
    user: User,
    kind: str,
    subject: str,
    object_repr: str,
    object_id: object = "",
    unit: Unit | None = None,
    scope: str = "",
    params: Mapping[str, Any] | None = None,
    channel: str = Channel.WEB,
) -> ReadLog:
    """Records that `user` read `object_repr` (a cadre's profile, an export's file) in `scope`."""
    return ReadLog.objects.create(
        user=user,
        username=user.get_username(),
        kind=kind,
        channel=channel,
        subject=subject[:60],
        object_id=str(object_id)[:64],
        object_repr=object_repr[:255],
        unit=unit,
        scope=scope[:500],
        params=dict(params or {}),
    )


def record_cadre_read(user: User, cadre: Cadre, *, channel: str = Channel.WEB) -> ReadLog:
    """A cadre's profile was shown (the page, the API): one line in the views that show it."""
    unit = cadre.managing_unit
    return record_read(
        user=user,
        kind=ReadKind.CADRE,
        subject="org.cadre",
        object_id=cadre.pk,
        object_repr=cadre.full_name,
        unit=unit,
        scope=f"Đơn vị quản lý: {unit.name}" if unit else "",
        channel=channel,
    )


def record_cadre_list_read(
    user: User,
    cadre_ids: list[int],
    *,
    count: int,
    page: int,
    page_size: int,
    filters: Mapping[str, Any],
    channel: str = Channel.API,
) -> ReadLog:
    """A page of cadres was served (the API's list, each item the same profile as the detail): one row per
    page, naming the cadres on it, the total matched and the filters used."""
    used = {key: value for key, value in filters.items() if value not in (None, "")}
    return record_read(
        user=user,
        kind=ReadKind.CADRE,
        subject="org.cadre",
        object_repr=f"Danh sách cán bộ: {len(cadre_ids)} người (trang {page}, tổng {count})",
        scope="Bộ lọc: " + ", ".join(f"{key}={value}" for key, value in used.items()) if used else "",
        params={"ids": cadre_ids, "count": count, "page": page, "page_size": page_size, "filters": used},
        channel=channel,
    )


def read_log_days() -> int:
    """The retention period in days; a setting below the minimum is refused, never silently raised."""
    days = int(getattr(settings, "DOTPHA_READ_LOG_DAYS", READ_LOG_MIN_DAYS))
    if days < READ_LOG_MIN_DAYS:
        raise ApplicationError(
            _(
                "DOTPHA_READ_LOG_DAYS = %(days)s: nhật ký truy cập dữ liệu phải được giữ ít nhất "
                "%(read_log_min_days)s ngày (3 tháng). Không xóa dòng nào."
            )
            % {"days": days, "read_log_min_days": READ_LOG_MIN_DAYS},
            code=AuditRefusal.RETENTION_TOO_SHORT,
        )
    return days


def purge_read_log(*, now: datetime.datetime | None = None) -> int:
    """Deletes the rows older than the retention period; returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=read_log_days())
    return ReadLog.objects.filter(at__lt=cutoff)._purge()


def record_sign_in(
    *, kind: SignInKind, username: str, user: User | None = None, ip_address: str | None = None
) -> SignInEvent:
    """A sign-in (`user` set) or a failed one (the name as typed; the account when that name is one)."""
    return SignInEvent.objects.create(
        kind=kind, user=user, username=username[:150], ip_address=ip_address or None
    )
