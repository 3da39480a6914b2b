"""What the imports app stores: the marker of an import being read (one per user at most), and the task
imports the worker runs."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dotpha.core.models import BackgroundJob


class ImportInProgress(models.Model):
    """A user's import while its file is being read. The unique user makes a second import refused
    whichever process (web worker, command) starts it; the row is deleted when the reading ends, even
    in failure, and one older than the reading's time limit is taken as abandoned (a killed process)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.CASCADE, related_name="+"
    )
    started_at = models.DateTimeField(_("bắt đầu"), default=timezone.now)

    class Meta:
        verbose_name = _("lượt nhập đang xử lý")
        verbose_name_plural = pgettext_lazy("plural", "lượt nhập đang xử lý")

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.started_at:%H:%M:%S}"


class TaskImportStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang nhập")
    DONE = "done", _("Đã nhập xong")
    FAILED = "failed", pgettext_lazy("import status", "Lỗi")
    REFUSED = "refused", _("Bị từ chối, chưa lưu gì")


class TaskImportPhase(models.TextChoices):
    READING = "reading", _("Đang đọc tệp")
    CHECKING = "checking", _("Đang kiểm tra")
    WRITING = "writing", _("Đang ghi")


def task_import_job_path(instance: "TaskImportJob", filename: str) -> str:
    return f"imports/jobs/{instance.pk}.xlsx"


class TaskImportJob(BackgroundJob):
    """A task list too long to write in the web request, imported by the worker as the user who asked:
    where the tasks go and the user's answers on the preview, read, checked and written again from the
    job's own copy of the file (deleted when the job ends). What the page shows: the phase, the rows
    checked so far, then the summary or the issues that refused the file."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.CASCADE, related_name="+"
    )
    target = models.JSONField(_("chương trình, kỳ, quyết định"), default=dict)  # the target form's fields
    target_text = models.CharField(_("nơi nhập"), max_length=500, blank=True)
    answers = models.JSONField(_("lựa chọn của người nhập"), default=dict)
    file = models.FileField(_("tệp"), upload_to=task_import_job_path, max_length=300, blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=TaskImportStatus.choices, default=TaskImportStatus.QUEUED
    )
    phase = models.CharField(_("bước"), max_length=10, choices=TaskImportPhase.choices, blank=True)
    checked = models.PositiveIntegerField(_("số dòng đã kiểm tra"), default=0)
    summary = models.TextField(_("kết quả"), blank=True)
    issues = models.JSONField(_("lỗi"), default=list)  # the first issues: sheet, row, column, message
    issue_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("lượt nhập danh sách việc chạy nền")
        verbose_name_plural = pgettext_lazy("plural", "lượt nhập danh sách việc chạy nền")

    def __str__(self) -> str:
        return f"{self.filename} — {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (TaskImportStatus.DONE, TaskImportStatus.FAILED, TaskImportStatus.REFUSED)
