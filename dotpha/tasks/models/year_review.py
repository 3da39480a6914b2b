"""The yearly review of a phase task (a task of a multi-year period, e.g. 2021–2025): each year of the phase
but the last, the assignee reports what the year brought and the authority grades it; the last year is the
phase's final evaluation (`Evaluation`). Statistics and ratings of such a year read this grade."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.programmes.models import Grade
from dotpha.tasks.models.task import Task


class YearReview(TimeStampedModel):
    """One year of a phase task: the assignee's self-report, then the authority's grade."""

    task = models.ForeignKey(
        Task, verbose_name=_("việc"), on_delete=models.CASCADE, related_name="year_reviews"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    self_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ hoàn thành tự báo cáo (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    self_report = models.TextField(_("tự báo cáo kết quả năm"), blank=True)
    self_reported_at = models.DateTimeField(_("tự báo cáo lúc"), null=True, blank=True)
    self_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tự báo cáo"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    grade = models.CharField(_("kết quả đánh giá năm"), max_length=20, choices=Grade.choices, blank=True)
    comment = models.TextField(_("nhận xét của cấp đánh giá"), blank=True)
    graded_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    graded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đánh giá"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["task", "year"]
        verbose_name = _("đánh giá hằng năm")
        verbose_name_plural = pgettext_lazy("plural", "đánh giá hằng năm")
        constraints = [models.UniqueConstraint(fields=["task", "year"], name="unique_year_review")]
        indexes = [models.Index(fields=["year", "grade"], name="yearreview_year_grade")]

    def __str__(self) -> str:
        return f"{self.task} — {self.year}: {self.get_grade_display() or 'chưa đánh giá'}"
