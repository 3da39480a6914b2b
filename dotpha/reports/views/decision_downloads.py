"""The annex of an approval decision in Word and Excel, written by the reports' exporters
(exports/decision_annex.py). Its addresses stay on the decision's, /programmes/decisions/<pk>/annex.docx and
.xlsx in the `programmes` namespace (config/urls.py adds `decision_urlpatterns` to programmes' own), and so
does its access check: whoever may open the decision (programmes' open_decision), others 403, a decision
outside the scope 404."""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import translation
from django.views.decorators.http import require_GET

from dotpha.accounts.http import AuthedHttpRequest
from dotpha.audit.models import ReadKind
from dotpha.audit.services import record_read
from dotpha.programmes.decision_register import annex_filename
from dotpha.programmes.decision_views import open_decision
from dotpha.programmes.models import Decision
from dotpha.reports.exports.decision_annex import annex_docx, annex_xlsx
from dotpha.reports.exports.word import DOCX_TYPE
from dotpha.reports.exports.xlsx import XLSX_TYPE


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _record_export(request: AuthedHttpRequest, decision: Decision, filename: str) -> None:
    """The annex names cadres, their posts and units: its download is logged like every export."""
    record_read(
        user=request.user,
        kind=ReadKind.EXPORT,
        subject="decision_annex",
        object_id=decision.pk,
        object_repr=f"Phụ lục Quyết định số {decision.number}: {filename}",
        unit=decision.issuing_unit,
        scope=decision.issuing_unit.name,
    )


# The annex in each format: how to build it and its content type.
ANNEX_FORMATS: dict[str, tuple[Callable[[Decision], bytes], str]] = {
    "docx": (annex_docx, DOCX_TYPE),
    "xlsx": (annex_xlsx, XLSX_TYPE),
}


def _annex(request: AuthedHttpRequest, pk: int, extension: str) -> HttpResponse:
    decision = open_decision(request, pk)
    build, content_type = ANNEX_FORMATS[extension]
    filename = annex_filename(decision, extension)
    _record_export(request, decision, filename)
    with translation.override(settings.LANGUAGE_CODE):  # the decision's annex is Vietnamese, as filed
        content = build(decision)
    return _download(content, filename, content_type)


@login_required
@require_GET
def decision_annex_docx(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _annex(request, pk, "docx")


@login_required
@require_GET
def decision_annex_xlsx(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    return _annex(request, pk, "xlsx")
