from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from dotpha.accounts.permissions import can_manage_org, can_read_audit


def navigation(request: HttpRequest) -> dict:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": []}
    items = [
        (reverse("home"), _("Trang chủ")),
        (reverse("org:unit_tree"), _("Tổ chức, cán bộ")),
    ]
    if can_manage_org(user):  # type: ignore[arg-type]
        items.append((reverse("imports:org_upload"), _("Nhập từ Excel")))
    if can_read_audit(user):  # type: ignore[arg-type]
        items.append((reverse("audit:log"), _("Nhật ký thay đổi")))
        items.append((reverse("admin:index"), _("Quản trị")))
    path = request.path
    return {
        "nav_items": [
            {"url": url, "label": label, "active": path == url or (url != "/" and path.startswith(url))}
            for url, label in items
        ]
    }
