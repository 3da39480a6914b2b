"""One import per user at a time: reading a workbook costs memory and time, so a user (or a script with
their account) cannot start four at once."""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.imports.models import ImportInProgress
from dotpha.imports.reader import WorkbookError

BUSY_MESSAGE = (
    "Bạn đang có một lượt nhập đang xử lý; hãy đợi lượt đó xong (vài giây đến một phút) rồi thử lại."
)
ABANDONED_AFTER_MARGIN = 60  # seconds past the reading's own time limit


@contextmanager
def import_slot(user: User) -> Iterator[None]:
    """Hold the user's only import slot while the body runs; WorkbookError(BUSY_MESSAGE) if it is taken."""
    claimed = _claim(user)
    if claimed is None:
        raise WorkbookError(BUSY_MESSAGE)
    try:
        yield
    finally:
        # By id: should this one have been taken over as abandoned, the newer holder keeps its slot.
        ImportInProgress.objects.filter(pk=claimed).delete()


def _claim(user: User) -> int | None:
    seconds = settings.DOTPHA_IMPORT_PARSE_SECONDS + ABANDONED_AFTER_MARGIN
    abandoned = timezone.now() - datetime.timedelta(seconds=seconds)
    ImportInProgress.objects.filter(user=user, started_at__lt=abandoned).delete()
    try:
        with transaction.atomic():
            return ImportInProgress.objects.create(user=user).pk
    except IntegrityError:
        return None
