"""The rating list the standing committee reviews, as Excel and as Word: registered as the "ratings" and
"ratings_docx" exports of the reports app (so a long list is built in the background like every other
export, and every file is logged as a read of personal data). Both are the year's list the user sees on
/ratings/ (`year_list`): the same rows, the same points per criteria group, the same quota table.

Excel writes what users typed as text (`text_cells`); Word uses python-docx (its runs escape it)."""

import datetime
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from dotpha.accounts.models import User
from dotpha.core.text_cells import write_value
from dotpha.programmes.models import Grade
from dotpha.ratings.selectors import ratings_visible_to
from dotpha.ratings.year_list import ListRow, QuotaLine, YearList, year_list
from dotpha.reports.exports.catalogue import ExportFile, ExportKind, register
from dotpha.reports.exports.docx_template import CENTER, _cell, _para, _row, _set_font, _table
from dotpha.reports.exports.word import DOCX_TYPE
from dotpha.reports.exports.xlsx import FONT, XLSX_TYPE, Book
from dotpha.reports.heading import Heading, default_heading
from dotpha.reports.permissions import can_read_reports, default_root
from dotpha.reports.selectors import StatsFilter

NO_PROPOSAL = "Chưa đủ căn cứ"
LEAD = ("STT", 6), ("Họ và tên", 24), ("Chức vụ, đơn vị công tác", 36), ("Cấp có thẩm quyền", 24)
# an unscored year (Decree 90/2020) is proposed from the grades of its results: their counts
COUNTS = [
    ("Số kết quả", 10),
    ("Hoàn thành xuất sắc", 11),
    ("Hoàn thành tốt", 11),
    ("Hoàn thành", 11),
    ("Không hoàn thành", 11),
    ("Trước kế hoạch", 11),
]
TAIL = ("Mức đề xuất", 22), ("Mức xếp loại", 22), ("Nhận xét của cấp có thẩm quyền", 40)
QUOTA_COLUMNS = [
    "Đơn vị",
    "Nhóm chức trách tương đồng",
    "Hoàn thành tốt",
    "Hoàn thành xuất sắc",
    "Tối đa được xuất sắc",
    "Vượt tỷ lệ",
    "Cán bộ xuất sắc",
    "Lý do vượt tỷ lệ đã nêu",
]


def title_of(year: int) -> str:
    return f"DANH SÁCH XẾP LOẠI CHẤT LƯỢNG CÁN BỘ NĂM {year}"


@dataclass(frozen=True)
class RatingsRequest:
    year: int


def _parse(user: User, data: Mapping[str, str]) -> RatingsRequest:
    if not can_read_reports(user):
        raise PermissionDenied
    raw = str(data.get("year", ""))
    return RatingsRequest(year=int(raw) if raw.isdigit() else timezone.localdate().year - 1)


def _estimate(user: User, request: RatingsRequest, today: datetime.date) -> int:
    return ratings_visible_to(user).filter(year=request.year).count()


def _heading(user: User, year: int, today: datetime.date) -> Heading | None:
    root = default_root(user)
    return default_heading(root, StatsFilter(year=year), today=today) if root else None


def _subtitle(listing: YearList) -> list[str]:
    lines = ["(Kèm theo kết quả thực hiện nhiệm vụ trong năm; trình Ban Thường vụ xem xét, quyết định)"]
    if listing.scheme is not None:
        lines.append(f"Bộ tiêu chí áp dụng: {listing.scheme.name}")
    return lines


def columns(listing: YearList) -> list[tuple[str, float]]:
    if listing.scored:
        points = [(f"{g.name} (tối đa {g.maximum:.0f})", 13) for g in listing.groups]
        return [*LEAD, *points, ("Tổng điểm", 10), *TAIL]
    return [*LEAD, *COUNTS, *TAIL]


def _cells(row: ListRow, listing: YearList) -> list:
    line = row.line
    r = line.rating
    if listing.scored:
        middle: list = [g.points for g in row.points.groups] + [row.points.total]
    else:
        counts = [line.counts[g] for g in (Grade.EXCELLENT, Grade.GOOD, Grade.COMPLETED, Grade.NOT_COMPLETED)]
        middle = [line.graded, *counts, line.ahead]
    return [
        row.number,
        r.cadre.full_name,
        line.position,
        r.authority_unit.name,
        *middle,
        row.proposed_label or NO_PROPOSAL,
        row.level_label,
        r.comment,
    ]


def _quota_cells(q: QuotaLine) -> list:
    reasons = "; ".join(f"{name}: {reason}" for name, reason in q.exceptions)
    row = q.row
    return [
        row.unit_name,
        row.group_label,
        row.good,
        row.excellent,
        row.allowed,
        q.over_by,
        ", ".join(row.excellent_cadres),
        reasons,
    ]


