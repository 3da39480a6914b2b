"""Every file a user can export, by code: how its parameters are read (and access checked), how many rows
it will have, and how it is built. Small files come back at once; above `BACKGROUND_ROWS` rows they are
built by a background job (`dotpha.reports.tasks`).

Other apps register their exports in their AppConfig.ready() (the ratings list does):

    from dotpha.reports.exports.catalogue import ExportKind, register
    register(ExportKind(code="monitoring_summary", label="...", parse=..., estimate=..., build=...))
"""

import datetime
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.org.models import Unit
from dotpha.reports.annexes import (
    Progress,
    by_cadre,
    by_grade,
    cadre_annex_items,
    count_approved,
    grade_annex_items,
    items_of,
)
from dotpha.reports.exports.pdf import PDF_TYPE, render_pdf
from dotpha.reports.exports.reproducible import fixed_zip_times
from dotpha.reports.exports.statistics import cadre_annex_workbook, grade_annex_workbook, statistics_workbook
from dotpha.reports.exports.word import DOCX_TYPE, render_docx, template_bytes
from dotpha.reports.exports.xlsx import XLSX_TYPE
from dotpha.reports.forms import ReportHeadingForm, StatsFilterForm
from dotpha.reports.heading import Heading, default_heading, heading_from, report_year
from dotpha.reports.models import TemplateKind
from dotpha.reports.permissions import can_read_reports, can_read_unit_stats, default_root
from dotpha.reports.report import report_context
from dotpha.reports.selectors import StatsFilter, dashboard
from dotpha.reports.snapshots import (
    frozen_board,
    frozen_for,
    frozen_lines,
    frozen_report_context,
    stamp,
    taken_on,
)

BACKGROUND_ROWS = 2000
PDF_BACKGROUND_ROWS = 500


@dataclass(frozen=True)
class ExportFile:
    """A built file: its bytes, or for the long ones (`file`) a temporary file written row after row,
    read from its start (whoever takes it closes it, which deletes it)."""

    filename: str
    content_type: str
    data: bytes = b""
    file: IO[bytes] | None = None

    def read(self) -> bytes:
        if self.file is None:
            return self.data
        with self.file as handle:
            return handle.read()


@dataclass(frozen=True)
class ExportKind:
    code: str
    label: str
    parse: Callable[[User, Mapping[str, str]], Any]
    estimate: Callable[[User, Any, datetime.date], int]
    build: Callable[[User, Any, datetime.date, Progress | None], ExportFile]
    # above this many rows the file is built by a background job
    background_rows: int = BACKGROUND_ROWS


CATALOGUE: dict[str, ExportKind] = {}


def register(kind: ExportKind) -> None:
    CATALOGUE[kind.code] = kind


def export_kind(code: str) -> ExportKind:
    try:
        return CATALOGUE[code]
    except KeyError as exc:
        raise Http404 from exc


@dataclass(frozen=True)
class StatsRequest:
    root: Unit
    filter: StatsFilter
    heading: Heading

    @property
    def slug(self) -> str:
        year = report_year(self.filter)
        return f"{self.root.code}-{year}".strip("-").replace("/", "-") if year else self.root.code


def parse_stats(user: User, data: Mapping[str, str], *, today: datetime.date | None = None) -> StatsRequest:
    """The unit (default: where the user's statistics start), the filters and the heading typed on the
    report page. Raises PermissionDenied without a reporting role, Http404 for a unit out of scope."""
    if not can_read_reports(user):
        raise PermissionDenied
    root: Unit | None
    unit_id = data.get("unit")
    if unit_id:
        root = Unit.objects.filter(pk=unit_id).first() if str(unit_id).isdigit() else None
    else:
        root = default_root(user)
    if root is None or not can_read_unit_stats(user, root):
        raise Http404
    f = StatsFilterForm(data, user=user).stats_filter()
    form = ReportHeadingForm(data)
    form.is_valid()
    base = default_heading(root, f, today=today or timezone.localdate())
    return StatsRequest(root=root, filter=f, heading=heading_from(base, getattr(form, "cleaned_data", {})))


def _filters(request: StatsRequest) -> str:
    return ", ".join(request.filter.describe()) or "tất cả chương trình, kỳ"


def _statistics(
    user: User, request: StatsRequest, today: datetime.date, progress: Progress | None
) -> ExportFile:
    snapshot = frozen_for(request.root, request.filter)
    if snapshot is not None:
        board = frozen_board(snapshot, request.filter)
        data = statistics_workbook(board, request.heading, today=board.today, stamp=stamp(snapshot))
    else:
        data = statistics_workbook(
            dashboard(user, request.root, request.filter, today=today), request.heading, today=today
        )
    return ExportFile(f"thong-ke-viec-dot-pha-{request.slug}.xlsx", XLSX_TYPE, data)


def _annex_cadres_name(request: StatsRequest) -> str:
    return f"phu-luc-viec-theo-can-bo-{request.slug}.xlsx"


def _annex_cadres(
    user: User, request: StatsRequest, today: datetime.date, progress: Progress | None
) -> ExportFile:
    snapshot = frozen_for(request.root, request.filter)
    if snapshot is not None:
        file = cadre_annex_workbook(
            items_of(by_cadre(frozen_lines(snapshot))),
            request.heading,
            scope=snapshot.content["root"]["name"],
            filters=snapshot.content["filters"],
            today=taken_on(snapshot),
            stamp=stamp(snapshot),
        )
    else:
        items = cadre_annex_items(user, request.root, request.filter, today=today, progress=progress)
        file = cadre_annex_workbook(
            items, request.heading, scope=request.root.name, filters=_filters(request), today=today
        )
    return ExportFile(_annex_cadres_name(request), XLSX_TYPE, file=file)


