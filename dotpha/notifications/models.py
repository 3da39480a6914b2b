from django.conf import settings
from django.db import models


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", "Việc gửi phê duyệt"
    RETURNED = "returned", "Việc bị trả lại"
    APPROVED = "approved", "Việc được phê duyệt"
    REJECTED = "rejected", "Việc không được phê duyệt"
    ASSIGNED = "assigned", "Được giao việc"
    REPORT_DUE = "report_due", "Đến hạn báo cáo tiến độ"
    OVERDUE = "overdue", "Việc quá hạn"
    OBSTACLE_RAISED = "obstacle_raised", "Khó khăn, vướng mắc cần trả lời"
    OBSTACLE_ANSWERED = "obstacle_answered", "Khó khăn, vướng mắc đã được trả lời"
    ADJUSTMENT_REQUESTED = "adjustment_requested", "Đề nghị điều chỉnh cần quyết định"
    ADJUSTMENT_DECIDED = "adjustment_decided", "Đề nghị điều chỉnh đã có quyết định"
    EVALUATED = "evaluated", "Việc đã được đánh giá"
    MONITORING_ASSIGNED = "monitoring_assigned", "Được phân công theo dõi xã"
    COVERAGE_GAP = "coverage_gap", "Xã chưa có cán bộ theo dõi"
    MONITORING_DUE = "monitoring_due", "Đến hạn kế hoạch, báo cáo theo dõi xã"
    MONITORING_OVERDUE = "monitoring_overdue", "Kế hoạch, báo cáo theo dõi xã quá hạn"
    VISIT_LOGGED = "visit_logged", "Lượt đi cơ sở chờ xác nhận"
    FEEDBACK_DUE = "feedback_due", "Phiếu nhận xét chưa gửi"
    REPLACEMENT_REQUESTED = "replacement_requested", "Đề nghị thay thế cán bộ theo dõi xã"


class Notification(models.Model):
    """One message to one user, shown in the app and (if the user has an address) sent by e-mail."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("loại", max_length=30, choices=NotificationKind.choices)
    title = models.CharField("nội dung", max_length=500)
    url = models.CharField("liên kết", max_length=300, blank=True)
    # The reminders job sends one reminder per task, kind and day; this key makes a second run a no-op.
    dedupe_key = models.CharField(max_length=120, blank=True, db_index=True)
    created_at = models.DateTimeField("lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)
    emailed = models.BooleanField("đã gửi thư", default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
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
        verbose_name="người nhận",
        on_delete=models.CASCADE,
        related_name="digests",
    )
    day = models.DateField("ngày")
    waiting = models.PositiveIntegerField("số việc chờ")
    sent_at = models.DateTimeField("gửi lúc", auto_now_add=True)

    class Meta:
        ordering = ["-day", "recipient"]
        verbose_name = "thư tổng hợp hằng ngày"
        verbose_name_plural = "thư tổng hợp hằng ngày"
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"{self.recipient} {self.day:%d/%m/%Y}"
