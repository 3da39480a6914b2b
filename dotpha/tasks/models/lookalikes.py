"""An approver's "đã xem, không trùng": two tasks that look alike and were read as different tasks."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.tasks.models.task import Task


class LookalikeDismissal(TimeStampedModel):
    """A pair of look-alike tasks an approver marked as not a repeat: no longer flagged on either task.
    The pair is unordered and stored once, the lower id first (`task`)."""

    task = models.ForeignKey(Task, verbose_name=_("việc"), on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(Task, verbose_name=_("việc giống"), on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("mức giống (%)"))
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("look-alike", "người xem"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cặp việc đã xem, không trùng")
        verbose_name_plural = pgettext_lazy("plural", "cặp việc đã xem, không trùng")
        constraints = [
            models.UniqueConstraint(fields=["task", "other"], name="lookalike_dismissal_pair"),
            models.CheckConstraint(
                condition=models.Q(task__lt=models.F("other")), name="lookalike_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_id} ≠ {self.other_id}"
