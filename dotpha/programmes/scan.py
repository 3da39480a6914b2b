"""The signed scan of a decision: a PDF, size capped, and parsed (pypdf) as task evidence is, so a renamed
file or an HTML page claiming to be a PDF is refused."""

from pathlib import PurePath

from django.core.files.base import File
from django.utils.translation import gettext as _

from dotpha.core.errors import ApplicationError
from dotpha.core.file_content import content_matches
from dotpha.programmes.errors import ProgrammeRefusal

MAX_SCAN_BYTES = 20 * 1024 * 1024


def check_scan(file: File) -> None:
    name = PurePath(file.name or "").name
    if PurePath(name).suffix.lower() != ".pdf":
        raise ApplicationError(
            _("Tệp “%(name)s” không được chấp nhận: bản ký phải là tệp PDF.") % {"name": name},
            code=ProgrammeRefusal.FILE_TYPE,
        )
    size = file.size or 0
    if size == 0:
        raise ApplicationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code=ProgrammeRefusal.FILE_EMPTY)
    if size > MAX_SCAN_BYTES:
        raise ApplicationError(
            _("Tệp “%(name)s” vượt quá dung lượng cho phép (tối đa %(megabytes)s MB).")
            % {"name": name, "megabytes": MAX_SCAN_BYTES // (1024 * 1024)},
            code=ProgrammeRefusal.FILE_SIZE,
        )
    if not content_matches(".pdf", file):
        raise ApplicationError(
            _("Nội dung tệp “%(name)s” không đúng định dạng PDF.") % {"name": name},
            code=ProgrammeRefusal.FILE_CONTENT,
        )
