"""Word reports from a docxtpl template: for a unit's report, the newest template uploaded for the unit or
for its nearest ancestor that has one, else the default one. A template is checked against the allow-list
of `template_rules` and rendered in Jinja's immutable sandbox, with autoescape (names typed by users never
become Word markup) and strict undefined variables (a misspelt placeholder is an error, found when the
template is uploaded)."""

import io
import zipfile

from django.utils.translation import gettext as _
from jinja2 import TemplateError

from dotpha.core.errors import ApplicationError
from dotpha.org.models import Unit
from dotpha.reports.errors import ReportRefusal
from dotpha.reports.exports.docx_template import ANNUAL_REPORT
from dotpha.reports.exports.template_rules import (
    ReportDocxTemplate,
    TemplateRefused,
    check_source,
    sandbox,
    template_sources,
)
from dotpha.reports.models import ReportTemplate, TemplateKind

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEFAULTS = {TemplateKind.ANNUAL_REPORT: ANNUAL_REPORT}


class TemplateInvalid(ApplicationError):
    """The file is not a Word template that renders with the report's data; the message says why."""

    def __init__(self, message: str) -> None:
        super().__init__(message, code=ReportRefusal.TEMPLATE_INVALID)


def current_template(kind: str, unit: Unit) -> ReportTemplate | None:
    """The template a report of `unit` uses: the newest of the unit, else of its nearest ancestor."""
    paths = [unit.path[:end] for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    candidates = ReportTemplate.objects.filter(kind=kind, unit__path__in=paths).select_related("unit")
    return max(candidates, key=lambda t: (len(t.unit.path), t.created_at, t.pk), default=None)


def template_bytes(kind: str, unit: Unit) -> bytes:
    uploaded = current_template(kind, unit)
    if uploaded is not None:
        with uploaded.file.open("rb") as handle:
            return handle.read()
    return DEFAULTS[TemplateKind(kind)].read_bytes()


# a .docx is a zip: its unpacked size is capped before anything reads it (a small file can unpack to
# gigabytes); the default template unpacks to well under 1 MB
MAX_UNPACKED_BYTES = 50 * 1024 * 1024


def check_docx(template: bytes) -> None:
    """Raises TemplateInvalid when the file is not a .docx or uses anything outside the allow-list."""
    if not zipfile.is_zipfile(io.BytesIO(template)):
        raise TemplateInvalid(_("Tệp không phải là văn bản Word (.docx)."))
    try:
        with zipfile.ZipFile(io.BytesIO(template)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise TemplateInvalid(_("Không đọc được tệp mẫu Word.")) from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise TemplateInvalid(_("Tệp mẫu Word giải nén ra quá lớn (trên 50 MB)."))
    try:
        sources = template_sources(template)
    except Exception as exc:  # python-docx and lxml raise many kinds on a broken file; all mean the same
        raise TemplateInvalid(_("Không đọc được tệp mẫu Word.")) from exc
    try:
        for source in sources:
            check_source(source)
    except TemplateRefused as exc:
        raise TemplateInvalid(str(exc)) from exc


def render_docx(template: bytes, context: dict) -> bytes:
    """The filled document. Raises TemplateInvalid when the template cannot be read or rendered. The
    allow-list is checked here too, so a template stored before it existed never runs unchecked."""
    check_docx(template)
    try:
        doc = ReportDocxTemplate(io.BytesIO(template))
        doc.render(context, jinja_env=sandbox(), autoescape=True)
        out = io.BytesIO()
        doc.save(out)
    except TemplateRefused as exc:  # a source the sandbox parsed failed the allow-list
        raise TemplateInvalid(str(exc)) from exc
    except TemplateError as exc:
        raise TemplateInvalid(_("Mẫu có trường dữ liệu không hợp lệ: %(error)s") % {"error": exc}) from exc
    except (KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise TemplateInvalid(_("Không đọc được tệp mẫu Word.")) from exc
    return out.getvalue()
