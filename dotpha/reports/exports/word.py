"""Word reports from a docxtpl template: the newest template an organizer uploaded, else the default one.
Always rendered with autoescape (names typed by users never become Word markup) and strict undefined
variables (a misspelt placeholder is an error, found when the template is uploaded)."""

import io
import zipfile

from docxtpl import DocxTemplate
from jinja2 import Environment, StrictUndefined, TemplateError

from dotpha.reports.exports.docx_template import ANNUAL_REPORT
from dotpha.reports.models import ReportTemplate, TemplateKind

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULTS = {TemplateKind.ANNUAL_REPORT: ANNUAL_REPORT}


class TemplateInvalid(Exception):
    """The file is not a Word template that renders with the report's data."""


def current_template(kind: str) -> ReportTemplate | None:
    return ReportTemplate.objects.filter(kind=kind).order_by("-created_at", "-pk").first()


def template_bytes(kind: str) -> bytes:
    uploaded = current_template(kind)
    if uploaded is not None:
        with uploaded.file.open("rb") as handle:
            return handle.read()
    return DEFAULTS[TemplateKind(kind)].read_bytes()


def render_docx(template: bytes, context: dict) -> bytes:
    """The filled document. Raises TemplateInvalid when the template cannot be read or rendered."""
    if not zipfile.is_zipfile(io.BytesIO(template)):
        raise TemplateInvalid("Tệp không phải là văn bản Word (.docx).")
    try:
        doc = DocxTemplate(io.BytesIO(template))
        doc.render(context, jinja_env=Environment(undefined=StrictUndefined), autoescape=True)
        out = io.BytesIO()
        doc.save(out)
    except TemplateError as exc:
        raise TemplateInvalid(f"Mẫu có trường dữ liệu không hợp lệ: {exc}") from exc
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateInvalid("Không đọc được tệp mẫu Word.") from exc
    return out.getvalue()
