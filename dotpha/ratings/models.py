"""The annual quality rating of a cadre (kiểm điểm, đánh giá, xếp loại chất lượng hằng năm): a level
proposed from the year's results under the rating scheme in force that year, then the level the
authority sets, with its comment. Every change is kept (simple-history).

A rating scheme is data (seeded by migration 0002): the texts in force for a range of years, their criteria
groups and points, thresholds, conditions, the "excellent" quota and the grounds that make a cadre "không
hoàn thành". The clauses that read it are in `dotpha.ratings.clauses`; the earlier, unscored rule (Decree
90/2020) in `dotpha.ratings.rules`."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.org.models import Cadre, Unit


class RatingLevel(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc nhiệm vụ")
    GOOD = "good", _("Hoàn thành tốt nhiệm vụ")
    COMPLETED = "completed", _("Hoàn thành nhiệm vụ")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành nhiệm vụ")


class YearMethod(models.TextChoices):
    QUARTER_AVERAGE = "quarter_average", _("Trung bình cộng điểm các quý")
    WHOLE_YEAR = "whole_year", _("Chấm một lần cho cả năm")


class DutyGroup(models.TextChoices):
    """nhóm chức trách, nhiệm vụ tương đồng (Decree 335: the quota is counted per unit and per group)."""

    HEAD = "head", _("Người đứng đầu")
    DEPUTY = "deputy", _("Cấp phó, lãnh đạo, quản lý")
    STAFF = "staff", _("Không giữ chức vụ lãnh đạo, quản lý")


class RatingScheme(models.Model):
    """The texts a year is rated under. Percentages are whole numbers (30 means 30%). The fields the texts
    leave to the province keep the texts' values as defaults; the province's organisation board changes them
    on the scheme's page (`services.rating_scheme_update`), each change in the history."""

    code = models.CharField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên"), max_length=300)
    legal_basis = models.TextField(_("căn cứ"), blank=True)
    valid_from_year = models.PositiveSmallIntegerField(_("áp dụng từ năm"))
    valid_to_year = models.PositiveSmallIntegerField(_("áp dụng đến năm"), null=True, blank=True)
    scored = models.BooleanField(
        _("chấm điểm thang 100"),
        default=True,
        help_text=_("Không chấm điểm: đề xuất theo quy tắc cũ (Nghị định 90/2020)."),
    )
    excellent_min = models.DecimalField(
        _("điểm tối thiểu hoàn thành xuất sắc"), max_digits=5, decimal_places=2, default=90
    )
    good_min = models.DecimalField(
        _("điểm tối thiểu hoàn thành tốt"), max_digits=5, decimal_places=2, default=70
    )
    completed_min = models.DecimalField(
        _("điểm tối thiểu hoàn thành"), max_digits=5, decimal_places=2, default=50
    )
    exceeding_min_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ nhiệm vụ vượt yêu cầu tối thiểu để xuất sắc (%)"), default=30
    )
    behind_max_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ nhiệm vụ chậm tiến độ tối đa để hoàn thành (%)"), default=20
    )
    excellent_quota_percent = models.PositiveSmallIntegerField(
        _("tỷ lệ xuất sắc tối đa so với số hoàn thành tốt (%)"), default=20
    )
    delay_penalty_percent = models.PositiveSmallIntegerField(
        _("mỗi lần chậm tiến độ trừ (% điểm tiến độ của việc)"), default=25
    )
    error_penalty_percent = models.PositiveSmallIntegerField(
        _("mỗi lần đánh giá chưa đạt chất lượng trừ (% điểm chất lượng của việc)"), default=25
    )
    disqualifying_grounds = models.JSONField(
        _("trường hợp không hoàn thành nhiệm vụ"),
        default=list,
        blank=True,
        help_text=_("Danh sách {code, label}."),
    )
    # Decree 335, Art. 21: the year is classified from the average of the monthly or quarterly scores;
    # a province rating the year on its own sets WHOLE_YEAR.
    year_method = models.CharField(
        _("cách tính điểm năm"), max_length=20, choices=YearMethod.choices, default=YearMethod.QUARTER_AVERAGE
    )
    # Regulation 366, Art. 11: a leader's excellent/good conditions read the area they directly lead.
    leader_reads_led_units = models.BooleanField(
        _("điều kiện của người đứng đầu tính cả nhiệm vụ của đơn vị mình trực tiếp lãnh đạo"), default=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["valid_from_year"]
        verbose_name = _("bộ tiêu chí xếp loại")
        verbose_name_plural = pgettext_lazy("plural", "bộ tiêu chí xếp loại")

    def __str__(self) -> str:
        return self.name

    def ground_label(self, code: str) -> str:
        return next((g["label"] for g in self.disqualifying_grounds if g["code"] == code), code)


class CriteriaGroup(models.Model):
    scheme = models.ForeignKey(
        RatingScheme, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="groups"
    )
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("nhóm tiêu chí"), max_length=300)
    points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        ordering = ["scheme", "order"]
        verbose_name = _("nhóm tiêu chí")
        verbose_name_plural = pgettext_lazy("plural", "nhóm tiêu chí")
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_group_per_scheme")]

    def __str__(self) -> str:
        return f"{self.name} ({self.points} điểm)"


class CriteriaItem(models.Model):
    """One line of the general-criteria checklist (the "general" group's 30 points), with its maximum."""

    scheme = models.ForeignKey(
        RatingScheme, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="items"
    )
    code = models.SlugField(_("mã"), max_length=40)
    name = models.CharField(_("tiêu chí"), max_length=400)
    points = models.DecimalField(_("điểm tối đa"), max_digits=5, decimal_places=2)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "order"]
        verbose_name = _("tiêu chí chung")
        verbose_name_plural = pgettext_lazy("plural", "tiêu chí chung")
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="unique_item_per_scheme")]

    def __str__(self) -> str:
        return self.name


