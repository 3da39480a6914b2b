"""Quản lý → Tài khoản: who may open the pages, what they list and write, the one-time password sheet."""

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory, make_user

pytestmark = pytest.mark.django_db

NOT_ORGANIZERS = ("approver", "unit_manager", "cadre", "commune_committee", "inspector", "nobody")


def commune_cadre(world, name="Đỗ Thị Mai", code="CB-MAI"):
    cadre = CadreFactory.create(full_name=name, code=code, managing_unit=world.commune)
    AppointmentFactory(cadre=cadre, unit=world.commune, position=PositionFactory(name="Bí thư Đảng ủy"))
    return cadre


@pytest.mark.parametrize("name", NOT_ORGANIZERS)
def test_only_organizers_open_the_account_pages(world, client, name):
    client.force_login(world.users[name])
    xa = world.users["commune_committee"]
    for url in (
        reverse("account_pages:list"),
        reverse("account_pages:create"),
        reverse("account_pages:bulk"),
        reverse("account_pages:detail", args=[xa.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("account_pages:reset", args=[xa.pk])).status_code == 403
    assert client.post(reverse("account_pages:deactivate", args=[xa.pk])).status_code == 403
    xa.refresh_from_db()
    assert xa.is_active and not xa.must_change_password


def test_the_list_shows_accounts_in_scope_with_search_and_filters(world, client):
    client.force_login(make_user("tochucxa", Role.ORGANIZER, world.commune))
    page = client.get(reverse("account_pages:list")).text
    assert (
        "<code>xa</code>" in page and "<code>giamdoc</code>" not in page and "<code>tochuc</code>" not in page
    )
    client.force_login(world.users["organizer"])
    page = client.get(reverse("account_pages:list"), {"q": "hung"}).text  # Nguyễn Văn Hùng, folded
    assert "<code>giamdoc</code>" in page and "<code>xa</code>" not in page
    page = client.get(reverse("account_pages:list"), {"role": Role.INSPECTOR}).text
    assert "<code>kiemtra</code>" in page and "<code>giamdoc</code>" not in page
    page = client.get(reverse("account_pages:list"), {"unit": world.commune.pk}).text
    assert "<code>xa</code>" in page and "<code>giamdoc</code>" not in page
    # Quản lý → Tài khoản
    assert 'href="/accounts/"' in client.get(reverse("home")).text


def test_create_keeps_input_on_error_then_shows_the_password_once(world, client):
    client.force_login(world.users["organizer"])
    cadre = commune_cadre(world)
    response = client.post(reverse("account_pages:create"), {"cadre": cadre.pk, "username": "tochuc"})
    assert "Tên đăng nhập “tochuc” đã có người dùng." in response.text
    assert f'<option value="{cadre.pk}" selected>' in response.text and 'value="tochuc"' in response.text
    response = client.post(reverse("account_pages:create"), {"cadre": cadre.pk, "username": "maidt"})
    account = User.objects.get(username="maidt")
    password = response.text.split('id="issued-password">')[1].split("<")[0]
    assert account.check_password(password) and account.must_change_password
    assert response["Cache-Control"] == "no-store"
    assert password not in client.get(reverse("account_pages:detail", args=[account.pk])).text


def test_grant_end_reset_deactivate_from_the_account_page(world, client):
    organizer = world.users["organizer"]
    client.force_login(organizer)
    xa = world.users["commune_committee"]
    url = reverse("account_pages:detail", args=[xa.pk])
    # a date before the start: refused, typed input kept
    response = client.post(
        url,
        {
            "role": Role.INSPECTOR,
            "unit": world.commune.pk,
            "start_date": "05/03/2027",
            "end_date": "01/03/2027",
        },
    )
    assert (
        "Ngày hết hiệu lực phải sau ngày bắt đầu." in response.text and 'value="05/03/2027"' in response.text
    )
    response = client.post(
        url, {"role": Role.INSPECTOR, "unit": world.commune.pk, "start_date": "", "end_date": ""}
    )
    assert response.status_code == 302
    grant = RoleGrant.objects.get(user=xa, role=Role.INSPECTOR)
    assert grant.history.latest().history_user == organizer  # type: ignore[attr-defined]
    assert "Kiểm tra, giám sát (chỉ xem)" in client.get(url).text

    client.post(reverse("account_pages:end_grant", args=[grant.pk]))
    grant = RoleGrant.all_objects.get(pk=grant.pk)
    assert grant.end_date == timezone.localdate()
    assert "Đã thu hồi" in client.get(url).text
    # a grant that begins later is listed, not yet in force, with nothing to revoke
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    later = {"role": Role.INSPECTOR, "unit": world.commune.pk, "start_date": tomorrow, "end_date": ""}
    assert client.post(url, later).status_code == 302
    future = RoleGrant.all_objects.get(user=xa, role=Role.INSPECTOR, end_date__isnull=True)
    page = client.get(url).text
    assert "Chưa hiệu lực" in page
    assert reverse("account_pages:end_grant", args=[future.pk]) not in page

    response = client.post(reverse("account_pages:reset", args=[xa.pk]))
    password = response.text.split('id="issued-password">')[1].split("<")[0]
    xa.refresh_from_db()
    assert xa.check_password(password) and xa.must_change_password

    client.post(reverse("account_pages:deactivate", args=[xa.pk]))
    xa.refresh_from_db()
    assert not xa.is_active


def test_a_commune_organizer_cannot_reach_a_province_account(world, client):
    client.force_login(make_user("tochucxa", Role.ORGANIZER, world.commune))
    director = world.users["unit_manager"]
    assert client.get(reverse("account_pages:detail", args=[director.pk])).status_code == 404
    assert client.post(reverse("account_pages:deactivate", args=[director.pk])).status_code == 404
    grant = RoleGrant.objects.get(user=director)
    assert client.post(reverse("account_pages:end_grant", args=[grant.pk])).status_code == 404
    # a unit outside the subtree is not among the choices: the form refuses it
    xa = world.users["commune_committee"]
    response = client.post(
        reverse("account_pages:detail", args=[xa.pk]), {"role": Role.ORGANIZER, "unit": world.province.pk}
    )
    assert response.status_code == 200 and not RoleGrant.objects.filter(user=xa, role=Role.ORGANIZER).exists()
    director.refresh_from_db()
    assert director.is_active and RoleGrant.objects.filter(pk=grant.pk).exists()


def test_bulk_accounts_download_their_passwords_once_as_text(world, client):
    client.force_login(world.users["organizer"])
    commune_cadre(world, name="=HYPERLINK(1)", code="=1+1")
    response = client.post(reverse("account_pages:bulk"), {"unit": world.commune.pk, "role": Role.CADRE})
    assert response["Content-Disposition"] == 'attachment; filename="tai-khoan-moi.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Họ và tên", "Mã cán bộ", "Tên đăng nhập", "Mật khẩu tạm", "Đơn vị")
    name, code, username, password, unit = rows[1]
    assert (name, code, unit) == ("=HYPERLINK(1)", "=1+1", "Xã Tân Lập")
    assert sheet.cell(2, 1).data_type == "s" and sheet.cell(2, 2).data_type == "s"
    assert User.objects.get(username=username).check_password(password)
    # nothing is left to create: the form says so, and no second sheet exists
    response = client.post(reverse("account_pages:bulk"), {"unit": world.commune.pk, "role": Role.CADRE})
    assert "đều đã có tài khoản" in response.text


def test_a_temporary_password_still_lets_the_person_sign_out(world, client):
    xa = world.users["commune_committee"]
    xa.must_change_password = True
    xa.save()
    client.force_login(xa)
    assert client.get(reverse("home")).url == reverse("password_change")
    assert client.get(reverse("password_change")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("home")).url.startswith(reverse("login"))
