"""phiếu nhận xét: the commune party committee's year-end evaluation of a cadre who monitored it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.monitoring.models.assignment import MonitoringAssignment
from dotpha.monitoring.models.programme import MonitoringYear
from dotpha.org.models import Cadre, Unit


class CompletionLevel(models.TextChoices):
    """The official four levels; the codes are those of `programmes.Grade`, so ratings can combine them."""

    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


class CommuneFeedback(TimeStampedModel):
    """One form per year, commune and cadre. Sent once, then read-only; Ban Tổ chức corrects it (audited)."""

    year = models.ForeignKey(
        MonitoringYear, verbose_name=_("năm"), on_delete=models.PROTECT, related_name="feedback"
    )
    commune = models.ForeignKey(
        Unit, verbose_name=_("xã, phường"), on_delete=models.PROTECT, related_name="monitoring_feedback"
    )
    cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cán bộ được nhận xét"),
        on_delete=models.PROTECT,
        related_name="commune_feedback",
    )
    assignment = models.ForeignKey(
        MonitoringAssignment, verbose_name=_("phân công"), on_delete=models.PROTECT, related_name="feedback"
    )
    completion_level = models.CharField(
        _("mức độ hoàn thành"), max_length=20, choices=CompletionLevel.choices
    )
    comments = models.TextField(_("nhận xét"))
    proposes_commendation = models.BooleanField(_("đề nghị biểu dương, khen thưởng"), default=False)
    requests_replacement = models.BooleanField(_("đề nghị thay thế cán bộ theo dõi"), default=False)
    replacement_reason = models.TextField(_("lý do đề nghị thay thế"), blank=True)
    submitted_on = models.DateField(_("ngày gửi"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người gửi"), on_delete=models.PROTECT, related_name="+"
    )
    corrected_at = models.DateTimeField(_("đính chính lúc"), null=True, blank=True)
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đính chính"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_on", "pk"]
        verbose_name = _("phiếu nhận xét")
        verbose_name_plural = pgettext_lazy("plural", "phiếu nhận xét")
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
