"""Issue 11, #9: `/reports/tasks/?cadre=<id>` named any cadre to a unit manager or an approver. A cadre the
user may not see is neither named nor counted: the list answers 404."""

import pytest
from django.urls import reverse

from dotpha.org.models import Cadre
from dotpha.tasks.models import TaskStatus
from dotpha.tests.test_access import TaskStage

pytestmark = pytest.mark.django_db


def drill(client, cadre: Cadre, **params):
    return client.get(reverse("reports:tasks"), {"m": "approved", "cadre": cadre.pk, **params})


@pytest.mark.parametrize("role", ["unit_manager", "approver"])
def test_a_cadre_out_of_scope_is_not_named(world, client, role):
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")  # chair of another ward, managed there
    client.force_login(world.users[role])
    response = drill(client, ward_chair)
    assert response.status_code == 404
    assert "Vũ Thị Lan" not in response.text


def test_a_unit_manager_does_not_name_a_cadre_of_another_department(world, client):
    finance_head = Cadre.objects.get(full_name="Trần Quang Minh")
    client.force_login(world.users["unit_manager"])
    response = drill(client, finance_head)
    assert response.status_code == 404 and "Trần Quang Minh" not in response.text
    # nor by asking for the province's statistics, which are not theirs
    response = drill(client, finance_head, unit=world.province.pk)
    assert response.status_code == 404 and "Trần Quang Minh" not in response.text


def test_a_cadre_in_scope_is_still_named(world, client):
    deputy = Cadre.objects.get(full_name="Đặng Thị Hạnh")
    TaskStage(world).task(TaskStatus.APPROVED)
    for role in ("unit_manager", "approver", "organizer", "inspector"):
        client.force_login(world.users[role])
        response = drill(client, deputy)
        assert response.status_code == 200, role
        assert "Đặng Thị Hạnh" in response.text, role


def test_the_assignee_of_a_task_the_approver_decides_is_named(world, client):
    """A cadre outside the approver's units whose task the standing committee approves: the figures link to
    their name, so the list names them too."""
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    TaskStage(world).task(TaskStatus.APPROVED, assignee_cadre=ward_chair)
    client.force_login(world.users["approver"])
    response = drill(client, ward_chair)
    assert response.status_code == 200
    assert "Vũ Thị Lan" in response.text
    # the unit manager of Sở Nội vụ still does not see her
    client.force_login(world.users["unit_manager"])
    assert drill(client, ward_chair).status_code == 404
