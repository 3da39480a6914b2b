from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from dotpha.accounts.permissions import can_manage_org, can_read_audit, is_organizer
from dotpha.core.admin_site import is_site_admin
from dotpha.imports.task_parser import can_import_tasks
from dotpha.programmes.decision_register import can_open_register
from dotpha.programmes.permissions import runs_programmes
from dotpha.reports.permissions import can_manage_templates, can_read_reports
from dotpha.tasks.permissions import may_decide_tasks


def navigation(request: HttpRequest) -> dict:
    user = request.user
    if not user.is_authenticated:
        return {"nav_items": [], "nav_more": []}
    # Daily pages stay in the bar; the organisation board's tools fold into one "Quản lý" menu so the bar
    # fits on one line on a mid-size screen.
    items = [
        (reverse("home"), _("Trang chủ"), False),
        (reverse("org:unit_tree"), _("Tổ chức, cán bộ"), False),
        (reverse("tasks:mine"), _("Việc của tôi"), False),
    ]
    if may_decide_tasks(user):  # type: ignore[arg-type]
        items.append((reverse("tasks:approvals"), _("Chờ phê duyệt"), False))
        items.append((reverse("tasks:grading"), _("Đánh giá cuối năm"), False))
    items.append((reverse("tasks:list"), _("Danh sách việc"), False))
    items.append((reverse("monitoring:home"), _("Theo dõi xã"), False))
    if can_read_reports(user):  # type: ignore[arg-type]
        items.append((reverse("reports:home"), _("Thống kê, báo cáo"), False))
    if can_open_register(user):  # type: ignore[arg-type]
        items.append((reverse("programmes:decision_list"), _("Quyết định phê duyệt"), True))
    if runs_programmes(user):  # type: ignore[arg-type]
        items.append((reverse("programmes:list"), _("Chương trình"), True))
    if is_organizer(user):  # type: ignore[arg-type]
        items.append((reverse("account_pages:list"), _("Tài khoản"), True))
        items.append((reverse("accounts:locked"), _("Tài khoản bị khóa"), True))
    if can_read_reports(user):  # type: ignore[arg-type]
        items.append((reverse("ratings:list"), _("Xếp loại cán bộ"), True))
    if can_manage_templates(user):  # type: ignore[arg-type]
        items.append((reverse("reports:templates"), _("Mẫu báo cáo"), True))
    if can_manage_org(user):  # type: ignore[arg-type]
        items.append((reverse("imports:org_upload"), _("Nhập từ Excel"), True))
    if can_import_tasks(user):  # type: ignore[arg-type]
        items.append((reverse("imports:task_upload"), _("Nhập danh sách việc"), True))
    if can_read_audit(user):  # type: ignore[arg-type]
        items.append((reverse("audit:log"), _("Nhật ký thay đổi"), True))
    if is_site_admin(user):
        items.append((reverse("admin:index"), _("Quản trị"), True))
    path = request.path
    # the longest matching address wins: /tasks/mine/ is "Việc của tôi", not "Danh sách việc" (/tasks/)
    matches = [url for url, _label, _more in items if path == url or (url != "/" and path.startswith(url))]
    active = max(matches, key=len, default=None)
    nav = [{"url": url, "label": label, "active": url == active, "more": more} for url, label, more in items]
    more = [i for i in nav if i["more"]]
    return {"nav_items": nav, "nav_more": more, "nav_more_active": any(i["active"] for i in more)}