def _xlsx(user: User, request: RatingsRequest, today: datetime.date, progress) -> ExportFile:
    listing = year_list(user, request.year)
    cols = columns(listing)
    book = Book()
    fmt = book.fmt
    ws = book.sheet(f"Xếp loại {request.year}")
    heading = _heading(user, request.year, today)
    row = 0
    if heading is not None:
        row = book.title_block(
            ws,
            heading=heading,
            title=title_of(request.year),
            lines=_subtitle(listing),
            width=len(cols),
            taken_on=today,
        )
    row = book.header(ws, row, [c for c, _w in cols], [w for _c, w in cols])
    # points keep their two decimals (68.83), as numbers
    points_format = book.workbook.add_format(
        {"font_name": FONT, "font_size": 12, "valign": "vcenter", "border": 1, "num_format": "0.00"}
    )
    for item in listing.rows:
        for col, value in enumerate(_cells(item, listing)):
            cell = (
                points_format
                if isinstance(value, Decimal)
                else fmt.int
                if isinstance(value, int)
                else fmt.text
            )
            write_value(ws, row, col, value, cell)  # names, positions, comments: user text, as text
        row += 1
    if listing.quota:
        row += 1  # a blank row, then the quota table under the same columns
        for col, label in enumerate(QUOTA_COLUMNS):
            ws.write_string(row, col, label, fmt.header)
        row += 1
        for q in listing.quota:
            for col, value in enumerate(_quota_cells(q)):
                write_value(ws, row, col, value, fmt.int if isinstance(value, int) else fmt.text)
            row += 1
    return ExportFile(f"xep-loai-can-bo-{request.year}.xlsx", XLSX_TYPE, book.close())


def vn_points(value: Decimal | None) -> str:
    """Points as the page shows them: two decimals with a comma (68,83); a dash when not scored yet."""
    return f"{value:.2f}".replace(".", ",") if value is not None else "—"


def _text_cells(row: ListRow, listing: YearList) -> list[str]:
    """The Excel row as Word prints it: points as on the page (an unscored group as a dash)."""
    cells = _cells(row, listing)
    points = range(len(LEAD), len(LEAD) + len(listing.groups) + 1) if listing.scored else range(0)
    return [
        vn_points(value) if col in points else str(value) if isinstance(value, int) else value
        for col, value in enumerate(cells)
    ]


def _docx(user: User, request: RatingsRequest, today: datetime.date, progress) -> ExportFile:
    listing = year_list(user, request.year)
    cols = columns(listing)
    doc = Document()
    _set_font(doc.styles["Normal"], 13)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    doc.core_properties.title = title_of(request.year)
    doc.core_properties.author = "Đột phá"
    heading = _heading(user, request.year, today)
    if heading is not None:
        top = _table(doc, [110, 150], grid=False)
        left, right = top.add_row().cells
        _cell(left, heading.issuer_parent, size=13)
        _para(left, heading.issuer, size=13, bold=True, align=CENTER, after=0)
        _cell(right, heading.motto[0], size=13, bold=True)
        if heading.motto[1]:
            _para(right, heading.motto[1], size=13, bold=True, align=CENTER, after=0)
        _para(right, heading.date_line, size=13, italic=True, align=CENTER, after=0)
    _para(doc, "", after=0)
    _para(doc, title_of(request.year), size=14, bold=True, align=CENTER, after=0)
    for line in _subtitle(listing):
        _para(doc, line, size=13, italic=True, align=CENTER, after=0)
    _para(doc, f"Số liệu đến ngày {today:%d/%m/%Y}", size=12, italic=True, align=CENTER, after=6)
    total_width = 257.0
    widths = [w for _c, w in cols]
    scale = total_width / sum(widths)
    table = _table(doc, [w * scale for w in widths])
    _row(table, [c for c, _w in cols], bold=True, size=10)
    for item in listing.rows:
        texts = _text_cells(item, listing)
        _row(table, texts, size=10, left=(1, 2, 3, len(texts) - 1))
    if listing.quota:
        _para(doc, "", after=0)
        _para(
            doc,
            "Tỷ lệ hoàn thành xuất sắc so với số hoàn thành tốt, theo đơn vị và nhóm chức trách tương đồng",
            size=13,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.LEFT,
            after=3,
        )
        quota = _table(doc, [45, 30, 20, 20, 20, 16, 50, 56])
        _row(quota, QUOTA_COLUMNS, bold=True, size=10)
        for q in listing.quota:
            _row(quota, [str(v) for v in _quota_cells(q)], size=10, left=(0, 1, 6, 7))
    out = io.BytesIO()
    doc.save(out)
    return ExportFile(f"xep-loai-can-bo-{request.year}.docx", DOCX_TYPE, out.getvalue())


register(
    ExportKind(
        code="ratings",
        label="Danh sách xếp loại chất lượng cán bộ (Excel)",
        parse=_parse,
        estimate=_estimate,
        build=_xlsx,
    )
)
register(
    ExportKind(
        code="ratings_docx",
        label="Danh sách xếp loại chất lượng cán bộ (Word)",
        parse=_parse,
        estimate=_estimate,
        build=_docx,
    )
)
