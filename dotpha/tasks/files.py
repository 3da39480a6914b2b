"""Evidence files: which ones are accepted. Checked in the service, whatever the form already checked, so
the report page and the API refuse the same files."""

from collections.abc import Sequence
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import File

from dotpha.core.errors import ApplicationError
from dotpha.core.file_content import EXTENSIONS, content_matches

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MEGABYTE = 1024 * 1024

ALLOWED_EXTENSIONS = EXTENSIONS


def validate_evidence_files(files: Sequence[File], *, kept_count: int = 0, kept_bytes: int = 0) -> None:
    """Files sent together for one report, `kept_count` files of `kept_bytes` already attached to it: the
    number and the total first (12 files of 9.9 MB were accepted), then each file."""
    limit = settings.DOTPHA_EVIDENCE_MAX_FILES
    if kept_count + len(files) > limit:
        raise ApplicationError(
            f"Mỗi báo cáo đính kèm tối đa {limit} tệp minh chứng"
            + (f" (đã có {kept_count} tệp)." if kept_count else "."),
            code="file_count",
        )
    total_limit = settings.DOTPHA_EVIDENCE_MAX_REPORT_BYTES
    total = kept_bytes + sum(file.size or 0 for file in files)
    if total > total_limit:
        raise ApplicationError(
            f"Tổng dung lượng tệp minh chứng của một báo cáo tối đa {total_limit // MEGABYTE} MB "
            f"(cả báo cáo thành {_megabytes(total)} MB); hãy nén hoặc bớt tệp.",
            code="file_total_size",
        )
    for file in files:
        validate_evidence(file)


def validate_evidence(file: File) -> None:
    """Extension, size, then the content, so a renamed executable or an HTML page is refused too."""
    name = PurePath(file.name or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ApplicationError(
            f"Tệp “{name}” không được chấp nhận: chỉ nhận PDF, Word (doc, docx), Excel (xls, xlsx), "
            "ảnh JPG, PNG.",
            code="file_type",
        )
    size = file.size or 0
    if size > MAX_EVIDENCE_BYTES:
        raise ApplicationError(
            f"Tệp “{name}” vượt quá dung lượng cho phép (tối đa 10 MB).",
            code="file_size",
        )
    if size == 0:
        raise ApplicationError(f"Tệp “{name}” rỗng.", code="file_empty")
    if not content_matches(extension, file):
        raise ApplicationError(
            f"Nội dung tệp “{name}” không đúng định dạng {extension[1:].upper()}.", code="file_content"
        )


def _megabytes(size: int) -> str:
    """25,3 as Vietnamese writes decimals."""
    return f"{size / MEGABYTE:.1f}".replace(".", ",")
