"""The log of reads of personal data: who opened a cadre's profile or took an export, when, what and in
which scope. Append-only: rows are written by `services.record_read` and removed only by
`services.purge_read_log` (the `purge_read_log` command) once older than the retention period.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dotpha.core.errors import ApplicationError


class ReadKind(models.TextChoices):
    CADRE = "cadre", _("Xem hồ sơ cán bộ")
    EXPORT = "export", _("Xuất tệp")


class Channel(models.TextChoices):
    WEB = "web", _("Trang web")
    API = "api", "API"


class ReadLogQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ApplicationError(gettext("Nhật ký truy cập dữ liệu chỉ được ghi thêm, không được sửa hay xóa."))

    def delete(self):
        raise ApplicationError(gettext("Nhật ký truy cập dữ liệu chỉ được ghi thêm, không được sửa hay xóa."))

    def _purge(self) -> int:
        """Only for `services.purge_read_log`."""
        return super().delete()[0]


class ReadLog(models.Model):
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True, editable=False)
    # No database constraint and nothing done on delete: deleting an account or a unit leaves the row as it
    # was written; the name at the time is kept beside the id.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150)
    kind = models.CharField(_("loại"), max_length=20, choices=ReadKind.choices)
    channel = models.CharField(_("kênh"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    subject = models.CharField(_("đối tượng"), max_length=60, help_text=_("org.cadre, hoặc mã loại tệp xuất"))
    object_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    object_repr = models.CharField(_("nội dung"), max_length=255)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    scope = models.CharField(_("phạm vi"), max_length=500, blank=True)
    params = models.JSONField(_("tham số"), default=dict, blank=True)

    objects = ReadLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("lượt truy cập dữ liệu cá nhân")
        verbose_name_plural = _("nhật ký truy cập dữ liệu cá nhân")
        indexes = [models.Index(fields=["user", "-at"]), models.Index(fields=["kind", "-at"])]

    def __str__(self) -> str:
        return f"{self.username} — {self.get_kind_display()} — {self.object_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ApplicationError(
                gettext("Nhật ký truy cập dữ liệu chỉ được ghi thêm, không được sửa hay xóa.")
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ApplicationError(gettext("Nhật ký truy cập dữ liệu chỉ được ghi thêm, không được sửa hay xóa."))


class SignInKind(models.TextChoices):
    LOGIN = "login", pgettext_lazy("sign-in event", "Đăng nhập")
    FAILED = "failed", _("Đăng nhập không thành công")


class SignInQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ApplicationError(gettext("Nhật ký đăng nhập chỉ được ghi thêm, không được sửa hay xóa."))

    def delete(self):
        raise ApplicationError(gettext("Nhật ký đăng nhập chỉ được ghi thêm, không được sửa hay xóa."))


class SignInEvent(models.Model):
    """One sign-in or failed sign-in, for the change log: its own kind there, never a change of the
    account. Append-only; written only by `services.record_sign_in`."""

    at = models.DateTimeField(_("thời điểm"), default=timezone.now, editable=False)
    # as in ReadLog: the row stays as written when the account goes; a failed sign-in may name no account
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    username = models.CharField(_("tên đăng nhập"), max_length=150)
    kind = models.CharField(_("loại"), max_length=10, choices=SignInKind.choices)
    ip_address = models.GenericIPAddressField(_("địa chỉ IP"), null=True, blank=True)

    objects = SignInQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("lượt đăng nhập")
        verbose_name_plural = pgettext_lazy("plural", "lượt đăng nhập")
        # the change log pages by (at, id) newest first and filters by person and kind
        indexes = [
            models.Index(fields=["-at", "-id"], name="audit_signin_at_id"),
            models.Index(fields=["user", "-at"], name="audit_signin_user_at"),
            models.Index(fields=["kind", "-at"], name="audit_signin_kind_at"),
        ]

    def __str__(self) -> str:
        return f"{self.username} — {self.get_kind_display()}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ApplicationError(gettext("Nhật ký đăng nhập chỉ được ghi thêm, không được sửa hay xóa."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ApplicationError(gettext("Nhật ký đăng nhập chỉ được ghi thêm, không được sửa hay xóa."))
