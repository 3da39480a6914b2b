"""Builds the default Word template of the annual report (docx_templates/annual_report.docx) with
python-docx, in the format of Decree 30/2020: A4, margins 20/20/30/15 mm, Times New Roman 13–14, the
issuing body and the motto side by side, number, place and date, title, signer and recipients; the annexes
on landscape pages. Rebuild it with `python manage.py build_report_templates`.

Placeholders are docxtpl (Jinja) tags, each kept inside one run so an office editing the file in Word does
not split them. The context is `dotpha.reports.report.report_context`.
"""

import datetime
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table

from dotpha.reports.report import CADRE_ANNEX_COLUMNS, GRADE_ANNEX_COLUMNS, UNIT_ANNEX_COLUMNS

FONT = "Times New Roman"
TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "docx_templates"
ANNUAL_REPORT = TEMPLATE_DIR / "annual_report.docx"
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _set_font(style_or_run, size: float) -> None:
    style_or_run.font.name = FONT
    style_or_run.font.size = Pt(size)
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _para(
    container,
    text: str = "",
    *,
    size: float = 14,
    bold: bool = False,
    italic: bool = False,
    underline: bool = False,
    align=JUSTIFY,
    indent: bool = False,
    after: float = 6,
):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.space_before = Pt(0)
    if indent:
        p.paragraph_format.first_line_indent = Mm(12.7)
    if text:
        run = p.add_run(text)
        _set_font(run, size)
        run.bold, run.italic, run.underline = bold, italic, underline
    return p


def _cell(cell, text: str, *, size: float = 13, bold: bool = False, italic: bool = False, align=CENTER):
    # a new cell holds one empty paragraph: write into it rather than below it
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.space_after = Pt(0)
    run = p.add_run(text)
    _set_font(run, size)
    run.bold, run.italic = bold, italic
    return p


def _table(doc: DocumentObject, widths_mm: Sequence[float], *, grid: bool = True) -> Table:
    table = doc.add_table(rows=0, cols=len(widths_mm))
    if grid:
        table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for col, width in zip(table.columns, widths_mm, strict=True):
        col.width = Mm(width)
    return table


def _row(table: Table, texts: list[str], *, bold: bool = False, size: float = 12, left: tuple[int, ...] = ()):
    cells = table.add_row().cells
    for i, (cell, text) in enumerate(zip(cells, texts, strict=True)):
        cell.width = table.columns[i].width
        _cell(cell, text, size=size, bold=bold, align=WD_ALIGN_PARAGRAPH.LEFT if i in left else CENTER)


def _tag_row(table: Table, tag: str) -> None:
    """A row holding only a docxtpl row tag ({%tr ... %}); docxtpl removes the row when rendering."""
    cells = table.add_row().cells
    _cell(cells[0], tag, size=10)


def _heading(doc: DocumentObject) -> None:
    table = _table(doc, [75, 95], grid=False)
    left, right = table.add_row().cells
    left.width, right.width = Mm(75), Mm(95)
    _cell(left, "{{ heading.issuer_parent }}", size=13)
    _para(left, "{{ heading.issuer }}", size=13, bold=True, align=CENTER, after=0)
    _para(left, "{% if party %}*{% else %}———{% endif %}", size=13, align=CENTER, after=0)
    _para(left, "{{ heading.number_line }}", size=13, align=CENTER, after=0)
    _cell(right, "{{ motto1 }}", size=13, bold=True)
    _para(right, "{{ motto2 }}", size=14, bold=True, underline=True, align=CENTER, after=0)
    _para(right, "", align=CENTER, after=0)
    _para(right, "{{ heading.date_line }}", size=14, italic=True, align=CENTER, after=0)
    _para(doc, "", after=0)
    _para(doc, "{{ heading.title }}", size=15, bold=True, align=CENTER, after=0)
    _para(doc, "{{ heading.subject }}", size=14, bold=True, align=CENTER, after=0)
    _para(doc, "-----", size=14, align=CENTER, after=12)