class AnnualRating(TimeStampedModel):
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="annual_ratings"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    authority_unit = models.ForeignKey(
        Unit,
        verbose_name=_("cấp có thẩm quyền xếp loại"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Đơn vị quản lý cán bộ khi lập đề xuất; người phê duyệt của đơn vị này quyết định mức."),
    )
    scheme = models.ForeignKey(
        RatingScheme,
        verbose_name=_("bộ tiêu chí áp dụng"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
    )
    proposed_level = models.CharField(
        _("mức đề xuất"), max_length=20, choices=RatingLevel.choices, blank=True
    )
    proposal_reason = models.TextField(_("căn cứ đề xuất"), blank=True)
    inputs = models.JSONField(_("kết quả làm căn cứ"), default=list, blank=True)
    proposed_at = models.DateTimeField(_("đề xuất lúc"), null=True, blank=True)
    level = models.CharField(_("mức xếp loại"), max_length=20, choices=RatingLevel.choices, blank=True)
    comment = models.TextField(_("nhận xét của cấp có thẩm quyền"), blank=True)
    general_points = models.DecimalField(
        _("điểm tiêu chí chung"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Do cấp có thẩm quyền chấm (bộ tiêu chí chấm điểm)."),
    )
    grounds = models.JSONField(
        _("trường hợp không hoàn thành nhiệm vụ"),
        default=list,
        blank=True,
        help_text=_("Mã các trường hợp của bộ tiêu chí (kỷ luật, suy thoái…) cấp có thẩm quyền ghi nhận."),
    )
    quota_exception = models.TextField(
        _("lý do vượt tỷ lệ xuất sắc"),
        blank=True,
        help_text=_("Trường hợp đơn vị có thành tích xuất sắc, nổi trội mà văn bản cho phép vượt tỷ lệ."),
    )
    duty_group = models.CharField(
        _("nhóm chức trách tương đồng"),
        max_length=20,
        choices=DutyGroup.choices,
        blank=True,
        help_text=_("Để trống: theo chức vụ hiện tại của cán bộ khi lập đề xuất."),
    )
    duty_group_set = models.BooleanField(_("nhóm do Ban Tổ chức xác định"), default=False)
    led_inputs = models.JSONField(
        _("kết quả của đơn vị trực tiếp lãnh đạo"),
        default=list,
        blank=True,
        help_text=_("Nhiệm vụ của tập thể và cán bộ đơn vị mà người đứng đầu trực tiếp lãnh đạo trong năm."),
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người quyết định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "cadre__full_name"]
        verbose_name = _("xếp loại chất lượng cán bộ")
        verbose_name_plural = pgettext_lazy("plural", "xếp loại chất lượng cán bộ")
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


class GeneralScore(TimeStampedModel):
    """One checklist line of a rating in three columns: the cadre's self-score, the unit's proposal (the
    organizer of the managing unit) and the authority's decision, each with its comment."""

    rating = models.ForeignKey(
        AnnualRating, verbose_name=_("xếp loại"), on_delete=models.CASCADE, related_name="general_scores"
    )
    item = models.ForeignKey(
        CriteriaItem, verbose_name=_("tiêu chí"), on_delete=models.PROTECT, related_name="+"
    )
    self_points = models.DecimalField(_("tự chấm"), max_digits=5, decimal_places=2, null=True, blank=True)
    self_comment = models.TextField(_("tự nhận xét"), blank=True)
    unit_points = models.DecimalField(
        _("đơn vị đề xuất"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    unit_comment = models.TextField(_("nhận xét của đơn vị"), blank=True)
    decided_points = models.DecimalField(
        _("cấp có thẩm quyền quyết định"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    decided_comment = models.TextField(_("nhận xét của cấp có thẩm quyền"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rating", "item__order"]
        verbose_name = _("điểm tiêu chí chung")
        verbose_name_plural = pgettext_lazy("plural", "điểm tiêu chí chung")
        constraints = [models.UniqueConstraint(fields=["rating", "item"], name="unique_score_per_item")]

    def __str__(self) -> str:
        return f"{self.rating} — {self.item}"


class QuarterScore(TimeStampedModel):
    """A rating's score in one quarter of its year, refreshed from the record by each proposal run."""

    rating = models.ForeignKey(
        AnnualRating, verbose_name=_("xếp loại"), on_delete=models.CASCADE, related_name="quarters"
    )
    quarter = models.PositiveSmallIntegerField(_("quý"))
    tasks = models.PositiveSmallIntegerField(_("số việc"), default=0)
    task_points = models.DecimalField(_("điểm kết quả thực hiện nhiệm vụ"), max_digits=5, decimal_places=2)
    general_points = models.DecimalField(
        _("điểm tiêu chí chung"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    total = models.DecimalField(_("tổng điểm"), max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["rating", "quarter"]
        verbose_name = _("điểm theo quý")
        verbose_name_plural = pgettext_lazy("plural", "điểm theo quý")
        constraints = [
            models.UniqueConstraint(fields=["rating", "quarter"], name="unique_quarter_per_rating"),
            models.CheckConstraint(condition=models.Q(quarter__gte=1, quarter__lte=4), name="quarter_1_to_4"),
        ]

    def __str__(self) -> str:
        return f"{self.rating} — Q{self.quarter}"
