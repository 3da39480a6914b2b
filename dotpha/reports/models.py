"""What the reports app stores: the Word templates organizers upload for their unit (a unit's report uses
the newest template of the unit or of its nearest ancestor that has one) and the export jobs that build
long files in the background."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import BackgroundJob, TimeStampedModel


class TemplateKind(models.TextChoices):
    ANNUAL_REPORT = "annual_report", _("Báo cáo kết quả thực hiện chương trình việc đột phá, đổi mới năm")


def template_path(instance: "ReportTemplate", filename: str) -> str:
    return f"report_templates/{instance.kind}/{uuid.uuid4().hex}.docx"


class ReportTemplate(TimeStampedModel):
    """A replacement Word template of a unit's reports, checked when uploaded (only documented fields, and
    it renders with the report's data). It applies to the unit and the units below it that have none."""

    kind = models.CharField(_("loại mẫu"), max_length=40, choices=TemplateKind.choices)
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="report_templates"
    )
    file = models.FileField(_("tệp mẫu"), upload_to=template_path, max_length=300)
    original_name = models.CharField(_("tên tệp tải lên"), max_length=255)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mẫu báo cáo Word")
        verbose_name_plural = pgettext_lazy("plural", "mẫu báo cáo Word")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.unit} — {self.original_name}"


class ExportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo tệp")
    DONE = "done", _("Đã xong")
    FAILED = "failed", pgettext_lazy("export status", "Lỗi")


def export_path(instance: "ExportJob", filename: str) -> str:
    return f"exports/{instance.pk}/{filename}"


