import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        abstract = True


# the longest a job waits for the worker before its page says the worker may not be running: a worker takes
# a job within seconds, or finishes the one before it (a long export) within a few minutes
WORKER_WAIT = datetime.timedelta(minutes=5)


class BackgroundJob(TimeStampedModel):
    """A job the worker (`manage.py db_worker`) runs for a user: an export, an import. It waits, "queued",
    until the worker takes it; one that waits longer than `WORKER_WAIT` tells its page so, since a server
    without a running worker would otherwise show "Đang chờ" for ever."""

    status: str
    worker_wait_minutes = int(WORKER_WAIT.total_seconds()) // 60  # what the page says

    class Meta:
        abstract = True

    @property
    def waits_for_worker(self) -> bool:
        return self.status == "queued" and timezone.now() - self.created_at > WORKER_WAIT
