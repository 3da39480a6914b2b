"""The annual cadre rating list of a year, as the page /ratings/ shows it to the caller (the same scope:
`ratings_visible_to`, and only for those who read reports) with the same points per criteria group
(`dotpha.ratings.year_list`). Each page served names cadres: it is logged as a read of personal data."""

import datetime
from decimal import Decimal
from typing import Any, cast

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dotpha.api.auth import ApiRequest
from dotpha.api.errors import ERRORS
from dotpha.api.pagination import Pages
from dotpha.audit.models import Channel, ReadKind
from dotpha.audit.services import record_read
from dotpha.core.errors import PermissionDeniedError
from dotpha.ratings.selectors import rating_years, ratings_visible_to
from dotpha.ratings.year_list import ListRow, year_list
from dotpha.reports.permissions import can_read_reports

router = Router()


class GroupPointsOut(Schema):
    code: str = Field(
        description="Mã nhóm tiêu chí (general: tiêu chí chung; task-results: kết quả nhiệm vụ)."
    )
    name: str
    maximum: Decimal = Field(description="Điểm tối đa của nhóm.")
    points: Decimal | None = Field(
        description="Điểm đạt; trống khi chưa chấm (tiêu chí chung trước quyết định)."
    )


class RatingOut(Schema):
    id: int
    year: int
    number: int = Field(description="Số thứ tự trong danh sách của năm (như trang và tệp xuất).")
    cadre_id: int
    cadre_name: str
    position: str = Field(description="Chức vụ, đơn vị công tác hiện tại.")
    authority_unit_id: int = Field(description="Cấp có thẩm quyền xếp loại.")
    authority_unit_name: str
    scheme_code: str = Field(description="Bộ tiêu chí áp dụng (nd90-2020, qd366-2025/nd335-2025, …).")
    scored: bool = Field(description="Bộ tiêu chí chấm điểm thang 100 (từ năm 2026).")
    groups: list[GroupPointsOut] = Field(description="Điểm theo nhóm tiêu chí; trống khi không chấm điểm.")
    total: Decimal | None = Field(description="Tổng điểm; trống khi còn nhóm chưa chấm.")
    proposed_level: str = Field(
        description="Mức đề xuất (excellent, good, completed, not_completed); trống: chưa đủ căn cứ."
    )
    proposed_level_label: str
    level: str = Field(description="Mức cấp có thẩm quyền quyết định; trống: chưa quyết định.")
    level_label: str
    comment: str
    quota_exception: str = Field(description="Lý do vượt tỷ lệ hoàn thành xuất sắc đã nêu.")
    decided_at: datetime.datetime | None


class RatingFilter(Schema):
    year: int | None = Field(
        None, ge=2000, le=2100, description="Năm xếp loại; trống: năm gần nhất có xếp loại (như trang)."
    )


def _out(row: ListRow, year: int) -> dict[str, Any]:
    r = row.line.rating
    return {
        "id": r.pk,
        "year": year,
        "number": row.number,
        "cadre_id": r.cadre_id,
        "cadre_name": r.cadre.full_name,
        "position": row.line.position,
        "authority_unit_id": r.authority_unit_id,
        "authority_unit_name": r.authority_unit.name,
        "scheme_code": row.points.scheme_code,
        "scored": row.points.scored,
        "groups": [
            {"code": g.code, "name": g.name, "maximum": g.maximum, "points": g.points}
            for g in row.points.groups
        ],
        "total": row.points.total,
        "proposed_level": r.proposed_level,
        "proposed_level_label": row.proposed_label,
        "level": r.level,
        "level_label": row.level_label,
        "comment": r.comment,
        "quota_exception": r.quota_exception,
        "decided_at": r.decided_at,
    }


class RatingPages(Pages):
    """Pages of a list already built (the year's list is sorted by given name, as on the page); each page
    served is logged, naming its cadres."""

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        rows = cast(list[dict[str, Any]], queryset)
        offset = (pagination.page - 1) * pagination.page_size
        items = rows[offset : offset + pagination.page_size]
        year = rows[0]["year"] if rows else getattr(params.get("filters"), "year", None)
        record_read(
            user=cast(ApiRequest, request).auth,
            kind=ReadKind.EXPORT,
            subject="ratings",
            object_repr=(
                f"Danh sách xếp loại cán bộ năm {year}: {len(items)} người "
                f"(trang {pagination.page}, tổng {len(rows)})"
            ),
            scope=f"năm {year}" if year else "",
            params={
                "ids": [item["cadre_id"] for item in items],
                "count": len(rows),
                "page": pagination.page,
                "page_size": pagination.page_size,
            },
            channel=Channel.API,
        )
        return {
            "items": items,
            "count": len(rows),
            "page": pagination.page,
            "page_size": pagination.page_size,
        }


@router.get(
    "/ratings",
    response={200: list[RatingOut], **ERRORS},
    operation_id="rating_list",
    summary="Danh sách xếp loại chất lượng cán bộ của một năm",
    description=(
        "Như trang Xếp loại cán bộ: các cán bộ trong phạm vi người gọi, điểm theo nhóm tiêu chí, tổng điểm, "
        "mức đề xuất và mức quyết định. Chỉ Ban Tổ chức, Thường trực, cơ quan kiểm tra, lãnh đạo đơn vị và "
        "cấp ủy xã xem danh sách."
    ),
)
@paginate(RatingPages)
def rating_list(request: ApiRequest, filters: Query[RatingFilter]):
    if not can_read_reports(request.auth):
        raise PermissionDeniedError(_("Bạn không có quyền xem danh sách xếp loại cán bộ."))
    year = filters.year
    if year is None:
        years = rating_years(ratings_visible_to(request.auth))
        year = years[0] if years else timezone.localdate().year - 1
    return [_out(row, year) for row in year_list(request.auth, year).rows]
