"""phiếu nhận xét: the commune party committee's year-end evaluation of a cadre who monitored it."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.monitoring.models.assignment import MonitoringAssignment
from dotpha.monitoring.models.programme import MonitoringYear
from dotpha.org.models import Cadre, Unit


class CompletionLevel(models.TextChoices):
    """The official four levels; the codes are those of `programmes.Grade`, so ratings can combine them."""

    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    COMPLETED = "completed", "Hoàn thành nhiệm vụ"
    NOT_COMPLETED = "not_completed", "Không hoàn thành nhiệm vụ"


class CommuneFeedback(TimeStampedModel):
    """One form per year, commune and cadre. Sent once, then read-only; Ban Tổ chức corrects it (audited)."""

    year = models.ForeignKey(
        MonitoringYear, verbose_name="năm", on_delete=models.PROTECT, related_name="feedback"
    )
    commune = models.ForeignKey(
        Unit, verbose_name="xã, phường", on_delete=models.PROTECT, related_name="monitoring_feedback"
    )
    cadre = models.ForeignKey(
        Cadre, verbose_name="cán bộ được nhận xét", on_delete=models.PROTECT, related_name="commune_feedback"
    )
    assignment = models.ForeignKey(
        MonitoringAssignment, verbose_name="phân công", on_delete=models.PROTECT, related_name="feedback"
    )
    completion_level = models.CharField("mức độ hoàn thành", max_length=20, choices=CompletionLevel.choices)
    comments = models.TextField("nhận xét")
    proposes_commendation = models.BooleanField("đề nghị biểu dương, khen thưởng", default=False)
    requests_replacement = models.BooleanField("đề nghị thay thế cán bộ theo dõi", default=False)
    replacement_reason = models.TextField("lý do đề nghị thay thế", blank=True)
    submitted_on = models.DateField("ngày gửi")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="người gửi", on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField("đính chính lúc", null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người đính chính",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_on", "pk"]
        verbose_name = "phiếu nhận xét"
        verbose_name_plural = "phiếu nhận xét"
        constraints = [
            models.UniqueConstraint(
                fields=["year", "commune", "cadre"], name="one_form_per_year_commune_cadre"
            ),
            models.CheckConstraint(
                condition=models.Q(requests_replacement=False) | ~models.Q(replacement_reason=""),
                name="replacement_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Phiếu nhận xét năm {self.year.year}: {self.cadre} — {self.commune}"
