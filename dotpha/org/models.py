"""The organisation: units in a tree of any depth, their kinds and levels as data, mergers, cadres and
their appointments."""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager

from dotpha.core.collation import vietnamese_name_bytes
from dotpha.core.models import TimeStampedModel
from dotpha.core.search import normalize_search


class UnitLevel(models.Model):
    """cấp tỉnh / cấp huyện / cấp xã. `rank` orders them from the top."""

    code = models.SlugField(_("mã"), max_length=30, unique=True)
    name = models.CharField(_("tên"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("thứ bậc"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rank"]
        verbose_name = _("cấp")
        verbose_name_plural = pgettext_lazy("plural", "cấp")

    def __str__(self) -> str:
        return self.name


class UnitKind(models.Model):
    """Tỉnh ủy, Ban Thường vụ, Sở, Đảng ủy xã, ... Kinds are data so a province can add its own."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=120)
    default_level = models.ForeignKey(
        UnitLevel, verbose_name=_("cấp mặc định"), on_delete=models.PROTECT, null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("loại đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "loại đơn vị")

    def __str__(self) -> str:
        return self.name


class Unit(MP_Node, TimeStampedModel):
    """A node of the organisation tree. A unit that no longer exists keeps its rows with `valid_to` set."""

    name = models.CharField(_("tên đơn vị"), max_length=255)
    code = models.CharField(_("mã đơn vị"), max_length=50, unique=True)
    kind = models.ForeignKey(UnitKind, verbose_name=_("loại"), on_delete=models.PROTECT)
    level = models.ForeignKey(UnitLevel, verbose_name=_("cấp"), on_delete=models.PROTECT)
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)
    # The unit's centre (a commune's headquarters): photos of a visit taken far from it are flagged.
    latitude = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    search_text = models.CharField(max_length=255, editable=False, db_index=True)
    history = HistoricalRecords(excluded_fields=["path", "depth", "numchild", "search_text"])
    objects = MP_NodeManager()

    steplen = 4
    node_order_by: list[str] = []

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.search_text = normalize_search(self.name)
        super().save(*args, **kwargs)

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class UnitMerger(TimeStampedModel):
    """sáp nhập: `predecessor` became part of `successor` on `effective_date`. Several predecessors with
    one successor is a merger; one predecessor with several successors is a split."""

    predecessor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị cũ"), on_delete=models.PROTECT, related_name="mergers_out"
    )
    successor = models.ForeignKey(
        Unit, verbose_name=_("đơn vị mới"), on_delete=models.PROTECT, related_name="mergers_in"
    )
    effective_date = models.DateField(_("ngày có hiệu lực"))
    decision_number = models.CharField(_("số văn bản"), max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sáp nhập đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "sáp nhập đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unique_merger_pair"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="merger_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


class Position(models.Model):
    """chức danh, chức vụ: Bí thư, Giám đốc Sở, Chủ tịch UBND xã, ..."""

    name = models.CharField(_("tên chức danh"), max_length=150, unique=True)
    is_head = models.BooleanField(_("người đứng đầu"), default=False)
    # Head or deputy of an agency (Giám đốc, Phó Trưởng ban, ...): only such a post may follow a commune.
    is_leadership = models.BooleanField(_("chức vụ lãnh đạo"), default=False)
    rank = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("chức danh")
        verbose_name_plural = pgettext_lazy("plural", "chức danh")

    def __str__(self) -> str:
        return self.name


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Cadre(TimeStampedModel):
    code = models.CharField(_("mã cán bộ"), max_length=50, unique=True)
    full_name = models.CharField(_("họ và tên"), max_length=150)
    gender = models.CharField(_("giới tính"), max_length=10, choices=Gender.choices)
    birth_year = models.PositiveSmallIntegerField(_("năm sinh"), null=True, blank=True)
    is_party_member = models.BooleanField(_("đảng viên"), default=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    managing_unit = models.ForeignKey(
        Unit,
        verbose_name=_("cấp quản lý cán bộ"),
        help_text=_("Đơn vị có Ban Thường vụ quản lý cán bộ này (diện BTV ... quản lý)."),
        on_delete=models.PROTECT,
        related_name="managed_cadres",
        null=True,
        blank=True,
    )
    search_text = models.CharField(max_length=150, editable=False, db_index=True)
    # the name in Vietnamese name order as bytes (`vietnamese_name_bytes`), copied into each task's facts
    # so that a list of a million tasks in name order is read from an index
    sort_key = models.BinaryField(editable=False, default=b"")
    history = HistoricalRecords(excluded_fields=["search_text", "sort_key"])

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("cán bộ")
        verbose_name_plural = pgettext_lazy("plural", "cán bộ")

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_derived()
        super().save(*args, **kwargs)

    def fill_derived(self) -> None:
        """The columns read from the name; a `bulk_create` calls it for each cadre, as `save` does."""
        self.search_text = normalize_search(self.full_name)
        self.sort_key = vietnamese_name_bytes(self.full_name)

    @property
    def given_name(self) -> str:
        """Vietnamese lists sort by the given name, the last word."""
        return self.full_name.split()[-1] if self.full_name else ""


class EndReason(models.TextChoices):
    RETIRED = "retired", _("Nghỉ hưu, nghỉ chế độ")
    TRANSFERRED = "transferred", _("Chuyển công tác")
    MERGED = "merged", pgettext_lazy("end reason", "Sáp nhập đơn vị")
    DISMISSED = "dismissed", _("Miễn nhiệm, cho thôi")


class Appointment(TimeStampedModel):
    """A cadre holding a position in a unit from `start_date` to `end_date` (open while it lasts)."""

    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cán bộ"), on_delete=models.CASCADE, related_name="appointments"
    )
    position = models.ForeignKey(Position, verbose_name=_("chức danh"), on_delete=models.PROTECT)
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="appointments"
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"), null=True, blank=True)
    end_reason = models.CharField(_("lý do kết thúc"), max_length=20, choices=EndReason.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("bổ nhiệm, phân công")
        verbose_name_plural = pgettext_lazy("plural", "bổ nhiệm, phân công")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(end_date__gte=models.F("start_date")),
                name="appointment_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cadre} — {self.position}, {self.unit}"

    def is_current_on(self, day: datetime.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)
