"""The printable annex of an approval decision, in the party's document layout (Guidance 36-HD/VPTW): the
committee and "Số 125-QĐ/TU" on the left, "ĐẢNG CỘNG SẢN VIỆT NAM" with place and date on the right, the
title, the table of approved tasks (STT, cadre, post, unit, task, deadline), "T/M BAN THƯỜNG VỤ" with the
signer, and the recipients. Word is written with python-docx, whose runs escape what users typed; Excel
writes user text as text (text_cells)."""

import datetime
import io
from dataclasses import dataclass

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from dotpha.core.text_cells import merge_text, write_value
from dotpha.programmes.decision_register import AnnexRow, annex_rows, committee_name, province_name
from dotpha.programmes.models import Decision
from dotpha.reports.exports.docx_template import CENTER, _cell, _para, _row, _set_font, _table
from dotpha.reports.exports.xlsx import Book
from dotpha.reports.formatting import place_name

PARTY = "ĐẢNG CỘNG SẢN VIỆT NAM"
COLUMNS = ["STT", "Họ và tên", "Chức vụ", "Đơn vị", "Việc đột phá, đổi mới được phê duyệt", "Thời hạn"]
LEFT = WD_ALIGN_PARAGRAPH.LEFT


def _day(day: datetime.date | None) -> str:
    return f"{day:%d/%m/%Y}" if day else ""


def party_date_line(place: str, day: datetime.date) -> str:
    """Party documents write a day and a month below 10 with a leading zero: "ngày 15 tháng 03 năm 2021"."""
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


@dataclass
class Annex:
    committee: str
    number_line: str
    date_line: str
    title: str
    subtitle: str
    amends_line: str
    rows: list[AnnexRow]
    capacity: str
    signer_post: str
    signer_name: str
    recipients: list[str]


def annex_of(decision: Decision) -> Annex:
    amends = decision.amends
    return Annex(
        committee=committee_name(decision).upper(),
        number_line=f"Số {decision.number}",
        date_line=party_date_line(place_name(province_name(decision)), decision.signed_on),
        title=decision.title,
        subtitle=f"(Kèm theo Quyết định số {decision.number} ngày {decision.signed_on:%d/%m/%Y})",
        amends_line=(
            f"Sửa đổi, bổ sung Quyết định số {amends.number} ngày {amends.signed_on:%d/%m/%Y}"
            if amends
            else ""
        ),
        rows=annex_rows(decision),
        capacity=decision.signing_capacity,
        signer_post=decision.signer_post.upper(),
        signer_name=decision.signer_name,
        recipients=decision.recipient_lines,
    )


def annex_docx(decision: Decision) -> bytes:
    annex = annex_of(decision)
    doc = Document()
    _set_font(doc.styles["Normal"], 14)
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(25), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    doc.core_properties.title = annex.title
    doc.core_properties.author = "Đột phá"

    heading = _table(doc, [110, 140], grid=False)
    left, right = heading.add_row().cells
    _cell(left, annex.committee, size=13, bold=True)
    _para(left, "*", size=13, align=CENTER, after=0)
    _para(left, annex.number_line, size=13, align=CENTER, after=0)
    _cell(right, PARTY, size=14, bold=True).runs[0].underline = True
    _para(right, "", align=CENTER, after=0)
    _para(right, annex.date_line, size=14, italic=True, align=CENTER, after=0)

    _para(doc, "", after=0)
    _para(doc, "PHỤ LỤC", size=14, bold=True, align=CENTER, after=0)
    _para(doc, "DANH SÁCH VIỆC ĐỘT PHÁ, ĐỔI MỚI ĐƯỢC PHÊ DUYỆT", size=14, bold=True, align=CENTER, after=0)
    _para(doc, annex.title, size=14, bold=True, align=CENTER, after=0)
    _para(doc, annex.subtitle, size=13, italic=True, align=CENTER, after=0)
    if annex.amends_line:
        _para(doc, f"({annex.amends_line})", size=13, italic=True, align=CENTER, after=0)
    _para(doc, "-----", size=14, align=CENTER, after=6)

    table = _table(doc, [14, 45, 45, 50, 92, 22])
    _row(table, COLUMNS, bold=True)
    for row in annex.rows:
        _row(
            table,
            [str(row.number), row.assignee, row.post, row.unit, row.title, _day(row.deadline)],
            left=(1, 2, 3, 4),
        )
    _para(doc, "", after=6)

    signature = _table(doc, [130, 120], grid=False)
    left, right = signature.add_row().cells
    _cell(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT)
    for recipient in annex.recipients:
        _para(left, f"- {recipient}", size=11, align=LEFT, after=0)
    _cell(right, annex.capacity, size=14, bold=True)
    if annex.signer_post:
        _para(right, annex.signer_post, size=14, bold=True, align=CENTER, after=0)
    for _ in range(3):
        _para(right, "", align=CENTER, after=0)
    _para(right, annex.signer_name, size=14, bold=True, align=CENTER, after=0)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def annex_xlsx(decision: Decision) -> bytes:
    annex = annex_of(decision)
    book = Book()
    fmt = book.fmt
    ws = book.sheet("Phụ lục")
    widths: list[float] = [6, 24, 26, 30, 60, 12]
    last = len(widths) - 1
    merge_text(ws, 0, 0, 0, 2, annex.committee, fmt.issuer_bold)
    merge_text(ws, 1, 0, 1, 2, annex.number_line, fmt.issuer)
    merge_text(ws, 0, 3, 0, last, PARTY, fmt.motto)
    merge_text(ws, 1, 3, 1, last, annex.date_line, fmt.subtitle)
    merge_text(ws, 3, 0, 3, last, "DANH SÁCH VIỆC ĐỘT PHÁ, ĐỔI MỚI ĐƯỢC PHÊ DUYỆT", fmt.title)
    merge_text(ws, 4, 0, 4, last, annex.title, fmt.title)
    merge_text(ws, 5, 0, 5, last, annex.subtitle, fmt.subtitle)
    row = 6
    if annex.amends_line:
        merge_text(ws, row, 0, row, last, f"({annex.amends_line})", fmt.subtitle)
        row += 1
    row = book.header(ws, row + 1, COLUMNS, widths)
    for item in annex.rows:
        write_value(ws, row, 0, item.number, fmt.center)
        for col, text in enumerate([item.assignee, item.post, item.unit, item.title], start=1):
            write_value(ws, row, col, text, fmt.text)
        write_value(ws, row, 5, _day(item.deadline), fmt.center)
        row += 1
    row += 1
    merge_text(ws, row, 3, row, last, annex.capacity, fmt.issuer_bold)
    if annex.signer_post:
        merge_text(ws, row + 1, 3, row + 1, last, annex.signer_post, fmt.issuer_bold)
    merge_text(ws, row + 5, 3, row + 5, last, annex.signer_name, fmt.issuer_bold)
    merge_text(ws, row, 0, row, 2, "Nơi nhận:", fmt.issuer_bold)
    for offset, recipient in enumerate(annex.recipients, start=1):
        merge_text(ws, row + offset, 0, row + offset, 2, f"- {recipient}", fmt.issuer)
    return book.close()
