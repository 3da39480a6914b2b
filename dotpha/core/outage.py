"""When the database does not answer: a 503 in the product's shape instead of a bare 500.

Pages get the Vietnamese "service unavailable" page, rendered without a request context (no user lookup,
no navigation queries: they would need the database that just failed); the API gets its JSON error shape.
The outage is logged once a minute at most, so a storm of requests does not flood the log with tracebacks.
Nothing is kept between requests: Django drops a connection that failed, and the next request reconnects.

Only a real outage is answered so: the driver also reports deadlocks, serialization failures, statement and
lock timeouts (PostgreSQL) or a missing table and a locked file (SQLite) as OperationalError, and those are
bugs or contention that must reach the normal 500 path (and Django's log), not hide behind "try later".
"""

import json
import logging
import sqlite3
import sys
import threading
import time

import psycopg
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger("dotpha.outage")

# SQLSTATEs that say the server cannot be reached or is going away: class 08 (connection exception),
# admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections.
OUTAGE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})
OUTAGE_SQLSTATE_CLASSES = frozenset({"08"})
# SQLite's primary result codes for a file that cannot be opened or read (extended codes keep these in
# their low byte): SQLITE_IOERR, SQLITE_CANTOPEN.
SQLITE_OUTAGE_CODES = frozenset({10, 14})
SQLITE_OUTAGE_MESSAGES = ("unable to open database file", "disk i/o error")
RETRY_AFTER_SECONDS = 30
LOG_INTERVAL_SECONDS = 60.0
API_PREFIX = "/api/"
API_MESSAGE = "Hệ thống tạm thời không truy cập được cơ sở dữ liệu. Hãy thử lại sau ít phút."

_log_lock = threading.Lock()
_last_logged: float | None = None
_suppressed = 0


def is_outage(exc: BaseException) -> bool:
    """True when the database cannot be used at all (down, refusing connections, connection lost), not when
    one statement failed on a working connection."""
    if isinstance(exc, InterfaceError):
        return True  # the connection is closed or unusable
    if not isinstance(exc, OperationalError):
        return False
    # Django wraps the driver's error and keeps it as the cause.
    driver_error = exc.__cause__ if exc.__cause__ is not None else exc
    if isinstance(driver_error, psycopg.Error):
        sqlstate = driver_error.sqlstate
        if sqlstate is None:
            # Every error the server sends carries a SQLSTATE; psycopg's own OperationalErrors without one
            # are the connection's: it could not be made, or it was lost mid-use.
            return isinstance(driver_error, (psycopg.OperationalError, psycopg.InterfaceError))
        return sqlstate[:2] in OUTAGE_SQLSTATE_CLASSES or sqlstate in OUTAGE_SQLSTATES
    if isinstance(driver_error, sqlite3.Error):
        code = getattr(driver_error, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in SQLITE_OUTAGE_CODES
        return str(driver_error).lower().startswith(SQLITE_OUTAGE_MESSAGES)
    return False


def log_outage(request: HttpRequest, exc: BaseException) -> None:
    """The first failure with its traceback, then one line a minute counting those left out."""
    global _last_logged, _suppressed
    now = time.monotonic()
    with _log_lock:
        if _last_logged is not None and now - _last_logged < LOG_INTERVAL_SECONDS:
            _suppressed += 1
            return
        suppressed, _suppressed, _last_logged = _suppressed, 0, now
    logger.error(
        "Cơ sở dữ liệu không trả lời (%s %s); %d yêu cầu lỗi tương tự không ghi lại trong phút trước.",
        request.method,
        request.path,
        suppressed,
        exc_info=(type(exc), exc, exc.__traceback__),
    )


def outage_response(request: HttpRequest, exc: BaseException) -> HttpResponse:
    log_outage(request, exc)
    if request.path.startswith(API_PREFIX):
        body = {"code": "unavailable", "message": API_MESSAGE, "details": []}
        response = HttpResponse(
            json.dumps(body, ensure_ascii=False), status=503, content_type="application/json; charset=utf-8"
        )
    else:
        response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # Logged above, at most once a minute: Django would otherwise log every 503 again.
    response._has_been_logged = True  # type: ignore[attr-defined]
    return response


class DatabaseOutageMiddleware:
    """Turns a database error raised by a view (or its template, or the lazy user lookup) into a 503."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if is_outage(exc):
            return outage_response(request, exc)
        return None  # any other error, database ones included, is the normal 500 (and Django logs it)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a database error raised by a middleware (the session, the language) never reaches
    process_exception, so it ends here; anything else is the static Vietnamese 500 page."""
    exc = sys.exc_info()[1]
    if exc is not None and is_outage(exc):
        return outage_response(request, exc)
    return HttpResponseServerError(loader.render_to_string("500.html"))
