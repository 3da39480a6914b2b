"""The signed scan of a decision: a PDF, size capped, and parsed (pypdf) as task evidence is, so a renamed
file or an HTML page claiming to be a PDF is refused."""

from pathlib import PurePath

from django.core.files.base import File

from dotpha.core.errors import ApplicationError
from dotpha.core.file_content import content_matches

MAX_SCAN_BYTES = 20 * 1024 * 1024


def check_scan(file: File) -> None:
    name = PurePath(file.name or "").name
    if PurePath(name).suffix.lower() != ".pdf":
        raise ApplicationError(
            f"Tệp “{name}” không được chấp nhận: bản ký phải là tệp PDF.", code="file_type"
        )
    size = file.size or 0
    if size == 0:
        raise ApplicationError(f"Tệp “{name}” rỗng.", code="file_empty")
    if size > MAX_SCAN_BYTES:
        raise ApplicationError(
            f"Tệp “{name}” vượt quá dung lượng cho phép (tối đa {MAX_SCAN_BYTES // (1024 * 1024)} MB).",
            code="file_size",
        )
    if not content_matches(".pdf", file):
        raise ApplicationError(f"Nội dung tệp “{name}” không đúng định dạng PDF.", code="file_content")
