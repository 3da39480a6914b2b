"""Evidence files: which ones are accepted. Checked in the service, whatever the form already checked, so
the report page and the API refuse the same files."""

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _

from dotpha.core.errors import ApplicationError
from dotpha.core.file_content import EXTENSIONS, content_matches
from dotpha.core.photos import CleanPhoto, UnreadablePhoto, clean_photo
from dotpha.tasks.errors import TaskRefusal

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MEGABYTE = 1024 * 1024

ALLOWED_EXTENSIONS = EXTENSIONS
IMAGE_EXTENSIONS = (".jpg", ".jpeg", ".png")
# The phone offers its camera for images; the service checks each file again (type, size, content).
ACCEPT = ",".join(("image/jpeg", "image/png", *EXTENSIONS))


@dataclass(frozen=True)
class CleanFile:
    """A file ready to keep: an image re-encoded with the time and place read from it, any other kind as
    it came (checked by `validate_evidence`)."""

    file: File
    photo: CleanPhoto | None = None


def clean_evidence(file: File) -> CleanFile:
    """An image accepted by `validate_evidence` re-encoded in its own format under its own name (upright,
    downsized, no EXIF, comment or trailing bytes): a page showing it runs nothing glued to it. Done before
    anything is saved, so a photo Pillow cannot decode refuses the whole report."""
    name = PurePath(file.name or "").name
    if PurePath(name).suffix.lower() not in IMAGE_EXTENSIONS:
        return CleanFile(file)
    try:
        photo = clean_photo(file, keep_png=True)
    except UnreadablePhoto as exc:
        raise ApplicationError(
            _("Không đọc được ảnh “%(name)s”.") % {"name": name}, code=TaskRefusal.FILE_CONTENT
        ) from exc
    return CleanFile(ContentFile(photo.content, name=name), photo)


def validate_evidence_files(files: Sequence[File], *, kept_count: int = 0, kept_bytes: int = 0) -> None:
    """Files sent together for one report, `kept_count` files of `kept_bytes` already attached to it: the
    number and the total first (12 files of 9.9 MB were accepted), then each file."""
    limit = settings.DOTPHA_EVIDENCE_MAX_FILES
    if kept_count + len(files) > limit:
        if kept_count:
            raise ApplicationError(
                _("Mỗi báo cáo đính kèm tối đa %(limit)s tệp minh chứng (đã có %(kept)s tệp).")
                % {"limit": limit, "kept": kept_count},
                code=TaskRefusal.FILE_COUNT,
            )
        raise ApplicationError(
            _("Mỗi báo cáo đính kèm tối đa %(limit)s tệp minh chứng.") % {"limit": limit},
            code=TaskRefusal.FILE_COUNT,
        )
    total_limit = settings.DOTPHA_EVIDENCE_MAX_REPORT_BYTES
    total = kept_bytes + sum(file.size or 0 for file in files)
    if total > total_limit:
        raise ApplicationError(
            _(
                "Tổng dung lượng tệp minh chứng của một báo cáo tối đa %(limit)s MB "
                "(cả báo cáo thành %(total)s MB); hãy nén hoặc bớt tệp."
            )
            % {"limit": total_limit // MEGABYTE, "total": _megabytes(total)},
            code=TaskRefusal.FILE_TOTAL_SIZE,
        )
    for file in files:
        validate_evidence(file)


def validate_evidence(file: File) -> None:
    """Extension, size, then the content, so a renamed executable or an HTML page is refused too."""
    name = PurePath(file.name or "").name
    extension = PurePath(name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ApplicationError(
            _(
                "Tệp “%(name)s” không được chấp nhận: chỉ nhận PDF, Word (doc, docx), Excel (xls, xlsx), "
                "ảnh JPG, PNG."
            )
            % {"name": name},
            code=TaskRefusal.FILE_TYPE,
        )
    size = file.size or 0
    if size > MAX_EVIDENCE_BYTES:
        raise ApplicationError(
            _("Tệp “%(name)s” vượt quá dung lượng cho phép (tối đa 10 MB).") % {"name": name},
            code=TaskRefusal.FILE_SIZE,
        )
    if size == 0:
        raise ApplicationError(_("Tệp “%(name)s” rỗng.") % {"name": name}, code=TaskRefusal.FILE_EMPTY)
    if not content_matches(extension, file):
        raise ApplicationError(
            _("Nội dung tệp “%(name)s” không đúng định dạng %(type)s.")
            % {"name": name, "type": extension[1:].upper()},
            code=TaskRefusal.FILE_CONTENT,
        )


def _megabytes(size: int) -> str:
    """25,3 as Vietnamese writes decimals."""
    return f"{size / MEGABYTE:.1f}".replace(".", ",")
