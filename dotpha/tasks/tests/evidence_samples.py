"""Real files of each accepted kind, made here, for the evidence tests: the service opens each one."""

import io
import random
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import NameObject, StreamObject


def pdf_bytes(size: int | None = None) -> bytes:
    """A one-page PDF; with `size`, exactly that long (an incompressible stream pads it)."""
    padding = 0
    while True:
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        if padding:
            stream = StreamObject()
            stream.set_data(random.Random(padding).randbytes(padding))
            writer._root_object[NameObject("/Padding")] = writer._add_object(stream)
        output = io.BytesIO()
        writer.write(output)
        data = output.getvalue()
        if size is None or len(data) == size:
            return data
        padding = max(1, padding + size - len(data))


def image_bytes(kind: str) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(output, format=kind)
    return output.getvalue()


def office_bytes(main_part: str) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<document/>")
    return output.getvalue()


def pdf(name: str = "bien-ban.pdf", size: int | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(size), content_type="application/pdf")


def png(name: str = "anh-hien-truong.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG"), content_type="image/png")


def jpeg(name: str = "anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG"), content_type="image/jpeg")


def docx(name: str = "bao-cao.docx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, office_bytes("word/document.xml"))


def xlsx(name: str = "so-lieu.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, office_bytes("xl/workbook.xml"))


def xls(name: str = "so-lieu.xls") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"0" * 100)
