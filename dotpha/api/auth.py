"""Who is calling: a system with a personal token (`Authorization: Bearer dp_…`), or the browser with its
session (CSRF-checked for writes). Either way `request.auth` is the user the selectors and services see."""

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from dotpha.accounts.models import User
from dotpha.api.services import token_user


class TokenAuth(HttpBearer):
    openapi_description = "Mã truy cập cá nhân, tạo tại trang “Mã truy cập API”: `Authorization: Bearer dp_…`"

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = token_user(token)
        if user is not None:
            # The change log (django-simple-history) and anything else reading request.user see the holder.
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    openapi_description = "Phiên đăng nhập của trình duyệt (cookie), kèm CSRF cho thao tác ghi."

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


API_AUTH = [TokenAuth(), ActiveSessionAuth()]


class ApiRequest(HttpRequest):
    """What an operation receives once authentication passed: `auth` is the calling user."""

    auth: User