# (text, is a heading): the narrative, its figures as placeholders
NARRATIVE: list[tuple[str, bool]] = [
    ("I. KẾT QUẢ THỰC HIỆN", True),
    ("1. Việc đăng ký, giao và phê duyệt", True),
    (
        "{% if year %}Năm {{ year }}{% else %}Đến nay{% endif %}, trong phạm vi {{ scope }}"
        "{% if filters %} ({{ filters }}){% endif %}, đã giao {{ f.approved }} việc đột phá, đổi mới cho "
        "{{ f.cadres }} cán bộ; {{ f.submitted }} việc đang chờ phê duyệt, {{ f.returned }} việc trả lại để "
        "hoàn thiện, {{ f.rejected }} việc không phê duyệt (tổng số {{ f.total }} việc đã đăng ký, giao).",
        False,
    ),
    ("2. Tiến độ thực hiện", True),
    (
        "Trong số {{ f.approved }} việc được giao: {{ f.on_track }} việc đúng tiến độ, {{ f.at_risk }} việc "
        "có nguy cơ chậm, {{ f.overdue }} việc quá hạn, {{ f.stale }} việc chậm báo cáo tiến độ; "
        "{{ f.done }} việc đã báo cáo hoàn thành.",
        False,
    ),
    ("3. Kết quả đánh giá", True),
    (
        "Có {{ f.excellent }}/{{ f.approved }} việc hoàn thành xuất sắc ({{ f.excellent_rate }}); "
        "{{ f.good }} việc hoàn thành tốt; {{ f.completed }} việc hoàn thành; {{ f.not_completed }} việc "
        "không hoàn thành; tỷ lệ hoàn thành trở lên đạt {{ f.finished_rate }}. Đặc biệt, có {{ f.ahead }} "
        "việc hoàn thành trước kế hoạch đề ra.",
        False,
    ),
    (
        "Kết quả theo đơn vị tại Phụ lục 1, theo mức đánh giá tại Phụ lục 2, danh sách việc được giao theo "
        "cán bộ tại Phụ lục 3 kèm theo báo cáo này.{% if annex %} {{ annex.note }}{% endif %}",
        False,
    ),
]


def _body(doc: DocumentObject) -> None:
    for text, is_heading in NARRATIVE:
        _para(doc, text, bold=is_heading, indent=True)
    # the part other apps may add (see dotpha.reports.sections); absent, these paragraphs disappear
    _para(doc, "{%p if monitoring %}")
    _para(doc, "II. KẾT QUẢ CÁN BỘ LÃNH ĐẠO THEO DÕI XÃ, PHƯỜNG", bold=True, indent=True)
    _para(doc, "{%p for line in monitoring.paragraphs %}")
    _para(doc, "{{ line }}", indent=True)
    _para(doc, "{%p endfor %}")
    rows = _table(doc, [110, 50])
    _tag_row(rows, "{%tr for r in monitoring.rows %}")
    _row(rows, ["{{ r.label }}", "{{ r.value }}"], left=(0,))
    _tag_row(rows, "{%tr endfor %}")
    _para(doc, "{%p endif %}")
    _para(doc, "{% if monitoring %}III{% else %}II{% endif %}. ĐÁNH GIÁ CHUNG", bold=True, indent=True)
    _para(doc, "(Ưu điểm, hạn chế và nguyên nhân: văn phòng bổ sung.)", italic=True, indent=True)
    _para(
        doc,
        "{% if monitoring %}IV{% else %}III{% endif %}. PHƯƠNG HƯỚNG, NHIỆM VỤ THỜI GIAN TỚI",
        bold=True,
        indent=True,
    )
    _para(doc, "(Văn phòng bổ sung.)", italic=True, indent=True)
    # a closed period's report says where its figures come from (`dotpha.reports.snapshots`)
    _para(doc, "{%p if snapshot %}")
    _para(
        doc,
        "Số liệu chốt ngày {{ snapshot.taken_on }} khi khóa kỳ; mã kiểm tra (SHA-256): {{ snapshot.hash }}.",
        italic=True,
        indent=True,
        size=11,
    )
    _para(doc, "{%p endif %}")


