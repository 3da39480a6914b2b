"""The rating list the standing committee reviews, as Excel: registered as the "ratings" export of the
reports app (so a long list is built in the background like every other export)."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import prefetch_related_objects
from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.core.text_cells import write_value
from dotpha.programmes.models import Grade
from dotpha.ratings.models import RatingLevel, RatingScheme
from dotpha.ratings.points import task_points
from dotpha.ratings.selectors import RatingLine, quota_table, rating_lines, ratings_visible_to
from dotpha.reports.exports.catalogue import ExportFile, ExportKind, register
from dotpha.reports.exports.xlsx import XLSX_TYPE, Book
from dotpha.reports.heading import default_heading
from dotpha.reports.permissions import can_read_reports, default_root
from dotpha.reports.selectors import StatsFilter

COLUMNS = [
    ("STT", 6),
    ("Họ và tên", 24),
    ("Chức vụ, đơn vị công tác", 36),
    ("Cấp có thẩm quyền", 24),
    ("Số kết quả", 10),
    ("Hoàn thành xuất sắc", 11),
    ("Hoàn thành tốt", 11),
    ("Hoàn thành", 11),
    ("Không hoàn thành", 11),
    ("Trước kế hoạch", 11),
    ("Mức đề xuất", 22),
    ("Mức xếp loại", 22),
    ("Nhận xét của cấp có thẩm quyền", 40),
    # scored schemes (from 2026); empty before
    ("Điểm tiêu chí chung", 11),
    ("Điểm kết quả thực hiện nhiệm vụ", 13),
    ("Tổng điểm", 10),
]
QUOTA_COLUMNS = ["Đơn vị", "Hoàn thành tốt", "Hoàn thành xuất sắc", "Tối đa được xuất sắc", "Cán bộ xuất sắc"]


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


def _label(code: str) -> str:
    return RatingLevel(code).label if code else ""


def _points(scheme: RatingScheme | None, line: RatingLine) -> list:
    if scheme is None or not scheme.scored:
        return ["", "", ""]
    tasks = task_points(scheme, line.inputs).points
    general = line.rating.general_points
    return [general, tasks, general + tasks if general is not None else ""]


def _cells(n: int, line: RatingLine, scheme: RatingScheme | None) -> list:
    r = line.rating
    return [
        n,
        r.cadre.full_name,
        line.position,
        r.authority_unit.name,
        line.graded,
        line.counts[Grade.EXCELLENT],
        line.counts[Grade.GOOD],
        line.counts[Grade.COMPLETED],
        line.counts[Grade.NOT_COMPLETED],
        line.ahead,
        _label(r.proposed_level) or "Chưa đủ căn cứ",
        _label(r.level),
        r.comment,
        *_points(scheme, line),
    ]


def _build(user: User, request: RatingsRequest, today: datetime.date, progress) -> ExportFile:
    lines = rating_lines(ratings_visible_to(user).filter(year=request.year))
    book = Book()
    ws = book.sheet(f"Xếp loại {request.year}")
    root = default_root(user)
    heading = default_heading(root, StatsFilter(year=request.year), today=today) if root else None
    row = 0
    if heading is not None:
        row = book.title_block(
            ws,
            heading=heading,
            title=f"DANH SÁCH ĐỀ XUẤT XẾP LOẠI CHẤT LƯỢNG CÁN BỘ NĂM {request.year}",
            lines=["(Căn cứ kết quả thực hiện việc đột phá, đổi mới trong năm; trình Ban Thường vụ xem xét)"],
            width=len(COLUMNS),
            taken_on=today,
        )
    row = book.header(ws, row, [c for c, _w in COLUMNS], [w for _c, w in COLUMNS])
    scheme = lines[0].rating.scheme if lines else None
    if scheme is not None:
        prefetch_related_objects([scheme], "groups")  # the task group's maximum, once for every line
    for n, line in enumerate(lines, start=1):
        for col, value in enumerate(_cells(n, line, scheme)):
            fmt = book.fmt.int if isinstance(value, int) else book.fmt.text
            write_value(ws, row, col, value, fmt)  # names, positions, comments: user text, as text
        row += 1
    quota = quota_table(lines)
    if quota:
        row += 1  # a blank row, then the quota table under the same columns
        for col, label in enumerate(QUOTA_COLUMNS):
            ws.write_string(row, col, label, book.fmt.header)
        row += 1
        for q in quota:
            values = [q.unit_name, q.good, q.excellent, q.allowed, ", ".join(q.excellent_cadres)]
            for col, value in enumerate(values):
                write_value(ws, row, col, value, book.fmt.int if isinstance(value, int) else book.fmt.text)
            row += 1
    return ExportFile(f"xep-loai-can-bo-{request.year}.xlsx", XLSX_TYPE, book.close())


register(
    ExportKind(
        code="ratings",
        label="Danh sách đề xuất xếp loại cán bộ (Excel)",
        parse=_parse,
        estimate=_estimate,
        build=_build,
    )
)
