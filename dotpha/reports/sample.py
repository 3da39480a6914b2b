"""A small context with every key and shape the real report has, to check an uploaded template renders.
It includes an extra part (the monitoring one) so templates that print it are checked too."""

import datetime

from dotpha.reports.annexes import Group, TaskLine
from dotpha.reports.heading import Heading
from dotpha.reports.report import (
    CADRE_ANNEX_COLUMNS,
    GRADE_ANNEX_COLUMNS,
    UNIT_ANNEX_COLUMNS,
    AnnexNote,
    AnnexRow,
    figure_texts,
)
from dotpha.reports.selectors import Figures


def _line() -> TaskLine:
    return TaskLine(
        pk=1,
        title="Giải phóng mặt bằng dự án đường tỉnh",
        assignee="Nguyễn Văn An",
        cadre_id=1,
        unit="Sở Xây dựng",
        field="Giải phóng mặt bằng",
        kind="Việc đột phá, đổi mới",
        deadline="31/12/2024",
        progress="Đúng tiến độ",
        grade_code="excellent",
        grade="Hoàn thành xuất sắc",
        ahead=True,
        stt=1,
        position="Giám đốc, Sở Xây dựng",
    )


def sample_context(kind: str) -> dict:
    heading = Heading(
        issuer_parent="TỈNH ỦY HÒA SƠN",
        issuer="BAN TỔ CHỨC",
        party=True,
        number="01-BC/BTCTU",
        place="Hòa Sơn",
        signed_on=datetime.date(2026, 11, 25),
        title="BÁO CÁO",
        subject="Kết quả thực hiện việc đột phá, đổi mới năm 2024",
        signer_title="TRƯỞNG BAN",
        signer_name="Nguyễn Văn An",
        recipients=["Thường trực Tỉnh ủy (để báo cáo)", "Lưu Văn phòng."],
    )
    figures = Figures(total=250, approved=244, cadres=120, excellent=81, good=100, completed=50, ahead=11)
    group = Group(
        number="I", label="Hoàn thành xuất sắc", note="1 việc trước kế hoạch", count=1, rate="100,0%"
    )
    group.tasks.append(_line())
    monitoring = {
        "paragraphs": ["Có 151/151 Đảng ủy xã gửi phiếu nhận xét về 141 cán bộ theo dõi."],
        "rows": [{"label": "Lượt đi cơ sở", "value": "657"}],
    }
    cells = figure_texts(figures)
    return {
        "heading": heading,
        "motto1": heading.motto[0],
        "motto2": heading.motto[1],
        "party": True,
        "year": "2024",
        "scope": "Tỉnh Hòa Sơn",
        "filters": "năm 2024",
        "f": cells,
        "units": [AnnexRow("1", "Sở Xây dựng", [cells[c] for c, _ in UNIT_ANNEX_COLUMNS])],
        "unit_columns": [label for _c, label in UNIT_ANNEX_COLUMNS],
        "fields": [AnnexRow("1", "Giải phóng mặt bằng", [cells[c] for c, _ in UNIT_ANNEX_COLUMNS])],
        "grades": [group],
        "cadres": [group],
        "cadre_columns": CADRE_ANNEX_COLUMNS,
        "grade_columns": GRADE_ANNEX_COLUMNS,
        "sections": {"monitoring": monitoring},
        "monitoring": monitoring,
        "generated_on": "25/11/2026",
        # a closed period's files print where their figures come from
        "snapshot": {"taken_on": "31/12/2024", "hash": "0" * 64},
        # a province's report names the Excel annex that holds its list
        "annex": AnnexNote(count="86.123", filename="phu-luc-viec-theo-can-bo-T01-2024.xlsx"),
    }