class ExportJob(BackgroundJob):
    """A long export, built by a background task as the user who asked for it, with that user's scope."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("loại tệp"), max_length=40)
    params = models.JSONField(_("tham số"), default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    file = models.FileField(_("tệp"), upload_to=export_path, max_length=300, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    content_type = models.CharField(max_length=120, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("tệp xuất chạy nền")
        verbose_name_plural = pgettext_lazy("plural", "tệp xuất chạy nền")

    def __str__(self) -> str:
        return f"{self.kind} — {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (ExportStatus.DONE, ExportStatus.FAILED)


class PeriodSnapshot(models.Model):
    """Số liệu chốt: every figure of a closed period as it stood when it was closed (the programme's
    statistics, every unit's figures, the task lines of the annexes and the parts other apps add), with
    who closed it and a hash of the content. The year's Word, PDF and Excel files of a closed period are
    built from it, so what was quoted to the press and the standing committee does not change after the
    fact; the live pages compare against it. Written once and never changed: reopening the period keeps it,
    closing again takes a new one (the newest is the one in force)."""

    period = models.ForeignKey(
        "programmes.Period", verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="snapshots"
    )
    root = models.ForeignKey(
        "org.Unit", verbose_name=_("đơn vị báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(_("chốt lúc"))
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chốt"), on_delete=models.PROTECT, related_name="+"
    )
    content = models.JSONField(_("số liệu"))
    content_hash = models.CharField(_("mã kiểm tra (SHA-256)"), max_length=64)

    class Meta:
        ordering = ["-taken_at", "-pk"]
        get_latest_by = ["taken_at", "pk"]
        verbose_name = _("số liệu chốt của kỳ")
        verbose_name_plural = pgettext_lazy("plural", "số liệu chốt của kỳ")

    def __str__(self) -> str:
        return f"{self.period} — {self.taken_at:%d/%m/%Y %H:%M}"

    @property
    def short_hash(self) -> str:
        return self.content_hash[:16]


class SnapshotPublication(models.Model):
    """Công bố kết quả: an organizer's decision to show a closed period's snapshot on the public pages
    (`/cong-khai/`), which anyone reads without signing in. Only aggregates are shown unless `names_public`
    (the organizers decided the list of tasks with the cadres' names is public too). Withdrawing keeps the
    row (`withdrawn_at`) and its history says who did what and why; publishing again clears it."""

    snapshot = models.OneToOneField(
        PeriodSnapshot, verbose_name=_("số liệu chốt"), on_delete=models.PROTECT, related_name="publication"
    )
    published_at = models.DateTimeField(_("công bố lúc"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người công bố"), on_delete=models.PROTECT, related_name="+"
    )
    names_public = models.BooleanField(_("công khai tên cán bộ"), default=False)
    withdrawn_at = models.DateTimeField(_("thôi công bố lúc"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("công bố kết quả")
        verbose_name_plural = pgettext_lazy("plural", "công bố kết quả")

    def __str__(self) -> str:
        return f"{self.snapshot} — {self.published_at:%d/%m/%Y}"

    @property
    def is_public(self) -> bool:
        return self.withdrawn_at is None


# The statistics' rollups (`dotpha.reports.rollups`): what each counted task adds to the figures, and the sums
# the board reads instead of counting the tasks. Keys are plain numbers and codes (0 or "" for none), so that
# one unique index finds a sum's row for the increments.
ROLLUP_KEYS = [
    "year",
    "last",
    "programme_id",
    "period_id",
    "home_unit_id",
    "field_id",
    "kind",
    "status",
    "progress",
    "grade",
    "ahead",
]
# the same sums without the cross of home unit, field and kind: what the board reads when no field or kind is
# chosen (its table by unit), and when every task counts under the root (its tables by field and kind, the
# trend) — a few rows per unit or per field where the whole cross has one per task or nearly. By field, the
# sums are kept per tree (the province holding the home unit): a province of an instance serving several reads
# its own, as a single province's board reads them all
HOME_ROLLUP_KEYS = [k for k in ROLLUP_KEYS if k not in ("field_id", "kind")]
FIELD_ROLLUP_KEYS = ["tree_path", *(k for k in ROLLUP_KEYS if k != "home_unit_id")]
CADRE_ROLLUP_KEYS = [
    "year",
    "last",
    "programme_id",
    "period_id",
    "home_unit_id",
    "cadre_id",
    "field_id",
    "kind",
]
# a unit dashboard's cadre table: each cadre's tasks by state (every counted status), without field and kind
CADRE_STATE_ROLLUP_KEYS = [
    "year",
    "last",
    "programme_id",
    "period_id",
    "home_unit_id",
    "cadre_id",
    "status",
    "progress",
    "grade",
    "ahead",
]


class _InPeriod(models.Model):
    """The year a row counts in, of which period of which programme."""

    year = models.PositiveSmallIntegerField()
    last = models.BooleanField()  # the period's last year: what counts when no year is chosen
    programme_id = models.BigIntegerField()
    period_id = models.BigIntegerField()

    class Meta:
        abstract = True


class _State(models.Model):
    """What a figure reads of a task: its status, progress state, the year's grade, ahead of plan."""

    status = models.CharField(max_length=20)
    progress = models.CharField(max_length=30)
    grade = models.CharField(max_length=20)
    ahead = models.BooleanField()

    class Meta:
        abstract = True


def _tree_path() -> models.CharField:
    """The path of the tree's root (a province) above the home unit, "" without one. Units never move between
    trees (a merger records a successor; paths stay), so a row's tree holds as long as its home unit."""
    return models.CharField(max_length=4, default="")  # `Unit.steplen`: a root's path


class CountedTask(_InPeriod, _State):
    """One year a counted task counts in (a year period: its year; a phase: each of its years), with the
    values the figures read that year (`rollups.counted_rows`): what it added to the sums, so that a change
    takes exactly that back out."""

    task = models.ForeignKey("tasks.Task", on_delete=models.CASCADE, related_name="+")
    home_unit_id = models.BigIntegerField()
    tree_path = _tree_path()
    field_id = models.BigIntegerField()
    kind = models.CharField(max_length=20)
    cadre_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("việc được đếm")

    def __str__(self) -> str:
        return f"{self.task_id} {self.year}"


class TaskRollup(_InPeriod, _State):
    """How many counted tasks share these values (the board's grouped lines, summed ahead)."""

    home_unit_id = models.BigIntegerField()
    field_id = models.BigIntegerField()
    kind = models.CharField(max_length=20)
    n = models.IntegerField()

    class Meta:
        verbose_name = _("số liệu tổng hợp")
        constraints = [models.UniqueConstraint(fields=ROLLUP_KEYS, name="task_rollup_key")]

    def __str__(self) -> str:
        return f"{self.year} {self.status}: {self.n}"


class HomeRollup(_InPeriod, _State):
    """`TaskRollup` summed over fields and kinds."""

    home_unit_id = models.BigIntegerField()
    n = models.IntegerField()

    class Meta:
        verbose_name = _("số liệu tổng hợp theo đơn vị")
        constraints = [models.UniqueConstraint(fields=HOME_ROLLUP_KEYS, name="home_rollup_key")]

    def __str__(self) -> str:
        return f"{self.year} {self.home_unit_id} {self.status}: {self.n}"


class FieldRollup(_InPeriod, _State):
    """`TaskRollup` summed over the home units of each tree."""

    tree_path = _tree_path()
    field_id = models.BigIntegerField()
    kind = models.CharField(max_length=20)
    n = models.IntegerField()

    class Meta:
        verbose_name = _("số liệu tổng hợp theo lĩnh vực")
        constraints = [models.UniqueConstraint(fields=FIELD_ROLLUP_KEYS, name="field_rollup_key")]

    def __str__(self) -> str:
        return f"{self.year} {self.field_id} {self.status}: {self.n}"


class CadreRollup(_InPeriod):
    """How many approved tasks of a cadre share these values (the board's distinct cadres per row)."""

    home_unit_id = models.BigIntegerField()
    cadre_id = models.BigIntegerField()
    field_id = models.BigIntegerField()
    kind = models.CharField(max_length=20)
    n = models.IntegerField()

    class Meta:
        verbose_name = _("số cán bộ tổng hợp")
        constraints = [models.UniqueConstraint(fields=CADRE_ROLLUP_KEYS, name="cadre_rollup_key")]

    def __str__(self) -> str:
        return f"{self.year} {self.cadre_id}: {self.n}"


class CadreStateRollup(_InPeriod, _State):
    """How many counted tasks of a cadre share these values (a unit dashboard's table by cadre)."""

    home_unit_id = models.BigIntegerField()
    cadre_id = models.BigIntegerField()
    n = models.IntegerField()

    class Meta:
        verbose_name = _("số liệu tổng hợp theo cán bộ")
        constraints = [models.UniqueConstraint(fields=CADRE_STATE_ROLLUP_KEYS, name="cadre_state_rollup_key")]

    def __str__(self) -> str:
        return f"{self.year} {self.cadre_id} {self.status}: {self.n}"


class RollupState(models.Model):
    """One row: the day the rollups' progress states were derived for (they move with the date), and the
    day a rebuild was last queued. The board reads the rollups only when `as_of` is today."""

    as_of = models.DateField(null=True)
    queued_on = models.DateField(null=True)

    def __str__(self) -> str:
        return str(self.as_of or "")


class RollupVersion(models.Model):
    """One row: a token that changes once every change of the rollups has committed. The board's sums are
    kept in each server process's memory under it (`selectors.rolled.cached_facts`): a new token, and
    every process reads the sums again. Not in `RollupState`, whose row the writers hold FOR SHARE while
    they write: the change of token, made after their commit, would wait for every other writer's."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token
