"""The task and its workflow states: the "5 rõ" (who, what, when, which result, who answers for it)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.core.search import normalize_words
from dotpha.org.models import Cadre, Unit
from dotpha.programmes.models import Decision, Field, Period, Programme, TaskKind


class TaskStatus(models.TextChoices):
    DRAFT = "draft", _("Nháp")
    SUBMITTED = "submitted", _("Chờ phê duyệt")
    RETURNED = "returned", _("Trả lại để hoàn thiện")
    APPROVED = "approved", _("Đã phê duyệt")
    REJECTED = "rejected", _("Không phê duyệt")


class TaskOrigin(models.TextChoices):
    REGISTERED = "registered", _("Đăng ký")
    ASSIGNED = "assigned", _("Giao trực tiếp")


EDITABLE_STATUSES = (TaskStatus.DRAFT, TaskStatus.RETURNED)
# What counts against the programme's maximum per assignee and period.
COUNTED_STATUSES = (TaskStatus.SUBMITTED, TaskStatus.APPROVED)
# The task list's sort key (index `task_deadline_seek`): the deadline, a task without one after every dated
# task on every database (SQLite sorts NULL first, PostgreSQL last).
NO_DEADLINE = datetime.date(9999, 12, 31)
DEADLINE_KEY = Coalesce(models.F("deadline"), models.Value(NO_DEADLINE))


class Task(TimeStampedModel):
    """One task with its "5 rõ": who, what, when, which result, who answers for it."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("chương trình"), on_delete=models.PROTECT, related_name="tasks"
    )
    # the foreign keys led by an index of Meta.indexes (`task_period_status`, `task_authority_status`) have no
    # index of their own: every write of a task would keep two
    period = models.ForeignKey(
        Period, verbose_name=_("kỳ"), on_delete=models.PROTECT, related_name="tasks", db_index=False
    )
    kind = models.CharField(
        _("loại việc"), max_length=20, choices=TaskKind.choices, default=TaskKind.BREAKTHROUGH
    )
    field = models.ForeignKey(
        Field,
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    # rõ việc
    title = models.CharField(_("tên việc"), max_length=500)
    description = models.TextField(_("nội dung, giải pháp"), blank=True)
    # rõ người: a cadre (cá nhân) or a unit (tập thể), never both
    assignee_cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("cán bộ được giao"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        db_index=False,  # task_cadre_period lead with it
    )
    assignee_unit = models.ForeignKey(
        Unit,
        verbose_name=_("tập thể được giao"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
        db_index=False,  # task_collective_period lead with it
    )
    co_cadres = models.ManyToManyField(
        Cadre,
        verbose_name=_("cán bộ phối hợp"),
        through="CoResponsibleCadre",
        blank=True,
        related_name="co_tasks",
    )
    co_units = models.ManyToManyField(
        Unit,
        verbose_name=_("đơn vị phối hợp"),
        through="CoResponsibleUnit",
        blank=True,
        related_name="co_tasks",
    )
    # rõ trách nhiệm
    accountable_cadre = models.ForeignKey(
        Cadre,
        verbose_name=_("người chịu trách nhiệm"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="accountable_tasks",
        help_text=_("Để trống với việc cá nhân: chính cán bộ được giao."),
    )
    # rõ tiến độ
    start_date = models.DateField(_("ngày bắt đầu"), null=True, blank=True)
    deadline = models.DateField(_("thời hạn hoàn thành"), null=True, blank=True)
    deadline_wording = models.CharField(
        _("thời hạn như văn bản ghi"),
        max_length=200,
        blank=True,
        help_text=_("Lời văn bản ghi (“Quý IV/2024”, “Giai đoạn 2021-2025”), giữ bên ngày đã hiểu."),
    )
    # rõ hiệu quả
    deliverable = models.TextField(_("sản phẩm"), blank=True)
    # workflow
    authority_unit = models.ForeignKey(
        Unit,
        verbose_name=_("cấp phê duyệt, đánh giá"),
        on_delete=models.PROTECT,
        related_name="authority_tasks",
        db_index=False,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người lập"),
        on_delete=models.PROTECT,
        related_name="authored_tasks",
    )
    origin = models.CharField(
        _("nguồn"), max_length=20, choices=TaskOrigin.choices, default=TaskOrigin.REGISTERED, editable=False
    )
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.DRAFT, db_index=True
    )
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phê duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.ForeignKey(
        Decision,
        verbose_name=_("quyết định phê duyệt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tasks",
    )
    review_comment = models.TextField(_("ý kiến của cấp phê duyệt"), blank=True)
    # normalize_words of the title and of the description: searched without diacritics, the title's
    # words ranking first (tasks.selectors.search); trigram indexes on PostgreSQL (migration 00xx)
    search_text = models.CharField(max_length=500, editable=False, db_index=True)
    search_description = models.TextField(editable=False, blank=True, default="")
    # Optimistic concurrency: every service call that changes the task or one of its rows (evaluation,
    # plan, reports…) adds one. A page or API client sends back the version it showed; a change based on
    # an older one is refused (services._common.check_version) instead of silently overwriting.
    version = models.PositiveIntegerField(_("phiên bản"), default=1, editable=False)
    history = HistoricalRecords(excluded_fields=["search_text", "search_description", "version"])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("việc")
        verbose_name_plural = pgettext_lazy("plural", "việc")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(assignee_cadre__isnull=False, assignee_unit__isnull=True)
                    | models.Q(assignee_cadre__isnull=True, assignee_unit__isnull=False)
                ),
                name="task_one_assignee",
            ),
            models.CheckConstraint(
                condition=models.Q(deadline__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(deadline__gte=models.F("start_date")),
                name="task_deadline_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "status"], name="task_period_status"),
            models.Index(fields=["authority_unit", "status"], name="task_authority_status"),
            # the task list, paged by seek in its order (selectors.seek): a page is a range of this index
            models.Index(DEADLINE_KEY, models.F("id"), name="task_deadline_seek"),
            # the approval queue in its default order (sent first), its few waiting tasks only; on PostgreSQL
            # it also holds what the queue's count filters on (the approver's tree, not their own), so that
            # counting a province's queue reads the index alone (104 → 16 ms for 50,000 waiting)
            models.Index(
                fields=["submitted_at", "id"],
                condition=models.Q(status=TaskStatus.SUBMITTED),
                include=["authority_unit", "assignee_cadre", "assignee_unit", "author", "origin"],
                name="task_queue_submitted",
            ),
            # the queue's newest, the look-alikes' candidates (`selectors.lookalikes`), with every column they
            # read: the planner cannot tell that a province's queue is all under its approver (it expects a
            # tenth), so it reads every waiting task and sorts them rather than walk this index; from the
            # index alone, on PostgreSQL, instead of 50,000 rows from the table (109 → 23 ms at a million)
            models.Index(
                fields=["created_at", "id"],
                condition=models.Q(status=TaskStatus.SUBMITTED),
                include=[
                    "authority_unit",
                    "assignee_cadre",
                    "assignee_unit",
                    "author",
                    "origin",
                    "search_text",
                ],
                name="task_queue_newest",
            ),
            # an assignee's tasks of a period, as the queue (how many they already carry), registration (who
            # is below the minimum) and the look-alikes count and read them; they serve every lookup by
            # assignee, so the foreign keys have no index of their own
            models.Index(fields=["assignee_cadre", "period", "status"], name="task_cadre_period"),
            models.Index(fields=["assignee_unit", "period", "status"], name="task_collective_period"),
            # an assignee's newest tasks but drafts, as the look-alikes read them (a few per assignee):
            # without the drafts, from the index alone (PostgreSQL), not from the table, 31 -> 19 ms for the
            # 366 assignees of a page at 100,000 tasks
            models.Index(
                fields=["assignee_cadre", "-created_at", "-id"],
                condition=~models.Q(status=TaskStatus.DRAFT),
                name="task_cadre_newest",
            ),
            models.Index(
                fields=["assignee_unit", "-created_at", "-id"],
                condition=~models.Q(status=TaskStatus.DRAFT),
                name="task_collective_newest",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.set_search_text()
        super().save(*args, **kwargs)

    def set_search_text(self) -> None:
        """The normalised copies searched; save() calls it, a bulk_create must call it for each task."""
        self.search_text = normalize_words(self.title)
        self.search_description = normalize_words(self.description)

    @property
    def assignee(self) -> Cadre | Unit:
        return self.assignee_cadre or self.assignee_unit  # type: ignore[return-value]

    @property
    def is_collective(self) -> bool:
        return self.assignee_unit_id is not None

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class CoResponsibleCadre(models.Model):
    """A cadre who works on the task beside its assignee (cán bộ phối hợp). One row per cadre, saved one by
    one so each addition and removal has its own history row."""

    task = models.ForeignKey(Task, verbose_name=_("việc"), on_delete=models.CASCADE, related_name="+")
    cadre = models.ForeignKey(
        Cadre, verbose_name=_("cán bộ phối hợp"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cán bộ phối hợp")
        verbose_name_plural = pgettext_lazy("plural", "cán bộ phối hợp")
        constraints = [models.UniqueConstraint(fields=["task", "cadre"], name="unique_co_cadre")]

    def __str__(self) -> str:
        return f"{self.cadre} — {self.task}"


class CoResponsibleUnit(models.Model):
    """A unit that works on the task beside its assignee (đơn vị phối hợp)."""

    task = models.ForeignKey(Task, verbose_name=_("việc"), on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name=_("đơn vị phối hợp"), on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đơn vị phối hợp")
        verbose_name_plural = pgettext_lazy("plural", "đơn vị phối hợp")
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="unique_co_unit")]

    def __str__(self) -> str:
        return f"{self.unit} — {self.task}"
