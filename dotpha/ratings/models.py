"""The annual quality rating of a cadre (kiểm điểm, đánh giá, xếp loại chất lượng hằng năm): a level
proposed from the year's results by a documented rule (`dotpha.ratings.rules`), then the level the
authority sets, with its comment. Every change is kept (simple-history)."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.org.models import Cadre, Unit


class RatingLevel(models.TextChoices):
    EXCELLENT = "excellent", "Hoàn thành xuất sắc nhiệm vụ"
    GOOD = "good", "Hoàn thành tốt nhiệm vụ"
    COMPLETED = "completed", "Hoàn thành nhiệm vụ"
    NOT_COMPLETED = "not_completed", "Không hoàn thành nhiệm vụ"


class AnnualRating(TimeStampedModel):
    cadre = models.ForeignKey(
        Cadre, verbose_name="cán bộ", on_delete=models.PROTECT, related_name="annual_ratings"
    )
    year = models.PositiveSmallIntegerField("năm")
    authority_unit = models.ForeignKey(
        Unit,
        verbose_name="cấp có thẩm quyền xếp loại",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Đơn vị quản lý cán bộ khi lập đề xuất; người phê duyệt của đơn vị này quyết định mức.",
    )
    proposed_level = models.CharField("mức đề xuất", max_length=20, choices=RatingLevel.choices, blank=True)
    proposal_reason = models.TextField("căn cứ đề xuất", blank=True)
    inputs = models.JSONField("kết quả làm căn cứ", default=list, blank=True)
    proposed_at = models.DateTimeField("đề xuất lúc", null=True, blank=True)
    level = models.CharField("mức xếp loại", max_length=20, choices=RatingLevel.choices, blank=True)
    comment = models.TextField("nhận xét của cấp có thẩm quyền", blank=True)
    decided_at = models.DateTimeField("quyết định lúc", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người quyết định",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "cadre__full_name"]
        verbose_name = "xếp loại chất lượng cán bộ"
        verbose_name_plural = "xếp loại chất lượng cán bộ"
        constraints = [models.UniqueConstraint(fields=["cadre", "year"], name="unique_rating_cadre_year")]
        indexes = [models.Index(fields=["year", "authority_unit"], name="rating_year_authority")]

    def __str__(self) -> str:
        return f"{self.cadre} — {self.year}"

    @property
    def is_decided(self) -> bool:
        return bool(self.level)

    @property
    def differs_from_proposal(self) -> bool:
        return self.is_decided and self.level != self.proposed_level
