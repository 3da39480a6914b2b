"""Who monitors which commune, by which decision, from when to when. A reassignment ends one row and starts
the next (`replaces`), so a commune's history reads top to bottom."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.monitoring.models.programme import MonitoringProgramme
from dotpha.org.models import Appointment, Cadre, Unit

# Regulation 26-QĐ/TU wants one leader per commune; a few leaders had to follow two. Never more.
MAX_COMMUNES_PER_CADRE = 2


class AssignmentEndReason(models.TextChoices):
    REASSIGNED = "reassigned", _("Phân công cán bộ khác")
    CADRE_LEFT = "cadre_left", _("Cán bộ nghỉ hưu, chuyển công tác")
    REPLACEMENT_REQUESTED = "replacement_requested", _("Theo đề nghị thay thế của Đảng ủy xã")
    COMMUNE_CHANGED = "commune_changed", _("Sáp nhập, điều chỉnh đơn vị hành chính")
    OTHER = "other", _("Lý do khác")


class MonitoringAssignment(TimeStampedModel):
    """cán bộ lãnh đạo sở, ngành theo dõi xã: a cadre, in the post they held (`appointment`, which names
    the agency), follows one commune from `start_date` to `end_date` (open while it lasts)."""

    programme = models.ForeignKey(
        MonitoringProgramme, verbose_name=_("quy định"), on_delete=models.PROTECT, related_name="assignments"
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cán bộ theo dõi"),
        on_delete=models.PROTECT,
        related_name="monitoring_assignments",
    )
    appointment = models.ForeignKey(
        Appointment,
        verbose_name=_("chức vụ khi được phân công"),
        on_delete=models.PROTECT,
        related_name="monitoring_assignments",
    )
    commune = models.ForeignKey(
        Unit, verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="monitoring_assignments"
    )
    decision_number = models.CharField(_("số quyết định phân công"), max_length=50)
    decision_date = models.DateField(_("ngày quyết định"))
    start_date = models.DateField(_("theo dõi từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    end_reason = models.CharField(
        _("lý do kết thúc"), max_length=30, choices=AssignmentEndReason.choices, blank=True
    )
    end_note = models.TextField(_("ghi chú khi kết thúc"), blank=True)
    second_commune_reason = models.TextField(
        _("lý do theo dõi thêm xã"),
        blank=True,
        help_text=_("Chỉ khi cán bộ được phân công theo dõi xã thứ hai (trường hợp đặc biệt)."),
    )
    replaces = models.ForeignKey(
        "self",
        verbose_name=_("thay cho phân công"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("phân công theo dõi xã")
        verbose_name_plural = pgettext_lazy("plural", "phân công theo dõi xã")
        constraints = [
            models.UniqueConstraint(
                fields=["commune"],
                condition=models.Q(end_date__isnull=True),
                name="one_open_monitor_per_commune",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="assignment_ends_after_start",
            ),
        ]
        indexes = [models.Index(fields=["programme", "start_date", "end_date"], name="assignment_dates")]

    def __str__(self) -> str:
        return f"{self.cadre} theo dõi {self.commune}"

    def is_active_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    def overlaps(self, first: datetime.date, last: datetime.date) -> bool:
        return self.start_date <= last and (self.end_date is None or self.end_date >= first)

    @property
    def cadre_left_on(self) -> datetime.date | None:
        """The day the cadre's post ended (retired, transferred): from that day the commune has no monitor."""
        return self.appointment.end_date

    def cadre_present_on(self, day: datetime.date) -> bool:
        left = self.appointment.end_date
        return left is None or day < left

    @property
    def effective_end(self) -> datetime.date | None:
        """The last day the cadre really monitors: the assignment's end, or the day before the post ended."""
        left = self.appointment.end_date
        ends = [d for d in (self.end_date, left - datetime.timedelta(days=1) if left else None) if d]
        return min(ends) if ends else None
