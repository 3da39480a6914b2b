"""The year-end grading sheet (bảng đánh giá cuối năm): every approved task of one period under one
authority, graded in one pass at the standing committee's meeting. Its lines are drafts, not evaluations:
statistics count only `Evaluation.grade`, which the sheet writes for every graded line when it is confirmed,
after which the sheet is locked."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.org.models import Unit
from dotpha.programmes.models import Grade, Period
from dotpha.tasks.models.task import Task


class GradingSheetStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    CONFIRMED = "confirmed", _("Đã xác nhận và khóa")


class GradingSheet(TimeStampedModel):
    """One per period and authority unit: whichever approver of the authority opens it, it is the same."""

    period = models.ForeignKey(
        Period, verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="grading_sheets"
    )
    authority_unit = models.ForeignKey(
        Unit, verbose_name=_("cấp đánh giá"), on_delete=models.PROTECT, related_name="grading_sheets"
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=GradingSheetStatus.choices, default=GradingSheetStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("xác nhận lúc"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác nhận"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bảng đánh giá cuối năm")
        verbose_name_plural = pgettext_lazy("plural", "bảng đánh giá cuối năm")
        constraints = [
            models.UniqueConstraint(fields=["period", "authority_unit"], name="unique_grading_sheet"),
        ]

    def __str__(self) -> str:
        return f"{self.authority_unit} — {self.period}"

    @property
    def is_locked(self) -> bool:
        return self.status == GradingSheetStatus.CONFIRMED


class GradingLine(TimeStampedModel):
    """The draft grade of one task on a sheet (empty: not graded yet)."""

    sheet = models.ForeignKey(
        GradingSheet, verbose_name=_("bảng đánh giá"), on_delete=models.CASCADE, related_name="lines"
    )
    task = models.ForeignKey(
        Task, verbose_name=_("việc"), on_delete=models.PROTECT, related_name="grading_lines"
    )
    grade = models.CharField(_("mức đánh giá dự kiến"), max_length=20, choices=Grade.choices, blank=True)
    ahead_of_plan = models.BooleanField(_("hoàn thành trước kế hoạch"), default=False)
    comment = models.TextField(_("nhận xét"), blank=True)
    # the task's version the evaluator saw when the line was typed: a long sheet is graded a page at a time,
    # and the confirmation refuses a task changed since, on whichever page it was graded
    task_version = models.PositiveIntegerField(_("phiên bản việc khi chấm"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("dòng bảng đánh giá")
        verbose_name_plural = pgettext_lazy("plural", "dòng bảng đánh giá")
        constraints = [models.UniqueConstraint(fields=["sheet", "task"], name="unique_grading_line")]

    def __str__(self) -> str:
        return f"{self.task}: {self.get_grade_display() or 'chưa chấm'}"