def _annex_grades(
    user: User, request: StatsRequest, today: datetime.date, progress: Progress | None
) -> ExportFile:
    snapshot = frozen_for(request.root, request.filter)
    if snapshot is not None:
        groups = by_grade(frozen_lines(snapshot))
        file = grade_annex_workbook(
            groups,
            items_of(groups),
            request.heading,
            scope=snapshot.content["root"]["name"],
            filters=snapshot.content["filters"],
            today=taken_on(snapshot),
            stamp=stamp(snapshot),
        )
    else:
        groups, items = grade_annex_items(user, request.root, request.filter, today=today, progress=progress)
        file = grade_annex_workbook(
            groups, items, request.heading, scope=request.root.name, filters=_filters(request), today=today
        )
    return ExportFile(f"phu-luc-ket-qua-theo-muc-{request.slug}.xlsx", XLSX_TYPE, file=file)


def _report_context(
    user: User, request: StatsRequest, today: datetime.date, progress: Progress | None
) -> tuple[dict, datetime.datetime | None]:
    """The report's context, and for a closed period the moment its figures were frozen (the files then
    carry that date, not the day they were made: the same heading gives the same bytes)."""
    snapshot = frozen_for(request.root, request.filter)
    annex = _annex_cadres_name(request)
    if snapshot is not None:
        return frozen_report_context(snapshot, request.heading, annex_filename=annex), snapshot.taken_at
    return report_context(
        user,
        request.root,
        request.filter,
        request.heading,
        today=today,
        progress=progress,
        annex_filename=annex,
    ), None


ZIP_TYPE = "application/zip"


def _with_annex(
    report: ExportFile,
    user: User,
    request: StatsRequest,
    today: datetime.date,
    progress: Progress | None,
    frozen_at: datetime.datetime | None,
) -> ExportFile:
    """The report and the Excel annex its note names, in one .zip: one job, one download, and the two files
    stay together as the one dispatch an office files and forwards (the report's note names the annex's
    file). The annex is written row after row to a temporary file and copied into the archive in chunks."""
    annex = _annex_cadres(user, request, today, progress)
    # a closed period's archive carries the moment its figures were frozen, as its files do
    when = timezone.localtime(frozen_at) if frozen_at is not None else timezone.localtime()
    stamp_time = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    out = tempfile.TemporaryFile()  # noqa: SIM115  # handed over in the ExportFile, closed by its reader
    with zipfile.ZipFile(out, "w") as archive:
        entry = zipfile.ZipInfo(report.filename, date_time=stamp_time)
        archive.writestr(entry, report.data, compress_type=zipfile.ZIP_DEFLATED)
        # an .xlsx is a zip already: stored, not compressed twice
        entry = zipfile.ZipInfo(annex.filename, date_time=stamp_time)
        assert annex.file is not None  # the annex is always streamed to a temporary file
        with annex.file as source, archive.open(entry, "w", force_zip64=True) as target:
            shutil.copyfileobj(source, target, 1024 * 1024)
    out.seek(0)
    stem = report.filename.rsplit(".", 1)[0]
    return ExportFile(f"{stem}-kem-phu-luc.zip", ZIP_TYPE, file=out)


def _word(user: User, request: StatsRequest, today: datetime.date, progress: Progress | None) -> ExportFile:
    context, frozen_at = _report_context(user, request, today, progress)
    data = render_docx(template_bytes(TemplateKind.ANNUAL_REPORT, request.root), context)
    if frozen_at is not None:
        data = fixed_zip_times(data, frozen_at)
    report = ExportFile(f"bao-cao-viec-dot-pha-{request.slug}.docx", DOCX_TYPE, data)
    if context["annex"] is None:
        return report
    return _with_annex(report, user, request, today, progress, frozen_at)


def _pdf(user: User, request: StatsRequest, today: datetime.date, progress: Progress | None) -> ExportFile:
    context, frozen_at = _report_context(user, request, today, progress)
    data = render_pdf(context)  # the same context gives the same bytes (see exports.pdf)
    report = ExportFile(f"bao-cao-viec-dot-pha-{request.slug}.pdf", PDF_TYPE, data)
    if context["annex"] is None:
        return report
    return _with_annex(report, user, request, today, progress, frozen_at)


def _approved(user: User, request: StatsRequest, today: datetime.date) -> int:
    return count_approved(user, request.root, request.filter, today=today)


register(
    ExportKind(
        code="statistics",
        label="Bảng thống kê (Excel)",
        parse=parse_stats,
        estimate=lambda user, request, today: 0,
        build=_statistics,
    )
)
register(
    ExportKind(
        code="annex_cadres",
        label="Phụ lục: việc được giao theo cán bộ (Excel)",
        parse=parse_stats,
        estimate=_approved,
        build=_annex_cadres,
    )
)
register(
    ExportKind(
        code="annex_grades",
        label="Phụ lục: kết quả đánh giá theo mức (Excel)",
        parse=parse_stats,
        estimate=_approved,
        build=_annex_grades,
    )
)
register(
    ExportKind(
        code="report_docx", label="Báo cáo năm (Word)", parse=parse_stats, estimate=_approved, build=_word
    )
)
register(
    ExportKind(
        code="report_pdf",
        label="Báo cáo năm (PDF)",
        parse=parse_stats,
        estimate=_approved,
        build=_pdf,
        # laying out a PDF page takes far longer than writing a spreadsheet row
        background_rows=PDF_BACKGROUND_ROWS,
    )
)
