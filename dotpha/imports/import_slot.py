"""One import per user at a time: reading a workbook costs memory and time, so a user (or a script with
their account) cannot start four at once."""

import datetime
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

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
# The users whose slot this thread of work holds for its own readings: a background import holds its
# user's slot for its whole run, and its reading of the file (which takes the slot too) must not find it
# taken.
_held: ContextVar[frozenset[int]] = ContextVar("import_slots_held", default=frozenset())


@contextmanager
def import_slot(user: User, *, wait: float = 0, own_readings: bool = False) -> Iterator[None]:
    """Hold the user's only import slot while the body runs; WorkbookError(BUSY_MESSAGE) if it is taken
    (after trying for `wait` seconds). `own_readings`: the slot taken again inside the body, in the same
    thread of work, is this one (the body simply runs); anything else still finds it taken."""
    held = _held.get()
    if user.pk in held:
        yield
        return
    claimed = _claim(user)
    deadline = time.monotonic() + wait
    while claimed is None and time.monotonic() < deadline:
        time.sleep(1)
        claimed = _claim(user)
    if claimed is None:
        raise WorkbookError(BUSY_MESSAGE)
    token = _held.set(held | {user.pk} if own_readings else held)
    try:
        yield
    finally:
        _held.reset(token)
        # By id: should this one have been taken over as abandoned, the newer holder keeps its slot.
        ImportInProgress.objects.filter(pk=claimed).delete()


def import_slot_renew(user: User) -> None:
    """A long holder (the worker's import) says it is alive, so its slot is not taken as abandoned."""
    ImportInProgress.objects.filter(user=user).update(started_at=timezone.now())


def _claim(user: User) -> int | None:
    seconds = settings.DOTPHA_IMPORT_PARSE_SECONDS + ABANDONED_AFTER_MARGIN
    abandoned = timezone.now() - datetime.timedelta(seconds=seconds)
    ImportInProgress.objects.filter(user=user, started_at__lt=abandoned).delete()
    try:
        with transaction.atomic():
            return ImportInProgress.objects.create(user=user).pk
    except IntegrityError:
        return None
