"""Read an uploaded workbook the safe way, for every import (pages and commands alike): the zip's
directory checked before anything is unpacked, the user's only import slot taken, then the reading done
in a child process with a ceiling on its memory and time (limited_process), so a file made to exhaust the
server fails alone and the user gets a Vietnamese message."""

from collections.abc import Callable

from django.conf import settings

from dotpha.accounts.models import User
from dotpha.imports.import_slot import import_slot
from dotpha.imports.limited_process import run_limited
from dotpha.imports.reader import ArchiveLimits, check_archive


def archive_limits() -> ArchiveLimits:
    return ArchiveLimits(
        unpacked_bytes=settings.DOTPHA_IMPORT_MAX_UNPACKED_BYTES,
        members=settings.DOTPHA_IMPORT_MAX_ARCHIVE_MEMBERS,
        ratio=settings.DOTPHA_IMPORT_MAX_COMPRESSION_RATIO,
    )


def read_upload[T](read: Callable[[bytes, ArchiveLimits], T], data: bytes, *, actor: User) -> T:
    """`read(data, limits)` run in a child process under the memory and time ceilings of the settings.
    Raises WorkbookError: the archive refused, the import slot taken, or the child's refusal."""
    limits = archive_limits()
    check_archive(data, limits)
    with import_slot(actor):
        return run_limited(
            read,
            data,
            limits,
            memory=settings.DOTPHA_IMPORT_PARSE_MEMORY_BYTES,
            seconds=settings.DOTPHA_IMPORT_PARSE_SECONDS,
        )
