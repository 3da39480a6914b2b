"""The navigation bar: daily pages in the bar, the organisation board's tools in one "Quản lý" menu. Each app
registers its pages (dotpha.core.navigation); the bar shows, in the registered order, those the user may
open."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django.utils.functional import lazystr

from dotpha.accounts.access import is_organizer
from dotpha.accounts.models import User
from dotpha.core import navigation
from dotpha.core.navigation import NavEntry, register_nav_entry

pytestmark = pytest.mark.django_db


def bar(html: str) -> str:
    return html.split('id="mainnav"')[1].split("</nav>")[0]


def test_the_organizer_finds_the_boards_tools_under_one_menu(world, client):
    client.force_login(world.users["organizer"])
    nav = bar(client.get(reverse("audit:log")).text)
    top, more = nav.split("Quản lý</a>")[0], nav.split("Quản lý</a>")[1]
    assert "Thống kê, báo cáo" in top and "Việc của tôi" in top
    for tool in ("Chương trình", "Xếp loại cán bộ", "Nhập từ Excel", "Nhật ký thay đổi"):
        assert tool in more and tool not in top, tool
    # the Django admin is for superusers: no link to it
    assert "/admin/" not in nav and "Quản trị" not in nav
    # the page open is marked, inside the menu, and so is the menu itself
    assert re.search(r'dropdown-toggle[^"]*fw-bold', nav)
    assert 'class="dropdown-item active" href="/audit/" aria-current="page"' in nav


def test_a_cadre_has_no_management_menu(world, client):
    client.force_login(world.users["cadre"])
    nav = bar(client.get(reverse("tasks:mine")).text)
    assert "Quản lý</a>" not in nav
    assert 'href="/tasks/mine/" aria-current="page"' in nav


def test_only_an_active_superuser_is_shown_the_admin(world, client):
    superuser = User.objects.create_superuser("quantri", password="Mat-khau-2025")
    client.force_login(superuser)
    nav = bar(client.get(reverse("home")).text)
    assert 'href="/admin/"' in nav and "Quản trị" in nav
    staff = User.objects.create_user("nhanvien", password="Mat-khau-2025", is_staff=True)
    for who in [*world.users.values(), staff]:
        client.force_login(who)
        nav = bar(client.get(reverse("home")).text)
        assert 'href="/admin/"' not in nav and "Quản trị" not in nav, who


def labels(client, url: str = "/") -> list[tuple[str, bool]]:
    return [(item["label"], item["more"]) for item in client.get(url).context["nav_items"]]


def test_the_bar_lists_what_the_apps_registered_in_their_order(world, client):
    client.force_login(world.users["organizer"])
    assert labels(client) == [
        ("Trang chủ", False),
        ("Tổ chức, cán bộ", False),
        ("Việc của tôi", False),
        ("Danh sách việc", False),
        ("Theo dõi xã", False),
        ("Thống kê, báo cáo", False),
        ("Quyết định phê duyệt", True),
        ("Chương trình", True),
        ("Tài khoản", True),
        ("Tài khoản bị khóa", True),
        ("Quyền nhập thay", True),
        ("Xếp loại cán bộ", True),
        ("Mẫu báo cáo", True),
        ("Lịch ngày làm việc", True),
        ("Nhập từ Excel", True),
        ("Nhập danh sách việc", True),
        ("Nhật ký thay đổi", True),
    ]
    client.force_login(world.users["approver"])
    assert labels(client) == [
        ("Trang chủ", False),
        ("Tổ chức, cán bộ", False),
        ("Việc của tôi", False),
        ("Chờ phê duyệt", False),
        ("Đánh giá cuối năm", False),
        ("Danh sách việc", False),
        ("Theo dõi xã", False),
        ("Thống kê, báo cáo", False),
        ("Quyết định phê duyệt", True),
        ("Xếp loại cán bộ", True),
        ("Nhập danh sách việc", True),
    ]
    client.force_login(world.users["cadre"])
    assert labels(client) == [
        ("Trang chủ", False),
        ("Tổ chức, cán bộ", False),
        ("Việc của tôi", False),
        ("Danh sách việc", False),
        ("Theo dõi xã", False),
    ]


@pytest.fixture
def registry(monkeypatch):
    """The apps' entries, in a copy the test may add to."""
    monkeypatch.setattr(navigation, "_ENTRIES", dict(navigation._ENTRIES))


def test_a_registered_entry_is_shown_at_its_order_to_whom_its_predicate_admits(world, client, registry):
    register_nav_entry(NavEntry("reports:board", lazystr("Bảng theo dõi"), order=75, shown_to=is_organizer))
    client.force_login(world.users["organizer"])
    shown = [label for label, _more in labels(client)]
    assert shown[3:7] == ["Danh sách việc", "Theo dõi xã", "Bảng theo dõi", "Thống kê, báo cáo"]
    # its own page is the one marked open, not "Thống kê, báo cáo" (/reports/) which it lies under
    nav = bar(client.get(reverse("reports:board")).text)
    assert 'href="/reports/board/" aria-current="page">Bảng theo dõi' in nav
    assert 'href="/reports/" aria-current="page"' not in nav
    client.force_login(world.users["cadre"])
    assert "Bảng theo dõi" not in [label for label, _more in labels(client)]


def test_two_entries_at_one_order_are_refused(registry):
    with pytest.raises(ImproperlyConfigured, match="ratings:list and reports:board share the order 130"):
        register_nav_entry(NavEntry("reports:board", lazystr("Bảng theo dõi"), order=130))


def test_the_labels_follow_the_language_of_each_request(world, client):
    client.force_login(world.users["organizer"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = [label for label, _more in labels(client)]
    assert "My tasks" in english and "Programmes" in english and "Việc của tôi" not in english
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    assert "Việc của tôi" in [label for label, _more in labels(client)]
