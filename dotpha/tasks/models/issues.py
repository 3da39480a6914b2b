"""What is raised to the authority during execution: obstacles and adjustment requests."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.tasks.models.execution import Target
from dotpha.tasks.models.task import Task


class ObstacleStatus(models.TextChoices):
    OPEN = "open", _("Chờ trả lời")
    ANSWERED = "answered", _("Đã trả lời")
    RESOLVED = "resolved", _("Đã tháo gỡ")


class Obstacle(TimeStampedModel):
    """khó khăn, vướng mắc raised to the authority, with a proposal; the authority must answer it."""

    task = models.ForeignKey(Task, verbose_name=_("việc"), on_delete=models.CASCADE, related_name="obstacles")
    content = models.TextField(_("khó khăn, vướng mắc"))
    proposal = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ObstacleStatus.choices, default=ObstacleStatus.OPEN
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nêu"), on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("trả lời, chỉ đạo"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lời"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("trả lời lúc"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("tháo gỡ xong lúc"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận tháo gỡ"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("khó khăn, vướng mắc")
        verbose_name_plural = pgettext_lazy("plural", "khó khăn, vướng mắc")

    def __str__(self) -> str:
        return self.content[:80]


class AdjustmentStatus(models.TextChoices):
    PENDING = "pending", _("Chờ xem xét")
    APPROVED = "approved", _("Đã chấp thuận")
    REFUSED = "refused", pgettext_lazy("adjustment status", "Không chấp thuận")


class AdjustmentRequest(TimeStampedModel):
    """điều chỉnh: a new deadline, content or target value for an approved task. The `original_*`
    fields keep the values the request would replace, as they were when it was made."""

    task = models.ForeignKey(
        Task, verbose_name=_("việc"), on_delete=models.CASCADE, related_name="adjustments"
    )
    reason = models.TextField(_("lý do điều chỉnh"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    new_deadline = models.DateField(_("thời hạn mới"), null=True, blank=True)
    new_description = models.TextField(_("nội dung mới"), blank=True)
    new_deliverable = models.TextField(_("sản phẩm mới"), blank=True)
    target = models.ForeignKey(
        Target,
        verbose_name=pgettext_lazy("singular", "chỉ tiêu"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    new_target_value = models.DecimalField(
        _("giá trị chỉ tiêu mới"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    original_deadline = models.DateField(_("thời hạn cũ"), null=True, blank=True)
    original_description = models.TextField(_("nội dung cũ"), blank=True)
    original_deliverable = models.TextField(_("sản phẩm cũ"), blank=True)
    original_target_value = models.DecimalField(
        _("giá trị chỉ tiêu cũ"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=AdjustmentStatus.choices, default=AdjustmentStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xem xét"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("xem xét lúc"), null=True, blank=True)
    decision_comment = models.TextField(_("ý kiến"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("đề nghị điều chỉnh")
        verbose_name_plural = pgettext_lazy("plural", "đề nghị điều chỉnh")
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=models.Q(status="pending"),
                name="one_pending_adjustment_per_task",
            ),
            models.CheckConstraint(
                condition=models.Q(target__isnull=True, new_target_value__isnull=True)
                | models.Q(target__isnull=False, new_target_value__isnull=False),
                name="adjustment_target_with_value",
            ),
        ]

    def __str__(self) -> str:
        return f"Điều chỉnh: {self.task}"
