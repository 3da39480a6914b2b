"""Whether an evidence file's content is what its name claims: the first bytes alone let through an HTML
page that merely contains "%PDF-" or a renamed zip, so each kind is also opened by a reader of that kind,
reading no more than it needs (a PDF's cross-reference and page count, an image's header and checksums,
an Office file's list of parts)."""

import zipfile
from typing import IO

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls (Office 97-2003): no reader here, the signature only
_ZIP = b"PK\x03\x04"
_OFFICE_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
_IMAGE_FORMAT = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}
_IMAGE_SIGNATURE = {"JPEG": b"\xff\xd8\xff", "PNG": b"\x89PNG\r\n\x1a\n"}

EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".jpg", ".jpeg", ".png")


def content_matches(extension: str, file: IO[bytes]) -> bool:
    """`extension` is one of EXTENSIONS, lower case. The file is read from its start and left there."""
    try:
        return _matches(extension, file)
    finally:
        file.seek(0)


def _matches(extension: str, file: IO[bytes]) -> bool:
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if extension == ".pdf":
        return head.startswith(b"%PDF-") and _parses_as_pdf(file)
    if extension in (".doc", ".xls"):
        return head.startswith(_OLE)
    if extension in _OFFICE_MAIN_PART:
        return head.startswith(_ZIP) and _is_office_file(file, _OFFICE_MAIN_PART[extension])
    if extension in _IMAGE_FORMAT:
        kind = _IMAGE_FORMAT[extension]
        return head.startswith(_IMAGE_SIGNATURE[kind]) and _is_image(file, kind)
    return False


def _parses_as_pdf(file: IO[bytes]) -> bool:
    """The header at byte 0, then pypdf finds the cross-reference, the trailer and at least one page. Only
    the page tree is read, no page content is decompressed; pypdf caps any stream it does unpack."""
    try:
        reader = PdfReader(file, strict=False)
        if reader.is_encrypted:  # read as far as its password allows: a PDF all the same
            return True
        return len(reader.pages) > 0
    except Exception:  # pypdf raises many kinds for a broken file; each means "not a PDF" here
        return False


def _is_image(file: IO[bytes], kind: str) -> bool:
    """Pillow reads the header (refusing a decompression bomb's size) and verifies the chunks without
    decoding the pixels."""
    try:
        with Image.open(file, formats=[kind]) as image:
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        return False
    return True


def _is_office_file(file: IO[bytes], main_part: str) -> bool:
    """A zip whose directory lists [Content_Types].xml and the document's main part: nothing unpacked."""
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False
    return "[Content_Types].xml" in names and main_part in names
