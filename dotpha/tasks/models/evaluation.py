"""The year-end evaluation: the assignee's self-assessment, then the authority's grade."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.programmes.models import Grade
from dotpha.tasks.models.task import Task


class Evaluation(TimeStampedModel):
    """Year-end: the assignee's self-assessment, then the authority's grade."""

    task = models.OneToOneField(
        Task, verbose_name=_("việc"), on_delete=models.CASCADE, related_name="evaluation"
    )
    self_grade = models.CharField(_("tự đánh giá"), max_length=20, choices=Grade.choices, blank=True)
    self_assessment = models.TextField(_("tự nhận xét"), blank=True)
    self_assessed_at = models.DateTimeField(_("tự đánh giá lúc"), null=True, blank=True)
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tự đánh giá"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    grade = models.CharField(_("kết quả đánh giá"), max_length=20, choices=Grade.choices, blank=True)
    ahead_of_plan = models.BooleanField(_("hoàn thành trước kế hoạch"), default=False)
    comment = models.TextField(_("nhận xét của cấp đánh giá"), blank=True)
    evaluated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đánh giá kết quả")
        verbose_name_plural = pgettext_lazy("plural", "đánh giá kết quả")

    def __str__(self) -> str:
        return f"{self.task}: {self.get_grade_display() or 'chưa đánh giá'}"