def _signature(doc: DocumentObject) -> None:
    table = _table(doc, [80, 90], grid=False)
    left, right = table.add_row().cells
    _cell(left, "Nơi nhận:", size=12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(left, "{%p for r in heading.recipients %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    _para(left, "- {{ r }}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    _para(left, "{%p endfor %}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT, after=0)
    _cell(right, "{{ heading.signer_title }}", size=14, bold=True)
    for _ in range(4):
        _para(right, "", align=CENTER, after=0)
    _para(right, "{{ heading.signer_name }}", size=14, bold=True, align=CENTER, after=0)


def _landscape(doc: DocumentObject) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)


def _annex_title(doc: DocumentObject, number: int, title: str) -> None:
    _para(doc, f"Phụ lục {number}", size=14, bold=True, align=CENTER, after=0)
    _para(doc, title, size=14, bold=True, align=CENTER, after=0)
    _para(
        doc,
        "(Kèm theo Báo cáo số {{ heading.number }} ngày {{ heading.signed_on_text }})",
        size=13,
        italic=True,
        align=CENTER,
        after=6,
    )


def _annexes(doc: DocumentObject) -> None:
    _landscape(doc)
    _annex_title(doc, 1, "TỔNG HỢP KẾT QUẢ THỰC HIỆN VIỆC ĐỘT PHÁ, ĐỔI MỚI THEO ĐƠN VỊ")
    units = _table(doc, [12, 75] + [20] * len(UNIT_ANNEX_COLUMNS))
    _row(units, ["STT", "Đơn vị"] + [label for _c, label in UNIT_ANNEX_COLUMNS], bold=True)
    _tag_row(units, "{%tr for r in units %}")
    cells = ["{{ r.number }}", "{{ r.label }}"] + [
        f"{{{{ r.cells[{i}] }}}}" for i in range(len(UNIT_ANNEX_COLUMNS))
    ]
    _row(units, cells, left=(1,))
    _tag_row(units, "{%tr endfor %}")

    doc.add_page_break()
    _annex_title(doc, 2, "KẾT QUẢ ĐÁNH GIÁ VIỆC ĐỘT PHÁ, ĐỔI MỚI THEO MỨC")
    summary = _table(doc, [15, 90, 30, 30, 60])
    _row(summary, ["STT", "Mức đánh giá", "Số việc", "Tỷ lệ", "Ghi chú"], bold=True)
    _tag_row(summary, "{%tr for g in grades %}")
    _row(
        summary,
        ["{{ g.number }}", "{{ g.label }}", "{{ g.count }}", "{{ g.rate }}", "{{ g.note }}"],
        left=(1,),
    )
    _tag_row(summary, "{%tr endfor %}")
    _para(doc, "", after=6)
    # a province's report: the counts above stay, the list is the Excel annex's (`report.INLINE_TASK_ROWS`)
    _para(doc, "{%p if annex %}")
    _para(doc, "{{ annex.note }}", size=13, italic=True, indent=True)
    _para(doc, "{%p else %}")
    grades = _table(doc, [15, 95, 50, 50, 30, 22])
    _row(grades, GRADE_ANNEX_COLUMNS, bold=True)
    _tag_row(grades, "{%tr for g in grades %}")
    _row(
        grades, ["{{ g.number }}", "{{ g.label }}: {{ g.count }} việc", "", "", "", ""], bold=True, left=(1,)
    )
    _tag_row(grades, "{%tr for t in g.tasks %}")
    _row(
        grades,
        [
            "{{ t.stt }}",
            "{{ t.title }}",
            "{{ t.assignee }}",
            "{{ t.unit }}",
            "{{ t.field }}",
            "{{ t.ahead_mark }}",
        ],
        left=(1, 2, 3),
    )
    _tag_row(grades, "{%tr endfor %}")
    _tag_row(grades, "{%tr endfor %}")
    _para(doc, "{%p endif %}")

    doc.add_page_break()
    _annex_title(doc, 3, "DANH SÁCH VIỆC ĐỘT PHÁ, ĐỔI MỚI ĐƯỢC GIAO THEO CÁN BỘ")
    _para(doc, "{%p if annex %}")
    _para(doc, "{{ annex.note }}", size=13, italic=True, indent=True)
    _para(doc, "{%p else %}")
    cadres = _table(doc, [15, 90, 45, 35, 22, 28, 25, 20])
    _row(cadres, CADRE_ANNEX_COLUMNS, bold=True)
    _tag_row(cadres, "{%tr for g in cadres %}")
    _row(
        cadres,
        ["{{ g.number }}", "{{ g.label }}", "{{ g.note }}", "", "", "", "", ""],
        bold=True,
        left=(1, 2),
    )
    _tag_row(cadres, "{%tr for t in g.tasks %}")
    _row(
        cadres,
        [
            "{{ g.number }}.{{ t.stt }}",
            "{{ t.title }}",
            "{{ t.unit }}",
            "{{ t.field }}",
            "{{ t.deadline }}",
            "{{ t.progress }}",
            "{{ t.grade }}",
            "{{ t.ahead_mark }}",
        ],
        left=(1, 2),
    )
    _tag_row(cadres, "{%tr endfor %}")
    _tag_row(cadres, "{%tr endfor %}")
    _para(doc, "{%p endif %}")


def build_annual_report(path: Path = ANNUAL_REPORT) -> Path:
    doc = Document()
    _set_font(doc.styles["Normal"], 14)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    doc.core_properties.title = "Báo cáo kết quả thực hiện việc đột phá, đổi mới"
    doc.core_properties.author = "Đột phá"
    # fixed document dates, not the day the template happened to be rebuilt
    doc.core_properties.created = doc.core_properties.modified = datetime.datetime(
        2026, 1, 1, tzinfo=datetime.UTC
    )
    _heading(doc)
    _body(doc)
    _signature(doc)
    _annexes(doc)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
