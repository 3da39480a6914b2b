"""What the monitoring cadre does: the year's plan, the visits to the commune, the periodic reports.

Whether a plan or report came on time, late or not at all is derived from its dates (see
`selectors.duties`); a plan also keeps, as submitted, the deadline it answered and how many days late it was.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.monitoring.models.assignment import MonitoringAssignment
from dotpha.monitoring.models.programme import MonitoringYear, ReportPeriod


class MonitoringPlan(TimeStampedModel):
    """chương trình, kế hoạch theo dõi: one per assignment and year, sent once."""

    assignment = models.ForeignKey(
        MonitoringAssignment, verbose_name=_("phân công"), on_delete=models.PROTECT, related_name="plans"
    )
    year = models.ForeignKey(
        MonitoringYear, verbose_name=_("năm"), on_delete=models.PROTECT, related_name="plans"
    )
    content = models.TextField(_("nội dung chương trình, kế hoạch theo dõi"))
    deadline = models.DateField(_("hạn gửi"))
    submitted_on = models.DateField(_("ngày gửi"))
    days_late = models.PositiveIntegerField(_("số ngày gửi muộn"), default=0)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_on"]
        verbose_name = _("kế hoạch theo dõi xã")
        verbose_name_plural = pgettext_lazy("plural", "kế hoạch theo dõi xã")
        constraints = [
            models.UniqueConstraint(fields=["assignment", "year"], name="one_plan_per_assignment_year"),
        ]

    def __str__(self) -> str:
        return f"Kế hoạch năm {self.year.year}: {self.assignment}"

    @property
    def is_late(self) -> bool:
        return self.days_late > 0


class VisitKind(models.TextChoices):
    PARTY_CONFERENCE = "party_conference", _("Dự hội nghị cấp ủy")
    WORKING_VISIT = "working_visit", _("Làm việc tại cơ sở")
    PEOPLES_MEETING = "peoples_meeting", _("Dự họp, tiếp xúc nhân dân")
    OTHER = "other", _("Khác")


class Visit(TimeStampedModel):
    """đi cơ sở: one visit (lượt) of the monitoring cadre to the commune, confirmed by its party committee."""

    assignment = models.ForeignKey(
        MonitoringAssignment, verbose_name=_("phân công"), on_delete=models.PROTECT, related_name="visits"
    )
    visit_date = models.DateField(_("ngày đi cơ sở"))
    kind = models.CharField(_("hình thức"), max_length=30, choices=VisitKind.choices)
    content = models.TextField(_("nội dung"))
    issues_found = models.TextField(_("vấn đề nắm được, phát hiện"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất với tỉnh"), blank=True)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), on_delete=models.PROTECT, related_name="+"
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
    # Made on the phone with the form: a visit queued offline and sent twice is recorded once.
    idempotency_key = models.UUIDField(_("mã gửi"), null=True, blank=True, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-visit_date", "-pk"]
        verbose_name = pgettext_lazy("singular", "lượt đi cơ sở")
        verbose_name_plural = pgettext_lazy("plural", "lượt đi cơ sở")
        indexes = [models.Index(fields=["visit_date"], name="visit_date")]

    def __str__(self) -> str:
        return f"{self.visit_date:%d/%m/%Y} — {self.assignment}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class MonitoringReport(TimeStampedModel):
    """báo cáo kết quả theo dõi (định kỳ): one per assignment and report period, sent once."""

    assignment = models.ForeignKey(
        MonitoringAssignment, verbose_name=_("phân công"), on_delete=models.PROTECT, related_name="reports"
    )
    report_period = models.ForeignKey(
        ReportPeriod, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="reports"
    )
    content = models.TextField(_("kết quả theo dõi"))
    issues = models.TextField(_("khó khăn, vướng mắc của cơ sở"), blank=True)
    proposals = models.TextField(_("kiến nghị, đề xuất"), blank=True)
    submitted_on = models.DateField(_("ngày gửi"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_on"]
        verbose_name = _("báo cáo kết quả theo dõi")
        verbose_name_plural = pgettext_lazy("plural", "báo cáo kết quả theo dõi")
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "report_period"], name="one_report_per_assignment_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report_period.name}: {self.assignment}"
