"""The navigation bar: daily pages in the bar, the organisation board's tools in one "Quản lý" menu."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def bar(html: str) -> str:
    return html.split('id="mainnav"')[1].split("</nav>")[0]


def test_the_organizer_finds_the_boards_tools_under_one_menu(world, client):
    client.force_login(world.users["organizer"])
    nav = bar(client.get(reverse("audit:log")).text)
    top, more = nav.split("Quản lý</a>")[0], nav.split("Quản lý</a>")[1]
    assert "Thống kê, báo cáo" in top and "Việc của tôi" in top
    for tool in ("Chương trình", "Xếp loại cán bộ", "Nhập từ Excel", "Nhật ký thay đổi", "Quản trị"):
        assert tool in more and tool not in top, tool
    # the page open is marked, inside the menu, and so is the menu itself
    assert re.search(r'dropdown-toggle[^"]*fw-bold', nav)
    assert 'class="dropdown-item active" href="/audit/" aria-current="page"' in nav


def test_a_cadre_has_no_management_menu(world, client):
    client.force_login(world.users["cadre"])
    nav = bar(client.get(reverse("tasks:mine")).text)
    assert "Quản lý</a>" not in nav
    assert 'href="/tasks/mine/" aria-current="page"' in nav
