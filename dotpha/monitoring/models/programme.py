"""The rules commune monitoring runs under: the regulation (Quy định 26-QĐ/TU), its years with their
deadlines, and the periodic reports each year asks for."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.org.models import Unit
from dotpha.programmes.models import DocumentKind


class MonitoringProgramme(TimeStampedModel):
    """Quy định 26-QĐ/TU ngày 14/12/2022 của BTV Tỉnh ủy: each leader of a provincial agency monitors a
    commune. `scope_unit` is the province whose communes and wards are monitored."""

    number = models.CharField(_("số văn bản"), max_length=50, help_text=_("Ví dụ: 26-QĐ/TU"))
    document_kind = models.CharField(
        _("loại văn bản"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.REGULATION
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    issued_on = models.DateField(_("ngày ban hành"))
    issuing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("đơn vị ban hành"),
        on_delete=models.PROTECT,
        related_name="monitoring_programmes",
    )
    scope_unit = models.ForeignKey(
        Unit,
        verbose_name=_("địa bàn áp dụng"),
        help_text=_("Các xã, phường thuộc đơn vị này được phân công cán bộ theo dõi."),
        on_delete=models.PROTECT,
        related_name="+",
    )
    plan_days_after_assignment = models.PositiveSmallIntegerField(
        _("số ngày gửi kế hoạch khi được phân công giữa năm"), default=30
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("quy định theo dõi xã")
        verbose_name_plural = pgettext_lazy("plural", "quy định theo dõi xã")

    def __str__(self) -> str:
        return f"{self.get_document_kind_display()} {self.number}"


class MonitoringYear(TimeStampedModel):
    """One year of a programme with its deadlines: the plan, and the communes' evaluation forms."""

    programme = models.ForeignKey(
        MonitoringProgramme, verbose_name=_("quy định"), on_delete=models.PROTECT, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    plan_deadline = models.DateField(_("hạn gửi chương trình, kế hoạch theo dõi"))
    form_deadline = models.DateField(_("hạn gửi phiếu nhận xét"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("năm theo dõi")
        verbose_name_plural = pgettext_lazy("plural", "năm theo dõi")
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="unique_monitoring_year"),
        ]

    def __str__(self) -> str:
        return f"Năm {self.year} ({self.programme.number})"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 1, 1)

    @property
    def last_day(self) -> datetime.date:
        return datetime.date(self.year, 12, 31)


class ReportPeriod(TimeStampedModel):
    """A periodic report the year asks for: "Báo cáo 6 tháng đầu năm" due 20/6, "Báo cáo năm" due 20/12."""

    year = models.ForeignKey(
        MonitoringYear, verbose_name=_("năm"), on_delete=models.CASCADE, related_name="report_periods"
    )
    name = models.CharField(_("tên kỳ báo cáo"), max_length=100)
    covers_from = models.DateField(_("số liệu từ ngày"))
    covers_to = models.DateField(_("số liệu đến ngày"))
    due_date = models.DateField(_("hạn gửi báo cáo"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("kỳ báo cáo theo dõi")
        verbose_name_plural = pgettext_lazy("plural", "kỳ báo cáo theo dõi")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(covers_from__lte=models.F("covers_to")), name="report_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (hạn {self.due_date:%d/%m/%Y})"
