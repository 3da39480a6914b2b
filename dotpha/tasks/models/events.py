"""A task's timeline: every workflow step (submitted, approved, reported, evaluated, corrected, ...) with
who took it and when, written only by `dotpha.tasks.events`, read by the task page and the API."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.tasks.models.task import Task


class TaskEventKind(models.TextChoices):
    CREATED = "created", _("Lập việc")
    SUBMITTED = "submitted", _("Gửi phê duyệt")
    RETURNED = "returned", _("Trả lại để hoàn thiện")
    APPROVED = "approved", _("Phê duyệt")
    REJECTED = "rejected", _("Không phê duyệt")
    ASSIGNED = "assigned", _("Giao việc")
    MILESTONE_COMPLETED = "milestone_completed", _("Hoàn thành mốc")
    MILESTONE_REOPENED = "milestone_reopened", _("Mở lại mốc")
    TARGET_UPDATED = "target_updated", _("Cập nhật chỉ tiêu")
    PROGRESS_REPORTED = "progress_reported", _("Báo cáo tiến độ")
    OBSTACLE_RAISED = "obstacle_raised", _("Nêu khó khăn, vướng mắc")
    OBSTACLE_ANSWERED = "obstacle_answered", _("Trả lời khó khăn, vướng mắc")
    OBSTACLE_RESOLVED = "obstacle_resolved", _("Đã tháo gỡ khó khăn")
    ADJUSTMENT_REQUESTED = "adjustment_requested", _("Đề nghị điều chỉnh")
    ADJUSTMENT_APPROVED = "adjustment_approved", _("Chấp thuận điều chỉnh")
    ADJUSTMENT_REFUSED = "adjustment_refused", _("Không chấp thuận điều chỉnh")
    SELF_ASSESSED = "self_assessed", _("Tự đánh giá")
    EVALUATED = "evaluated", _("Đánh giá kết quả")
    YEAR_SELF_REPORTED = "year_self_reported", _("Tự báo cáo kết quả năm")
    YEAR_REVIEWED = "year_reviewed", _("Đánh giá hằng năm")
    CORRECTED = "corrected", _("Ban Tổ chức sửa thông tin")
    EDITED_AFTER_LOCK = "edited_after_lock", _("Sửa khi kỳ đã khóa")
    ON_BEHALF_CONFIRMED = "on_behalf_confirmed", _("Xác nhận nội dung nhập thay")


class TaskEvent(models.Model):
    """One step of a task's workflow, for its timeline. Created only by `dotpha.tasks.events`."""

    task = models.ForeignKey(Task, verbose_name=_("việc"), on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("sự kiện"), max_length=30, choices=TaskEventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    comment = models.TextField(_("ý kiến"), blank=True)
    payload = models.JSONField(_("dữ liệu kèm theo"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("diễn biến")
        verbose_name_plural = pgettext_lazy("plural", "diễn biến")
        indexes = [models.Index(fields=["task", "at"], name="taskevent_task_at")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.at:%d/%m/%Y %H:%M}"
