"""Evidence files: which ones are accepted. Checked in the service, whatever the form already checked."""

from pathlib import PurePath

from django.core.files.base import File

from dotpha.core.errors import ApplicationError

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

_OLE = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)  # .doc, .xls (Office 97-2003)
_ZIP = (b"PK\x03\x04",)  # .docx, .xlsx (Office Open XML)
_JPEG = (b"\xff\xd8\xff",)
_PNG = (b"\x89PNG\r\n\x1a\n",)

# extension -> accepted leading bytes (PDF may have a little junk before its header: looked for in 1 KB)
ALLOWED_EXTENSIONS: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF-",),
    ".doc": _OLE,
    ".docx": _ZIP,
    ".xls": _OLE,
    ".xlsx": _ZIP,
    ".jpg": _JPEG,
    ".jpeg": _JPEG,
    ".png": _PNG,
}


def validate_evidence(file: File) -> None:
    """Extension, size, then the first bytes, so a renamed executable is refused too."""
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
    file.seek(0)
    head = file.read(1024)
    file.seek(0)
    signatures = ALLOWED_EXTENSIONS[extension]
    matches = (
        any(sig in head for sig in signatures)
        if extension == ".pdf"
        else any(head.startswith(sig) for sig in signatures)
    )
    if not matches:
        raise ApplicationError(
            f"Nội dung tệp “{name}” không đúng định dạng {extension[1:].upper()}.", code="file_content"
        )
