from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("Việc gửi phê duyệt")
    RETURNED = "returned", _("Việc bị trả lại")
    APPROVED = "approved", _("Việc được phê duyệt")
    REJECTED = "rejected", _("Việc không được phê duyệt")
    ASSIGNED = "assigned", _("Được giao việc")
    REPORT_DUE = "report_due", _("Đến hạn báo cáo tiến độ")
    OVERDUE = "overdue", _("Việc quá hạn")
    OBSTACLE_RAISED = "obstacle_raised", _("Khó khăn, vướng mắc cần trả lời")
    OBSTACLE_ANSWERED = "obstacle_answered", _("Khó khăn, vướng mắc đã được trả lời")
    ADJUSTMENT_REQUESTED = "adjustment_requested", _("Đề nghị điều chỉnh cần quyết định")
    ADJUSTMENT_DECIDED = "adjustment_decided", _("Đề nghị điều chỉnh đã có quyết định")
    EVALUATED = "evaluated", _("Việc đã được đánh giá")
    MONITORING_ASSIGNED = "monitoring_assigned", _("Được phân công theo dõi xã")
    COVERAGE_GAP = "coverage_gap", _("Xã chưa có cán bộ theo dõi")
    MONITORING_DUE = "monitoring_due", _("Đến hạn kế hoạch, báo cáo theo dõi xã")
    MONITORING_OVERDUE = "monitoring_overdue", _("Kế hoạch, báo cáo theo dõi xã quá hạn")
    VISIT_LOGGED = "visit_logged", _("Lượt đi cơ sở chờ xác nhận")
    FEEDBACK_DUE = "feedback_due", _("Phiếu nhận xét chưa gửi")
    REPLACEMENT_REQUESTED = "replacement_requested", _("Đề nghị thay thế cán bộ theo dõi xã")


class Notification(models.Model):
    """One message to one user, shown in the app and (if the user has an address) sent by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("loại"), max_length=30, choices=NotificationKind.choices)
    title = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(_("liên kết"), max_length=300, blank=True)
    # The reminders job sends one reminder per task, kind and day; this key makes a second run a no-op.
    dedupe_key = models.CharField(max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField(_("lúc"), auto_now_add=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed = models.BooleanField(_("đã gửi thư"), default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thông báo")
        verbose_name_plural = pgettext_lazy("plural", "thông báo")
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "dedupe_key"],
                condition=~models.Q(dedupe_key=""),
                name="unique_notification_dedupe",
            )
        ]

    def __str__(self) -> str:
        return self.title


class DigestSent(models.Model):
    """The daily digest mailed to one person on one day: the row is written before the mail, in the same
    transaction, so a second run of the job that day (the worker and cron both, a retry) sends nothing."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhận"),
        on_delete=models.CASCADE,
        related_name="digests",
    )
    day = models.DateField(_("ngày"))
    waiting = models.PositiveIntegerField(_("số việc chờ"))
    sent_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)

    class Meta:
        ordering = ["-day", "recipient"]
        verbose_name = _("thư tổng hợp hằng ngày")
        verbose_name_plural = pgettext_lazy("plural", "thư tổng hợp hằng ngày")
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.day:%d/%m/%Y}"
