"""The year-end evaluation: the assignee's self-assessment, then the authority's grade."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.programmes.models import Grade
from dotpha.tasks.models.task import Task


class Evaluation(TimeStampedModel):
    """Year-end: the assignee's self-assessment, then the authority's grade."""

    task = models.OneToOneField(
        Task, verbose_name="việc", on_delete=models.CASCADE, related_name="evaluation"
    )
    self_grade = models.CharField("tự đánh giá", max_length=20, choices=Grade.choices, blank=True)
    self_assessment = models.TextField("tự nhận xét", blank=True)
    self_assessed_at = models.DateTimeField("tự đánh giá lúc", null=True, blank=True)
    self_assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người tự đánh giá",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    grade = models.CharField("kết quả đánh giá", max_length=20, choices=Grade.choices, blank=True)
    ahead_of_plan = models.BooleanField("hoàn thành trước kế hoạch", default=False)
    comment = models.TextField("nhận xét của cấp đánh giá", blank=True)
    evaluated_at = models.DateTimeField("đánh giá lúc", null=True, blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đánh giá",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = "đánh giá kết quả"
        verbose_name_plural = "đánh giá kết quả"

    def __str__(self) -> str:
        return f"{self.task}: {self.get_grade_display() or 'chưa đánh giá'}"
