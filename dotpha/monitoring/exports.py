"""The year's monitoring summary as Excel, registered as the "monitoring_summary" export of the reports app:
a sheet by agency (the summary page's table) and a sheet by commune and monitoring cadre (plan, visits,
reports, the form and what it proposes). Both from `monitoring_summary`, the page's selector, so the file
and the page say the same. Names and units are user text, written as text (`text_cells`)."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404

from dotpha.accounts.models import User
from dotpha.core.text_cells import write_value
from dotpha.monitoring.models import MonitoringYear
from dotpha.monitoring.permissions import oversees
from dotpha.monitoring.selectors import AssignmentLine, DueState, SummaryRow, monitoring_summary
from dotpha.org.models import Unit
from dotpha.reports.exports.catalogue import ExportFile, ExportKind, register
from dotpha.reports.exports.xlsx import XLSX_TYPE, Book
from dotpha.reports.heading import default_heading
from dotpha.reports.selectors import StatsFilter

AGENCY_COLUMNS = [
    ("STT", 6),
    ("Cơ quan, đơn vị", 34),
    ("Cán bộ được phân công", 12),
    ("Phân công", 11),
    ("Xã có người theo dõi", 12),
    ("Phiếu đã nhận", 11),
    ("Phiếu phải gửi", 11),
    ("Lượt đi cơ sở", 11),
    ("Cán bộ được nhận xét", 12),
    ("Cán bộ được đề nghị khen thưởng", 14),
    ("Phiếu đề nghị khen thưởng", 13),
    ("Đề nghị thay thế", 11),
    ("Kế hoạch gửi muộn", 11),
    ("Kế hoạch quá hạn chưa gửi", 12),
    ("Báo cáo gửi muộn", 11),
    ("Báo cáo quá hạn chưa gửi", 12),
]
LINE_COLUMNS = [
    ("STT", 6),
    ("Xã, phường", 24),
    ("Cán bộ theo dõi", 24),
    ("Chức vụ, cơ quan", 34),
    ("Từ ngày", 12),
    ("Đến ngày", 12),
    ("Kế hoạch theo dõi", 16),
    ("Lượt đi cơ sở", 10),
    ("Báo cáo đúng hạn", 10),
    ("Báo cáo gửi muộn", 10),
    ("Báo cáo quá hạn chưa gửi", 11),
    ("Phiếu nhận xét", 14),
    ("Mức độ hoàn thành", 22),
    ("Đề nghị khen thưởng", 11),
    ("Đề nghị thay thế", 11),
]


@dataclass(frozen=True)
class MonitoringExportRequest:
    monitoring_year: MonitoringYear
    root: Unit  # the programme's scope (the export log names it)

    @property
    def year(self) -> int:
        return self.monitoring_year.year


def _parse(user: User, data: Mapping[str, str]) -> MonitoringExportRequest:
    """?year=<pk of the monitoring year>; only who oversees the programme (as for the summary page)."""
    raw = str(data.get("year", ""))
    year = (
        MonitoringYear.objects.select_related("programme__scope_unit", "programme__issuing_unit")
        .filter(pk=raw)
        .first()
        if raw.isdigit()
        else None
    )
    if year is None:
        raise Http404
    if not oversees(user, year.programme):
        raise PermissionDenied
    return MonitoringExportRequest(monitoring_year=year, root=year.programme.scope_unit)


def _agency_cells(n: int | str, label: str, row: SummaryRow) -> list:
    return [
        n,
        label,
        row.cadres_assigned,
        row.assignments,
        row.communes_covered,
        row.forms_received,
        row.forms_expected,
        row.visits,
        row.cadres_evaluated,
        row.cadres_commended,
        row.forms_commending,
        row.replacement_requests,
        row.plans_late,
        row.plans_missing,
        row.reports_late,
        row.reports_missing,
    ]


def _yes(flag: bool) -> str:
    return "Có" if flag else ""


def _line_cells(n: int, line: AssignmentLine) -> list:
    a = line.assignment
    form = line.feedback
    received = "Đã nhận" if form else "Chưa nhận"
    return [
        n,
        a.commune.name,
        a.cadre.full_name,
        f"{a.appointment.position}, {a.appointment.unit}",
        f"{a.start_date:%d/%m/%Y}",
        f"{a.end_date:%d/%m/%Y}" if a.end_date else "",
        line.plan.label if line.plan else "Không phải gửi",
        line.visits,
        line.reports[DueState.ON_TIME],
        line.reports[DueState.LATE],
        line.reports[DueState.MISSING],
        received if line.form_owed else "",  # a pair's form is owed once, on its latest assignment
        form.get_completion_level_display() if form else "",
        _yes(bool(form and form.proposes_commendation)),
        _yes(bool(form and form.requests_replacement)),
    ]


def _write(book: Book, ws, row: int, cells: list, *, total: bool = False) -> None:
    fmt = book.fmt
    for col, value in enumerate(cells):
        if isinstance(value, int) and col > 0:
            style = fmt.total_int if total else fmt.int
        else:
            style = fmt.total_text if total else fmt.text
        write_value(ws, row, col, value, style)


def _build(user: User, request: MonitoringExportRequest, today: datetime.date, progress) -> ExportFile:
    year = request.monitoring_year
    summary = monitoring_summary(year, today=today)
    heading = default_heading(year.programme.issuing_unit, StatsFilter(), today=today)
    book = Book()

    def sheet(name: str, columns: list[tuple[str, int]], title: str):
        ws = book.sheet(name)
        row = book.title_block(
            ws,
            heading=heading,
            title=title,
            lines=[
                f"{year.programme.number} — {year.programme.title}",
                f"Phạm vi: {request.root.name}; phân công tính đến ngày {summary.reference_day:%d/%m/%Y}",
            ],
            width=len(columns),
            taken_on=today,
        )
        return ws, book.header(ws, row, [c for c, _w in columns], [w for _c, w in columns])

    ws, row = sheet("Theo cơ quan", AGENCY_COLUMNS, f"TỔNG HỢP THEO DÕI XÃ, PHƯỜNG NĂM {year.year}")
    for n, agency_row in enumerate(summary.rows, start=1):
        label = agency_row.agency.name if agency_row.agency else ""
        _write(book, ws, row, _agency_cells(n, label, agency_row))
        row += 1
    _write(book, ws, row, _agency_cells("", "Tổng cộng", summary.total), total=True)

    ws, row = sheet("Theo xã, cán bộ", LINE_COLUMNS, f"KẾT QUẢ THEO DÕI XÃ, PHƯỜNG NĂM {year.year}")
    for n, line in enumerate(summary.lines, start=1):
        _write(book, ws, row, _line_cells(n, line))
        row += 1
    return ExportFile(f"tong-hop-theo-doi-xa-{year.year}.xlsx", XLSX_TYPE, book.close())


register(
    ExportKind(
        code="monitoring_summary",
        label="Tổng hợp theo dõi xã, phường (Excel)",
        parse=_parse,
        estimate=lambda user, request, today: 0,
        build=_build,
    )
)
