"""Page-number pagination with bounds, so that no page number reaches the database as an overflow."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import ValidationError
from ninja.pagination import PaginationBase

from dotpha.tasks.selectors import Listed
from dotpha.tasks.selectors.queue_table import PagedByIds
from dotpha.tasks.selectors.seek import encode, fits, names

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 200


class Pages(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Trang, đếm từ 1.")
        page_size: int = Field(50, ge=1, le=MAX_PAGE_SIZE, description="Số dòng mỗi trang (tối đa 200).")

    class Output(Schema):
        items: list[Any]
        count: int = Field(description="Tổng số dòng khớp bộ lọc.")
        page: int
        page_size: int

    def paginate_queryset(
        self, queryset: QuerySet, pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        offset = (pagination.page - 1) * pagination.page_size
        return {
            "items": self.rows(queryset, offset, offset + pagination.page_size),
            "count": queryset.count(),
            "page": pagination.page,
            "page_size": pagination.page_size,
        }

    @staticmethod
    def rows(queryset: QuerySet, start: int, stop: int) -> list:
        return list(queryset[start:stop])


class IdsFirstPages(Pages):
    """Pages by number whose rows are read as the approval queue's page reads them (`PagedByIds`): the
    page's ids through the sort's index first, then those rows whole, instead of sorting every row."""

    @staticmethod
    def rows(queryset: QuerySet, start: int, stop: int) -> list:
        return PagedByIds(queryset)[start:stop]


class SeekPages(Pages):
    """Pages of a task list (`selectors.Listed`, ordered for a seek: `dotpha.tasks.selectors.seek`) by number
    as `Pages` (the exact count: a search's own, within its bound), or, with `cursor`, by seek: the rows after
    the one the cursor names, found through the list's sort index, and a count that stops at 10,000
    (`count_more`), so that every page costs what the first does whatever the size of the list. A ranked
    search's page is found on the tasks' own columns and its rows read by id (`Listed.keys`)."""

    class Input(Pages.Input):
        cursor: str | None = Field(
            None,
            max_length=100,
            description="Trang sau theo con trỏ: bỏ trống cho trang đầu, rồi gửi `next_cursor` của trang "
            "trước (khi đó không dùng `page`).",
        )

    class Output(Pages.Output):
        next_cursor: str | None = Field(description="Con trỏ của trang sau; null: trang cuối.")
        count_more: bool = Field(
            description="Chỉ khi đi theo con trỏ: có hơn `count` dòng (đếm đến 10.000 thì dừng)."
        )

    def paginate_queryset(self, queryset: Any, pagination: Any, request: HttpRequest, **params: Any) -> Any:
        if not isinstance(queryset, Listed):
            raise TypeError(f"SeekPages pages a Listed, not {type(queryset).__name__}")
        listed, cursor, size = queryset, pagination.cursor, pagination.page_size
        if cursor is None:
            offset = (pagination.page - 1) * size
            items, count = listed.slice(offset, offset + size), listed.count()
            more = bool(items) and count > pagination.page * size
            return {
                "items": items,
                "count": count,
                "page": pagination.page,
                "page_size": size,
                "next_cursor": encode(items[-1], names(listed.tasks)) if more else None,
                "count_more": False,
            }
        if cursor and not fits(listed.tasks, cursor):
            raise ValidationError([{"loc": ("query", "cursor"), "type": "value_error"}])
        found = listed.page(after=cursor, size=size)
        bounded = listed.total()
        return {
            "items": found.items,
            "count": bounded.value,
            "count_more": bounded.more,
            "page": pagination.page,
            "page_size": pagination.page_size,
            "next_cursor": found.next_cursor,
        }
