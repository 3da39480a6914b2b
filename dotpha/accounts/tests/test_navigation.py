"""The navigation bar: daily pages in the bar, the organisation board's tools in one "Quản lý" menu."""

import re

import pytest
from django.urls import reverse

from dotpha.accounts.models import User

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
