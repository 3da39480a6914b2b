"""nhập thay: an assistant enters, for a leader who rarely types, what the leader then confirms as theirs.

`AssistantGrant`: the organizer who manages the leader lets one user draft for that leader between two dates.
`OnBehalfEntry`: one draft (a registration, a progress report or a self-assessment) held as the form's
fields, outside every task table: no figure, queue or timeline reads it. Confirming replays it through the
service the leader would call, as the leader; only then does it exist as the leader's act."""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.programmes.models import Period
from dotpha.tasks.models.evaluation import Evaluation
from dotpha.tasks.models.execution import ProgressReport
from dotpha.tasks.models.task import Task


class AssistantGrant(TimeStampedModel):
    """`assistant` may draft for `leader` from `valid_from` to `valid_to`, both days included, unless ended
    before (`ended_at`): an ended grant stays as the record of who could enter what, and when."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lãnh đạo"), on_delete=models.PROTECT, related_name="+"
    )
    assistant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trợ lý nhập thay"),
        on_delete=models.PROTECT,
        related_name="assistant_grants",
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(_("hiệu lực đến hết ngày"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người giao quyền"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ended_at = models.DateTimeField(_("chấm dứt lúc"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người chấm dứt"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-valid_to", "-pk"]
        verbose_name = _("quyền nhập thay")
        verbose_name_plural = _("quyền nhập thay")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__lte=models.F("valid_to")), name="assistant_grant_dates"
            ),
            models.CheckConstraint(
                condition=~models.Q(leader=models.F("assistant")), name="assistant_not_leader"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assistant} → {self.leader} ({self.valid_from:%d/%m/%Y}–{self.valid_to:%d/%m/%Y})"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.ended_at is None and self.valid_from <= day <= self.valid_to


class EntryKind(models.TextChoices):
    REGISTRATION = "registration", _("Đăng ký việc")
    PROGRESS_REPORT = "progress_report", _("Báo cáo tiến độ")
    SELF_ASSESSMENT = "self_assessment", _("Tự đánh giá")


class EntryStatus(models.TextChoices):
    PENDING = "pending", _("Chờ lãnh đạo xác nhận")
    CONFIRMED = "confirmed", _("Đã xác nhận")
    DISCARDED = "discarded", _("Đã bỏ")


class OnBehalfEntry(TimeStampedModel):
    """A draft entered by `entered_by` for `leader`. `payload` holds the fields as the service takes them
    (ids for rows, text for dates and numbers). After confirmation `task`, `report` or `evaluation` name what
    it became, so every place that shows it says who entered it and who confirmed it."""

    kind = models.CharField(_("loại"), max_length=20, choices=EntryKind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.PENDING
    )
    grant = models.ForeignKey(
        AssistantGrant, verbose_name=_("quyền nhập thay"), on_delete=models.PROTECT, related_name="entries"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lãnh đạo"), on_delete=models.PROTECT, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nhập thay"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # the task drafted for (a report, a self-assessment), or the task a confirmed registration created
    task = models.ForeignKey(
        Task,
        verbose_name=_("việc"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="on_behalf_entries",
    )
    period = models.ForeignKey(
        Period, verbose_name=_("kỳ"), on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    payload = models.JSONField(_("nội dung nhập thay"), default=dict)
    report = models.OneToOneField(
        ProgressReport,
        verbose_name=_("báo cáo tiến độ"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="on_behalf_entry",
    )
    evaluation = models.ForeignKey(
        Evaluation,
        verbose_name=_("đánh giá"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="on_behalf_entries",
    )
    decided_at = models.DateTimeField(_("xác nhận hoặc bỏ lúc"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("nội dung nhập thay")
        verbose_name_plural = _("nội dung nhập thay")
        indexes = [models.Index(fields=["leader", "status"], name="onbehalf_leader_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.entered_by} → {self.leader}"

    @property
    def title(self) -> str:
        """What the draft is about: the task's title, or the title typed for a registration."""
        if self.task is not None:
            return self.task.title
        return str(self.payload.get("title", ""))
