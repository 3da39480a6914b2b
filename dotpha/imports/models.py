"""What the imports app stores: only the marker of an import being read, one per user at most."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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
