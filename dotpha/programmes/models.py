"""The rules tasks run under: programmes (a regulation or plan with its number), their periods (a year or a
phase), the fields of work, and the numbered decisions that approve tasks in batches."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.org.models import Unit


class TaskKind(models.TextChoices):
    BREAKTHROUGH = "breakthrough", _("Việc đột phá, đổi mới")
    DIFFICULT = "difficult", _("Việc khó")
    KEY = "key", _("Nhiệm vụ trọng tâm")


class ReportCadence(models.TextChoices):
    WEEKLY = "weekly", _("Hằng tuần")
    MONTHLY = "monthly", _("Hằng tháng")
    QUARTERLY = "quarterly", _("Hằng quý")


# Days without a report after which a task is stale, per cadence (selectors and SQL use the same table).
CADENCE_DAYS = {ReportCadence.WEEKLY: 7, ReportCadence.MONTHLY: 31, ReportCadence.QUARTERLY: 92}


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("Hoàn thành xuất sắc")
    GOOD = "good", _("Hoàn thành tốt")
    COMPLETED = "completed", pgettext_lazy("grade", "Hoàn thành")
    NOT_COMPLETED = "not_completed", _("Không hoàn thành")


class DocumentKind(models.TextChoices):
    REGULATION = "regulation", _("Quy định")
    PLAN = "plan", _("Kế hoạch")
    CONCLUSION = "conclusion", _("Kết luận")
    DIRECTIVE = "directive", _("Chỉ thị")
    RESOLUTION = "resolution", _("Nghị quyết")
    DECISION = "decision", _("Quyết định")


def all_task_kinds() -> list[str]:
    return list(TaskKind.values)


def all_grades() -> list[str]:
    return list(Grade.values)


class Programme(TimeStampedModel):
    """A regulation or plan (e.g. Quy định 30-QĐ/TU ngày 20/5/2020) a unit runs for the people it manages."""

    number = models.CharField(_("số văn bản"), max_length=50, help_text=_("Ví dụ: 30-QĐ/TU"))
    document_kind = models.CharField(
        _("loại văn bản"), max_length=20, choices=DocumentKind.choices, default=DocumentKind.REGULATION
    )
    title = models.CharField(_("trích yếu"), max_length=500)
    issued_on = models.DateField(_("ngày ban hành"))
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="programmes"
    )
    task_kinds = models.JSONField(_("loại việc được đăng ký"), default=all_task_kinds)
    min_tasks_per_assignee = models.PositiveSmallIntegerField(
        _("số việc tối thiểu mỗi người, mỗi kỳ"), default=1
    )
    max_tasks_per_assignee = models.PositiveSmallIntegerField(
        _("số việc tối đa mỗi người, mỗi kỳ"), default=5
    )
    registration_opens = models.DateField(_("mở đăng ký từ ngày"))
    registration_closes = models.DateField(_("hạn đăng ký"))
    report_cadence = models.CharField(
        _("kỳ báo cáo tiến độ"), max_length=20, choices=ReportCadence.choices, default=ReportCadence.MONTHLY
    )
    grades = models.JSONField(_("thang đánh giá"), default=all_grades)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "number"]
        verbose_name = _("chương trình")
        verbose_name_plural = pgettext_lazy("plural", "chương trình")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_tasks_per_assignee__lte=models.F("max_tasks_per_assignee")),
                name="programme_min_le_max",
            ),
            models.CheckConstraint(
                condition=models.Q(registration_opens__lte=models.F("registration_closes")),
                name="programme_window_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_document_kind_display()} {self.number}"

    @property
    def cadence_days(self) -> int:
        return CADENCE_DAYS[ReportCadence(self.report_cadence)]


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Năm")
    PHASE = "phase", _("Giai đoạn")


class Period(TimeStampedModel):
    """năm 2024; giai đoạn 2021–2025. A task belongs to one period; a closed period is locked."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.PROTECT, related_name="periods"
    )
    name = models.CharField(_("tên kỳ"), max_length=50, help_text=_("Ví dụ: 2024; 2021–2025"))
    kind = models.CharField(_("loại kỳ"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR)
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    registration_opens = models.DateField(
        _("mở đăng ký từ ngày"), null=True, blank=True, help_text=_("Để trống: theo chương trình.")
    )
    registration_closes = models.DateField(
        _("hạn đăng ký"), null=True, blank=True, help_text=_("Để trống: theo chương trình.")
    )
    closed_at = models.DateTimeField(_("khóa lúc"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người khóa"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date", "name"]
        verbose_name = _("kỳ thực hiện")
        verbose_name_plural = pgettext_lazy("plural", "kỳ thực hiện")
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="unique_period_name"),
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")), name="period_dates_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def registration_window(self) -> tuple[datetime.date, datetime.date]:
        """The period's own window when set, else the programme's."""
        return (
            self.registration_opens or self.programme.registration_opens,
            self.registration_closes or self.programme.registration_closes,
        )


class Field(models.Model):
    """lĩnh vực: giải phóng mặt bằng, chuyển đổi số, ... Data, seeded and extended by organizers."""

    code = models.SlugField(_("mã"), max_length=50, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=200, unique=True)
    rank = models.PositiveSmallIntegerField(_("thứ tự"), default=100)
    is_active = models.BooleanField(_("đang dùng"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rank", "name"]
        verbose_name = _("lĩnh vực")
        verbose_name_plural = pgettext_lazy("plural", "lĩnh vực")

    def __str__(self) -> str:
        return self.name


STANDING_COMMITTEE = "standing_committee"


def decision_scan_path(instance: "Decision", filename: str) -> str:
    """Stored under a random name: the original name is kept in a field, never in the path."""
    return f"programmes/decisions/{instance.signed_on:%Y}/{uuid.uuid4().hex}.pdf"


class Decision(TimeStampedModel):
    """Quyết định phê duyệt đợt 1 (125-QĐ/TU): the numbered decision that approves tasks in a batch. Its
    signing date is the approval date of every task it approves. Once the signed scan is attached the
    decision is locked: its task list never changes again, a change is a new decision that amends it."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.PROTECT, related_name="decisions"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="decisions"
    )
    number = models.CharField(_("số quyết định"), max_length=50, help_text=_("Ví dụ: 125-QĐ/TU"))
    title = models.CharField(_("trích yếu"), max_length=500)
    signed_on = models.DateField(_("ngày ký"))
    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị ban hành"), on_delete=models.PROTECT, related_name="decisions"
    )
    batch_number = models.PositiveSmallIntegerField(_("đợt"), null=True, blank=True)
    signer_name = models.CharField(_("người ký"), max_length=200, blank=True)
    signer_post = models.CharField(
        _("chức vụ người ký"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Phó Bí thư Thường trực Tỉnh ủy"),
    )
    recipients = models.TextField(_("nơi nhận"), blank=True, help_text=_("Mỗi dòng một nơi nhận."))
    amends = models.ForeignKey(
        "self",
        verbose_name=_("sửa đổi, bổ sung quyết định"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="amendments",
    )
    scan = models.FileField(_("bản ký (PDF)"), upload_to=decision_scan_path, max_length=255, blank=True)
    scan_name = models.CharField(_("tên tệp bản ký"), max_length=255, blank=True)
    scan_uploaded_at = models.DateTimeField(_("khóa lúc (tải bản ký)"), null=True, blank=True)
    scan_uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải bản ký"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-signed_on", "-batch_number"]
        verbose_name = _("quyết định phê duyệt")
        verbose_name_plural = pgettext_lazy("plural", "quyết định phê duyệt")

    def __str__(self) -> str:
        return f"Quyết định {self.number} ngày {self.signed_on:%d/%m/%Y}"

    @property
    def is_locked(self) -> bool:
        """The signed scan is attached: no task is added to or removed from the decision any more."""
        return self.scan_uploaded_at is not None

    @property
    def signing_capacity(self) -> str:
        """ "T/M BAN THƯỜNG VỤ": a standing member signs on behalf of the standing committee; any other
        body signs on behalf of itself."""
        if self.issuing_unit.kind.code == STANDING_COMMITTEE:
            return "T/M BAN THƯỜNG VỤ"
        return f"T/M {self.issuing_unit.name.upper()}"

    @property
    def recipient_lines(self) -> list[str]:
        return [line.strip(" -") for line in self.recipients.splitlines() if line.strip(" -")]


class RoutineDuty(TimeStampedModel):
    """nhiệm vụ thường xuyên: a unit's regular, statutory duty as its functions list it, which a programme
    records so that a task merely restating it is shown to the approver as such (it is not a breakthrough)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.CASCADE, related_name="routine_duties"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="routine_duties"
    )
    text = models.TextField(_("nhiệm vụ"), help_text=_("Như chức năng, nhiệm vụ của đơn vị ghi."))
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name", "pk"]
        verbose_name = _("nhiệm vụ thường xuyên của đơn vị")
        verbose_name_plural = pgettext_lazy("plural", "nhiệm vụ thường xuyên của đơn vị")

    def __str__(self) -> str:
        return self.text
