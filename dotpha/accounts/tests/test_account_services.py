"""Accounts and role grants made by organizers: scope, roles, dates, audit, forced password change."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.access import scope_of
from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.accounts.services.accounts import (
    create_account,
    create_accounts_for_unit,
    deactivate_account,
    end_grant,
    grant_role,
    reset_password,
)
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory, make_user

pytestmark = pytest.mark.django_db


def new_secretary(world, name="Đỗ Thị Mai"):
    cadre = CadreFactory.create(full_name=name, managing_unit=world.commune)
    AppointmentFactory(cadre=cadre, unit=world.commune, position=PositionFactory(name="Bí thư Đảng ủy"))
    return cadre


def test_an_organizer_creates_an_account_that_must_change_its_password(world, client):
    organizer = world.users["organizer"]
    issued = create_account(actor=organizer, cadre=new_secretary(world), username="  maidt ")
    account = User.objects.get(username="maidt")
    assert account.must_change_password and account.check_password(issued.password)
    row = account.history.latest()  # type: ignore[attr-defined]
    assert row.history_user == organizer and row.history_change_reason == "Tạo tài khoản"

    client.post(reverse("login"), {"username": "maidt", "password": issued.password})
    response = client.get(reverse("tasks:mine"))
    assert response.status_code == 302 and response.url == reverse("password_change")
    client.post(
        reverse("password_change"),
        {"old_password": issued.password, "new_password1": "Cay-xanh-47b", "new_password2": "Cay-xanh-47b"},
    )
    account.refresh_from_db()
    assert not account.must_change_password
    assert client.get(reverse("tasks:mine")).status_code == 200


def test_duplicate_username_and_second_account_refused(world):
    organizer = world.users["organizer"]
    with pytest.raises(ApplicationError) as exc:
        create_account(actor=organizer, cadre=new_secretary(world), username="ToChuc")
    assert exc.value.code == "username_taken"
    secretary = world.users["commune_committee"].cadre
    with pytest.raises(ApplicationError) as exc:
        create_account(actor=organizer, cadre=secretary, username="sonlv")
    assert exc.value.code == "cadre_has_account"
    assert not User.objects.filter(username__in=["ToChuc", "sonlv"]).exists()


def test_a_commune_organizer_stays_inside_the_commune(world):
    commune_organizer = make_user("tochucxa", Role.ORGANIZER, world.commune)
    director = world.users["unit_manager"].cadre
    with pytest.raises(PermissionDeniedError):
        create_account(actor=commune_organizer, cadre=CadreFactory.create(), username="x1")  # works nowhere
    director.user.delete()
    with pytest.raises(PermissionDeniedError):
        create_account(actor=commune_organizer, cadre=director, username="hungnv")
    issued = create_account(actor=commune_organizer, cadre=new_secretary(world), username="maidt")
    # a province-wide role from a commune scope: refused; the same role on the commune: granted
    with pytest.raises(PermissionDeniedError):
        grant_role(actor=commune_organizer, account=issued.account, role=Role.ORGANIZER, unit=world.province)
    grant_role(actor=commune_organizer, account=issued.account, role=Role.ORGANIZER, unit=world.commune)
    # an account acting in the province (the province organizer's) is not theirs to touch
    for action in (reset_password, deactivate_account):
        with pytest.raises(PermissionDeniedError):
            action(actor=commune_organizer, account=world.users["organizer"])
    assert not RoleGrant.all_objects.filter(unit=world.province, user=issued.account).exists()


def test_only_organizers_manage_accounts(world):
    for name in ("approver", "unit_manager", "commune_committee", "inspector", "cadre"):
        with pytest.raises(PermissionDeniedError):
            create_account(actor=world.users[name], cadre=new_secretary(world, name), username=name + "2")
    assert not User.objects.filter(username__endswith="2").exists()


def test_a_grant_counts_between_its_dates_and_ending_it_removes_the_scope(world):
    organizer = world.users["organizer"]
    account = create_account(actor=organizer, cadre=new_secretary(world), username="maidt").account
    today = timezone.localdate()
    grant = grant_role(actor=organizer, account=account, role=Role.COMMUNE_COMMITTEE, unit=world.commune)
    assert scope_of(User.objects.get(pk=account.pk)).has_role(Role.COMMUNE_COMMITTEE)
    with pytest.raises(ApplicationError) as exc:
        grant_role(actor=organizer, account=account, role=Role.COMMUNE_COMMITTEE, unit=world.commune)
    assert exc.value.code == "grant_exists"
    later = grant_role(
        actor=organizer,
        account=account,
        role=Role.INSPECTOR,
        unit=world.commune,
        start_date=today + datetime.timedelta(days=3),
    )
    assert not scope_of(User.objects.get(pk=account.pk)).has_role(Role.INSPECTOR)
    with pytest.raises(ApplicationError):
        end_grant(actor=organizer, grant=later, end_date=today)  # before it starts

    end_grant(actor=organizer, grant=grant)
    grant.refresh_from_db()
    assert grant.end_date == today
    assert not scope_of(User.objects.get(pk=account.pk)).has_role(Role.COMMUNE_COMMITTEE)
    assert grant.history.latest().history_change_reason == "Thu hồi quyền"  # type: ignore[attr-defined]
    with pytest.raises(ApplicationError) as exc:
        end_grant(actor=organizer, grant=grant)
    assert exc.value.code == "grant_ended"
    # the same role may be granted again after it ended
    grant_role(actor=organizer, account=account, role=Role.COMMUNE_COMMITTEE, unit=world.commune)


def test_reset_and_deactivate(world, client):
    organizer = world.users["organizer"]
    secretary = world.users["commune_committee"]
    issued = reset_password(actor=organizer, account=secretary)
    secretary.refresh_from_db()
    assert secretary.must_change_password and not secretary.check_password("Mat-khau-2025")
    assert secretary.check_password(issued.password)
    with pytest.raises(ApplicationError) as exc:
        deactivate_account(actor=organizer, account=organizer)
    assert exc.value.code == "self_deactivation"
    deactivate_account(actor=organizer, account=secretary)
    secretary.refresh_from_db()
    assert not secretary.is_active
    assert secretary.history.latest().history_change_reason == "Vô hiệu hóa tài khoản"  # type: ignore[attr-defined]
    response = client.post(reverse("login"), {"username": "xa", "password": issued.password})
    assert response.status_code == 200  # the form again: an inactive account does not sign in


def test_bulk_accounts_for_a_unit_all_or_nothing(world):
    organizer = world.users["organizer"]
    new_secretary(world, "Lê Văn Sơn")  # a namesake of the secretary who has "xa"
    chair = CadreFactory.create(full_name="Ngô Bảo Châu")
    AppointmentFactory(cadre=chair, unit=world.commune, position=PositionFactory(name="Chủ tịch UBND"))
    issued = create_accounts_for_unit(actor=organizer, unit=world.commune, role=Role.CADRE)
    names = sorted(i.account.username for i in issued)
    assert names == ["chaunb", "sonlv"]
    assert all(i.account.must_change_password for i in issued)
    assert {g.unit for g in RoleGrant.objects.filter(user__username__in=names, role=Role.CADRE)} == {
        world.commune
    }
    with pytest.raises(ApplicationError) as exc:
        create_accounts_for_unit(actor=organizer, unit=world.commune, role=Role.CADRE)
    assert exc.value.code == "nothing_to_create"

    # a cadre who also holds a post outside the commune organizer's subtree stops the whole batch
    commune_organizer = make_user("tochucxa", Role.ORGANIZER, world.commune)
    deputy = new_secretary(world, "Trịnh Văn Phó")
    AppointmentFactory(cadre=deputy, unit=world.finance, position=PositionFactory(name="Chuyên viên"))
    new_secretary(world, "Mai Văn An")
    before = User.objects.count()
    with pytest.raises(PermissionDeniedError):
        create_accounts_for_unit(actor=commune_organizer, unit=world.commune, role=Role.CADRE)
    assert User.objects.count() == before
