"""Keeping a task current: milestones, targets, progress reports with target values and evidence files."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.tasks.models.task import Task


class Milestone(TimeStampedModel):
    """mốc: a step of the execution plan with its due date; `done_on` is set when it is reached."""

    # no index of its own: `milestone_task_due` leads with the task
    task = models.ForeignKey(
        Task, verbose_name=_("việc"), on_delete=models.CASCADE, related_name="milestones", db_index=False
    )
    title = models.CharField(_("nội dung mốc"), max_length=300)
    due_date = models.DateField(_("hạn"))
    done_on = models.DateField(_("hoàn thành ngày"), null=True, blank=True)
    # who recorded the completion and when: the completion can be undone only that day, by them or the
    # task's authority (done_on may be an earlier day than the recording)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi nhận hoàn thành"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    completed_at = models.DateTimeField(_("ghi nhận hoàn thành lúc"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("mốc thực hiện")
        verbose_name_plural = pgettext_lazy("plural", "mốc thực hiện")
        indexes = [models.Index(fields=["task", "due_date"], name="milestone_task_due")]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date:%d/%m/%Y})"


class Target(TimeStampedModel):
    """chỉ tiêu: a measurable result, e.g. 13 nhà (name "Xây nhà cho hộ nghèo", unit "nhà", value 13)."""

    task = models.ForeignKey(Task, verbose_name=_("việc"), on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(pgettext_lazy("singular", "chỉ tiêu"), max_length=300)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=50)
    target_value = models.DecimalField(_("giá trị phải đạt"), max_digits=14, decimal_places=2)
    achieved_value = models.DecimalField(_("đã đạt"), max_digits=14, decimal_places=2, null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = pgettext_lazy("singular", "chỉ tiêu")
        verbose_name_plural = pgettext_lazy("plural", "chỉ tiêu")
        constraints = [
            models.CheckConstraint(condition=models.Q(target_value__gte=0), name="target_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name}: {self.target_value.normalize():f} {self.unit_of_measure}"


class ProgressReport(TimeStampedModel):
    """báo cáo tiến độ: percent done, target values reached, narrative and evidence files."""

    # no index of its own: `report_task_date` leads with the task
    task = models.ForeignKey(
        Task,
        verbose_name=_("việc"),
        on_delete=models.CASCADE,
        related_name="progress_reports",
        db_index=False,
    )
    reported_on = models.DateField(_("ngày báo cáo"))
    percent_done = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"))
    narrative = models.TextField(_("kết quả, nhận xét"))
    decrease_reason = models.TextField(
        _("lý do tiến độ thấp hơn lần báo cáo trước"), blank=True, help_text=_("Bắt buộc khi tỷ lệ giảm.")
    )
    confirmed_warning = models.TextField(
        _("cảnh báo người báo cáo đã xác nhận"),
        blank=True,
        help_text=_("Tỷ lệ mâu thuẫn với chỉ tiêu, mốc: người báo cáo xác nhận số liệu đúng."),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-reported_on", "-pk"]
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo tiến độ")
        constraints = [
            models.CheckConstraint(condition=models.Q(percent_done__lte=100), name="report_percent_max_100"),
        ]
        indexes = [models.Index(fields=["task", "reported_on"], name="report_task_date")]

    def __str__(self) -> str:
        return f"{self.task} — {self.reported_on:%d/%m/%Y}: {self.percent_done}%"


class ReportTargetValue(models.Model):
    """The value of one target reached as of one report."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=pgettext_lazy("singular", "báo cáo"),
        on_delete=models.CASCADE,
        related_name="target_values",
    )
    target = models.ForeignKey(
        Target, verbose_name=pgettext_lazy("singular", "chỉ tiêu"), on_delete=models.CASCADE, related_name="+"
    )
    value = models.DecimalField(_("giá trị đạt được"), max_digits=14, decimal_places=2)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu đạt được")
        verbose_name_plural = pgettext_lazy("plural", "chỉ tiêu đạt được")
        constraints = [
            models.UniqueConstraint(fields=["report", "target"], name="unique_report_target"),
        ]

    def __str__(self) -> str:
        return f"{self.target.name}: {self.value.normalize():f}"


def evidence_path(instance: "Evidence", filename: str) -> str:
    """Stored under a random name: the original name is kept in a field, never in the path."""
    suffix = PurePath(filename).suffix.lower()
    today = timezone.localdate()
    return f"tasks/evidence/{today:%Y/%m}/{uuid.uuid4().hex}{suffix}"


class Evidence(TimeStampedModel):
    """minh chứng: a file attached to a progress report. Served only through a view that asks
    `can_view_task`; never from a public media URL. An image is kept re-encoded (`dotpha.core.photos`): the
    time and place its camera wrote are the fields below, never the file's EXIF."""

    report = models.ForeignKey(
        ProgressReport,
        verbose_name=pgettext_lazy("singular", "báo cáo"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    taken_at = models.DateTimeField(_("chụp lúc"), null=True, blank=True)
    latitude = models.DecimalField(_("vĩ độ nơi chụp"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("kinh độ nơi chụp"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("minh chứng")
        verbose_name_plural = pgettext_lazy("plural", "minh chứng")

    def __str__(self) -> str:
        return self.original_name

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None
