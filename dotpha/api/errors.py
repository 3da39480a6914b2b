"""One error body for every refusal: `{"code": "...", "message": "...", "details": [...]}`. The message
is meant for a person, in the language the pages would use (a service's refusal is translated; the
messages below are Vietnamese); the code is stable and meant for the calling program, the same as the
raising app's `*Refusal` member."""

from enum import StrEnum

from django.core.exceptions import ObjectDoesNotExist
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError, ValidationError

from dotpha.core import outage
from dotpha.core.errors import ApplicationError, ConfirmationRequiredError, PermissionDeniedError


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    details: list[ErrorDetail] = []


# Responses every authenticated operation may give besides its success; writes may also be refused (400).
ERRORS: dict[int, type] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, type] = {400: ErrorOut, **ERRORS}

NOT_FOUND = "Không tìm thấy, hoặc bạn không có quyền xem."

HTTP_ERRORS = {
    400: ("bad_request", "Không đọc được dữ liệu gửi lên (cần JSON hợp lệ)."),
    401: ("unauthenticated", "Cần đăng nhập hoặc gửi mã truy cập hợp lệ (Authorization: Bearer …)."),
    403: ("forbidden", "Bạn không có quyền thực hiện thao tác này."),
    404: ("not_found", NOT_FOUND),
    405: ("method_not_allowed", "Phương thức không được hỗ trợ tại địa chỉ này."),
    429: ("throttled", "Quá nhiều yêu cầu, hãy thử lại sau."),
}

# pydantic's error types, said in Vietnamese; anything else falls back to a general sentence.
FIELD_MESSAGES = {
    "missing": "Thiếu trường bắt buộc.",
    "string_type": "Phải là chuỗi ký tự.",
    "string_too_short": "Không được để trống.",
    "string_too_long": "Quá dài.",
    "string_pattern_mismatch": "Có ký tự không được phép.",
    "int_type": "Phải là số nguyên.",
    "int_parsing": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "float_type": "Phải là số.",
    "float_parsing": "Phải là số.",
    "decimal_type": "Phải là số.",
    "decimal_parsing": "Phải là số.",
    "bool_type": "Phải là true hoặc false.",
    "bool_parsing": "Phải là true hoặc false.",
    "date_type": "Phải là ngày dạng YYYY-MM-DD.",
    "date_parsing": "Phải là ngày dạng YYYY-MM-DD.",
    "date_from_datetime_parsing": "Phải là ngày dạng YYYY-MM-DD.",
    "date_from_datetime_inexact": "Phải là ngày dạng YYYY-MM-DD.",
    "greater_than_equal": "Giá trị quá nhỏ.",
    "greater_than": "Giá trị quá nhỏ.",
    "less_than_equal": "Giá trị quá lớn.",
    "less_than": "Giá trị quá lớn.",
    "enum": "Giá trị không nằm trong danh sách cho phép.",
    "literal_error": "Giá trị không nằm trong danh sách cho phép.",
    "list_type": "Phải là một danh sách.",
    "too_short": "Danh sách không được rỗng.",
    "too_long": "Danh sách quá dài.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "dict_type": "Phải là một đối tượng JSON.",
    "extra_forbidden": "Trường không được hỗ trợ.",
}


def error_response(api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, details=()):
    body = {"code": code, "message": message, "details": list(details)}
    return api.create_response(request, body, status=status)


def _field(loc) -> str:
    # ("body", "payload", "title") -> "title"; ("query", "page") -> "page"
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "payload", "filters", "form")]
    return ".".join(parts)


def install(api: NinjaAPI) -> None:
    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        details = [
            {
                "field": _field(e.get("loc", ())),
                "message": FIELD_MESSAGES.get(e.get("type", ""), "Giá trị không hợp lệ."),
            }
            for e in exc.errors
        ]
        return error_response(api, request, 422, "validation_error", "Dữ liệu gửi lên không hợp lệ.", details)

    @api.exception_handler(PermissionDeniedError)
    def forbidden(request: HttpRequest, exc: PermissionDeniedError) -> HttpResponse:
        return error_response(api, request, 403, "forbidden", exc.message)

    @api.exception_handler(ApplicationError)
    def refused(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        # A workflow rule said no (wrong state, over the limit, …): nothing was changed.
        return error_response(api, request, 400, exc.code, exc.message)

    @api.exception_handler(ConfirmationRequiredError)
    def unconfirmed(request: HttpRequest, exc: ConfirmationRequiredError) -> HttpResponse:
        # A warning the caller may overrule: the same request with `"confirmed": true` goes through.
        return error_response(api, request, 422, exc.code, exc.message)

    @api.exception_handler(ObjectDoesNotExist)
    def missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return error_response(api, request, 404, "not_found", NOT_FOUND)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", NOT_FOUND)

    @api.exception_handler(OperationalError)
    @api.exception_handler(InterfaceError)
    def unavailable(request: HttpRequest, exc: OperationalError | InterfaceError) -> HttpResponse:
        # The database does not answer: the same 503 as the pages, in the API's shape, logged at most once a
        # minute (django-ninja would otherwise re-raise it, or answer a traceback when DEBUG is on).
        # Any other database error (a deadlock, a timeout, a missing table) is a bug: the normal 500 path.
        if not outage.is_outage(exc):
            raise exc
        outage.log_outage(request, exc)
        response = error_response(api, request, 503, "unavailable", outage.API_MESSAGE)
        response["Retry-After"] = str(outage.RETRY_AFTER_SECONDS)
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        code, message = HTTP_ERRORS.get(exc.status_code, ("http_error", str(exc)))
        if exc.status_code == 403 and "CSRF" in str(exc):
            code, message = "csrf_failed", "Thiếu hoặc sai mã CSRF (gửi kèm tiêu đề X-CSRFToken)."
        return error_response(api, request, exc.status_code, code, message)


class ApiRefusal(StrEnum):
    """The codes of the refusals the API's own services raise (access tokens); the error bodies above
    carry them, and every other app's codes, as they are."""

    NAME_REQUIRED = "name_required"
    EXPIRY_IN_PAST = "expiry_in_past"
    TOO_MANY_TOKENS = "too_many_tokens"
    ALREADY_REVOKED = "already_revoked"
