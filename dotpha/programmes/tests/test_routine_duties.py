"""Nhiệm vụ thường xuyên của đơn vị: who lists a unit's routine duties under a programme, and what is
refused."""

import pytest
from django.urls import reverse

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.tests.factories import make_unit, make_user
from dotpha.programmes.models import RoutineDuty
from dotpha.programmes.services import routine_duties_add, routine_duty_remove
from dotpha.programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

LINES = "Tham mưu công tác tổ chức bộ máy\n\n  Quản lý   biên chế công chức  \nCải cách hành chính\n"


@pytest.fixture
def programme(world):
    return ProgrammeFactory.create(issuing_unit=world.standing)


def test_the_organizer_adds_one_duty_per_line_with_history(world, programme):
    organizer = world.users["organizer"]
    added = routine_duties_add(actor=organizer, programme=programme, unit=world.home_affairs, text=LINES)
    assert [d.text for d in added] == [
        "Tham mưu công tác tổ chức bộ máy",
        "Quản lý biên chế công chức",
        "Cải cách hành chính",
    ]
    assert RoutineDuty.objects.filter(programme=programme, unit=world.home_affairs).count() == 3
    assert added[0].history.get().history_user == organizer


def test_empty_text_and_a_unit_outside_the_programme_are_refused(world, programme):
    organizer = world.users["organizer"]
    with pytest.raises(ApplicationError) as refusal:
        routine_duties_add(actor=organizer, programme=programme, unit=world.home_affairs, text=" \n \n")
    assert refusal.value.message == "Nhập nhiệm vụ thường xuyên của đơn vị, mỗi dòng một nhiệm vụ."
    elsewhere = make_unit(None, "Tỉnh Khác", "Q", "province")
    with pytest.raises(ApplicationError) as refusal:
        routine_duties_add(actor=organizer, programme=programme, unit=elsewhere, text=LINES)
    assert refusal.value.message == "Đơn vị Tỉnh Khác không thuộc phạm vi của chương trình."
    assert not RoutineDuty.objects.exists()


@pytest.mark.parametrize("who", ["cadre", "unit_manager", "approver", "inspector", "nobody"])
def test_who_does_not_run_the_programme_may_neither_add_nor_remove(world, programme, who):
    duty = RoutineDuty.objects.create(
        programme=programme, unit=world.home_affairs, text="Cải cách hành chính"
    )
    actor = world.users[who]
    with pytest.raises(PermissionDeniedError):
        routine_duties_add(actor=actor, programme=programme, unit=world.home_affairs, text=LINES)
    with pytest.raises(PermissionDeniedError):
        routine_duty_remove(actor=actor, duty=duty)
    assert list(RoutineDuty.objects.all()) == [duty]


def test_the_organizer_removes_a_duty_with_history(world, programme):
    organizer = world.users["organizer"]
    duty = RoutineDuty.objects.create(
        programme=programme, unit=world.home_affairs, text="Cải cách hành chính"
    )
    routine_duty_remove(actor=organizer, duty=duty)
    assert not RoutineDuty.objects.exists()
    assert RoutineDuty.history.filter(history_type="-").get().history_user == organizer


def test_the_units_leadership_runs_its_own_programmes_duties(world):
    own = ProgrammeFactory.create(issuing_unit=world.home_affairs)
    manager = world.users["unit_manager"]
    routine_duties_add(actor=manager, programme=own, unit=world.home_affairs, text="Quản lý biên chế")
    assert RoutineDuty.objects.filter(programme=own).count() == 1


# ---- the page


def page_url(programme):
    return reverse("programmes:routine_duties", args=[programme.pk])


def test_the_organizer_lists_adds_and_removes_on_the_page(world, programme, client):
    client.force_login(world.users["organizer"])
    listing = client.get(reverse("programmes:list")).text
    assert page_url(programme) in listing
    page = client.get(page_url(programme)).text
    assert "Nhiệm vụ thường xuyên của đơn vị" in page and "Sở Nội vụ" in page  # in the unit picker
    response = client.post(page_url(programme), {"unit": world.home_affairs.pk, "text": LINES})
    assert response.status_code == 302
    page = client.get(page_url(programme)).text
    assert "Đã thêm 3 nhiệm vụ thường xuyên." in page
    assert f'data-duty-unit="{world.home_affairs.pk}"' in page and "Quản lý biên chế công chức" in page
    duty = RoutineDuty.objects.get(text="Cải cách hành chính")
    response = client.post(reverse("programmes:routine_duty_remove", args=[duty.pk]))
    assert response.status_code == 302
    assert not RoutineDuty.objects.filter(pk=duty.pk).exists()
    assert RoutineDuty.objects.count() == 2


def test_an_empty_text_is_refused_on_the_page(world, programme, client):
    client.force_login(world.users["organizer"])
    response = client.post(page_url(programme), {"unit": world.home_affairs.pk, "text": "  "})
    assert response.status_code == 200
    assert "Nhập nhiệm vụ thường xuyên của đơn vị, mỗi dòng một nhiệm vụ." in response.text
    assert not RoutineDuty.objects.exists()


@pytest.mark.parametrize("who", ["cadre", "unit_manager", "approver", "inspector", "nobody"])
def test_the_page_and_removal_are_refused_to_others(world, programme, client, who):
    duty = RoutineDuty.objects.create(
        programme=programme, unit=world.home_affairs, text="Cải cách hành chính"
    )
    client.force_login(world.users[who])
    assert client.get(page_url(programme)).status_code in (403, 404)
    response = client.post(page_url(programme), {"unit": world.home_affairs.pk, "text": LINES})
    assert response.status_code in (403, 404)
    response = client.post(reverse("programmes:routine_duty_remove", args=[duty.pk]))
    assert response.status_code in (403, 404)
    assert list(RoutineDuty.objects.all()) == [duty]


def test_a_finance_organizer_may_not_list_the_provinces_duties(world, programme, client):
    finance_organizer = make_user("tochuc-tc", Role.ORGANIZER, world.finance)
    client.force_login(finance_organizer)
    assert client.get(page_url(programme)).status_code in (403, 404)
