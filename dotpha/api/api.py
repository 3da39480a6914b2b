"""The REST API at /api/v1/: the same selectors and services as the pages, so scope and rules are the
same. OpenAPI 3.1 at /api/v1/openapi.json, interactive documentation at /api/v1/docs."""

from ninja import NinjaAPI, Swagger
from ninja.renderers import JSONRenderer

from dotpha.api import errors
from dotpha.api.auth import API_AUTH
from dotpha.api.routers import accounts, monitoring, org, programmes, ratings, statistics, tasks


class Utf8JSONRenderer(JSONRenderer):
    # Vietnamese as UTF-8, readable in a terminal or a log, rather than \u escapes.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    title="Đột phá API",
    version="1.0",
    description=(
        "API của hệ thống Đột phá cho các hệ thống khác (quản lý văn bản, một cửa điện tử). "
        "Mỗi lời gọi mang mã truy cập cá nhân (`Authorization: Bearer dp_…`, tạo tại trang "
        "“Mã truy cập API”) và chỉ thấy, chỉ làm được những gì người dùng sở hữu mã thấy và làm được. "
        'Lỗi luôn có dạng `{"code": …, "message": …, "details": […]}`; `message` bằng tiếng Việt, '
        "`code` ổn định để chương trình xử lý. Ngày theo ISO 8601 (YYYY-MM-DD)."
    ),
    auth=API_AUTH,
    renderer=Utf8JSONRenderer(),
    urls_namespace="api",
    docs=Swagger(settings={"persistAuthorization": False}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_router("/", org.router, tags=["Tổ chức, cán bộ"])
api.add_router("/", programmes.router, tags=["Chương trình, quyết định"])
api.add_router("/", tasks.router, tags=["Việc đột phá"])
api.add_router("/monitoring", monitoring.router, tags=["Theo dõi xã"])
api.add_router("/statistics", statistics.router, tags=["Thống kê"])
api.add_router("/", ratings.router, tags=["Xếp loại cán bộ"])
api.add_router("/", accounts.router, tags=["Tài khoản, phân quyền"])
