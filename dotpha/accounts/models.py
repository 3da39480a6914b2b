import datetime

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.org.models import Cadre, Unit


class User(AbstractUser):
    cadre = models.OneToOneField(
        Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, null=True, blank=True, related_name="user"
    )
    must_change_password = models.BooleanField(
        _("phải đổi mật khẩu"),
        default=False,
        help_text=_("Mật khẩu tạm do Ban Tổ chức đặt: người dùng phải đổi ở lần đăng nhập tới."),
    )
    # The person's own settings (Tài khoản của tôi): the daily digest of their inbox, and the language
    # mail is written in (the language they last chose with the switch; empty: the product's language).
    digest_enabled = models.BooleanField(
        _("nhận thư tổng hợp việc cần làm hằng ngày"),
        default=True,
        help_text=_("Mỗi sáng một thư liệt kê việc đang chờ bạn; không gửi khi không có việc chờ."),
    )
    language = models.CharField(_("ngôn ngữ"), max_length=10, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("tài khoản")
        verbose_name_plural = pgettext_lazy("plural", "tài khoản")

    def __str__(self) -> str:
        return self.get_full_name() or (self.cadre.full_name if self.cadre else self.username)


class Role(models.TextChoices):
    ORGANIZER = "organizer", _("Ban Tổ chức (điều hành chương trình)")
    APPROVER = "approver", _("Thường trực, BTV (phê duyệt, đánh giá)")
    UNIT_MANAGER = "unit_manager", _("Lãnh đạo đơn vị")
    CADRE = "cadre", _("Cán bộ")
    COMMUNE_COMMITTEE = "commune_committee", _("Đảng ủy xã, phường")
    INSPECTOR = "inspector", _("Kiểm tra, giám sát (chỉ xem)")


def grant_in_force(today: datetime.date) -> Q:
    """A grant is in force from its start date (none: always) until the day before its end date (none: no
    end). The one definition, for the default manager and for pages that list every grant."""
    return (Q(start_date__isnull=True) | Q(start_date__lte=today)) & (
        Q(end_date__isnull=True) | Q(end_date__gt=today)
    )


class GrantsInForce(models.Manager):
    """Grants in force today. The default manager, so every reader of grants (scope, permissions,
    reminders, statistics) ignores a grant that has ended or not begun without repeating the dates."""

    def get_queryset(self):
        return super().get_queryset().filter(grant_in_force(timezone.localdate()))


class RoleGrant(TimeStampedModel):
    """A role held on the subtree rooted at `unit`, from `start_date` until the day before `end_date`."""

    user = models.ForeignKey(
        User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="grants"
    )
    role = models.CharField(_("vai trò"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, verbose_name=_("phạm vi đơn vị"), on_delete=models.PROTECT, related_name="grants"
    )
    start_date = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    end_date = models.DateField(
        _("hết hiệu lực từ ngày"), null=True, blank=True, help_text=_("Từ ngày này quyền không còn hiệu lực.")
    )
    history = HistoricalRecords()

    objects = GrantsInForce()
    all_objects = models.Manager()  # ended and future grants too: an account's page and the log

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = pgettext_lazy("plural", "phân quyền")
        # an ended grant stays as a record; the same role on the same unit may be granted again
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit"],
                condition=Q(end_date__isnull=True),
                name="unique_open_role_grant",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.unit}"


class PasswordHistory(models.Model):
    """The hash of a password a user had, so the current one and the five before it are not set again.

    Written only by dotpha.accounts.password_history, when a user is created or their password is set;
    not when the hash is only upgraded to a newer hasher at login."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="password_history")
    password = models.CharField(_("mật khẩu (đã băm)"), max_length=128)
    created_at = models.DateTimeField(_("đặt lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("mật khẩu đã dùng")
        verbose_name_plural = pgettext_lazy("plural", "mật khẩu đã dùng")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user.username} — {self.created_at:%d/%m/%Y %H:%M}"


class AccountUnlock(models.Model):
    """Who unlocked which account, when, and what the lock held (the addresses and failures cleared)."""

    user = models.ForeignKey(
        User, verbose_name=_("tài khoản"), on_delete=models.CASCADE, related_name="unlocks"
    )
    unlocked_by = models.ForeignKey(
        User, verbose_name=_("người mở khóa"), on_delete=models.PROTECT, related_name="unlocks_done"
    )
    unlocked_at = models.DateTimeField(_("mở khóa lúc"), auto_now_add=True)
    addresses = models.TextField(_("địa chỉ bị chặn"), blank=True)
    failures = models.PositiveIntegerField(_("số lần sai đã xóa"), default=0)

    class Meta:
        verbose_name = _("lần mở khóa tài khoản")
        verbose_name_plural = pgettext_lazy("plural", "lần mở khóa tài khoản")
        ordering = ["-unlocked_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.user.username} — {self.unlocked_by.username} — {self.unlocked_at:%d/%m/%Y %H:%M}"
