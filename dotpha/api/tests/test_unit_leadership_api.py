"""A unit's leadership through the API, as on the pages: the director of Sở Nội vụ assigns to and approves
his own staff in the department's plan, with co-responsible units from anywhere in the province; the
province's programme and people out of post are refused, and a refusal changes nothing."""

import datetime

import pytest
from django.utils import timezone

from dotpha.accounts.models import Role
from dotpha.api.tests.test_tasks_api import TaskApi, api_fixture, assert_refused  # noqa: F401
from dotpha.org.models import EndReason
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory, make_user
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.models import Evaluation, Task, TaskOrigin, TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(api: TaskApi):
    """Sở Nội vụ's plan this year, and a staff member the department manages (with an account)."""
    world = api.world
    today = timezone.localdate()
    programme = ProgrammeFactory.create(
        number="15/KH-SNV",
        issuing_unit=world.home_affairs,
        registration_opens=today - datetime.timedelta(days=30),
        registration_closes=today + datetime.timedelta(days=30),
    )
    period = PeriodFactory.create(
        programme=programme,
        name=str(api.year),
        start_date=datetime.date(api.year, 1, 1),
        end_date=datetime.date(api.year, 12, 31),
    )
    staff = CadreFactory.create(full_name="Hoàng Công Phong", managing_unit=world.home_affairs)
    AppointmentFactory(cadre=staff, unit=world.home_affairs, position=PositionFactory(name="Chuyên viên"))
    make_user("phong", Role.CADRE, world.home_affairs, staff)
    return programme, period, staff


# every approval belongs to a decision: the department's own, signed today
DEPARTMENT_DECISION = {"decision_number": "12/QĐ-SNV", "signed_on": timezone.localdate().isoformat()}


def body(api: TaskApi, programme, period, cadre, **extra) -> dict:
    return api.registration(
        programme_id=programme.pk, period_id=period.pk, assignee_cadre_id=cadre.pk, **extra
    )


def test_the_director_assigns_to_his_staff_with_a_partner_unit_outside_his_subtree(api, plan):
    programme, period, staff = plan
    commune = api.world.commune
    response = api.post(
        "unit_manager",
        "task_assign",
        body=body(api, programme, period, staff, co_unit_ids=[commune.pk]) | DEPARTMENT_DECISION,
    )
    assert response.status_code == 201, response.content
    task = Task.objects.get(pk=response.json()["id"])
    assert (task.origin, task.status, task.authority_unit, task.approved_by) == (
        TaskOrigin.ASSIGNED,
        TaskStatus.APPROVED,
        api.world.home_affairs,
        api.user("unit_manager"),
    )
    assert list(task.co_units.all()) == [commune]


def test_the_director_is_refused_in_the_provinces_programme(api, plan):
    _programme, _period, staff = plan
    stage = api.stage
    response = api.post("unit_manager", "task_assign", body=body(api, stage.programme, stage.period, staff))
    assert_refused(response, 403, "forbidden", "Người được giao không thuộc thẩm quyền giao việc của bạn.")
    assert not Task.objects.exists()


def test_a_cadre_out_of_post_is_not_offered_for_assignment(api, plan):
    programme, period, _staff = plan
    retired = CadreFactory.create(full_name="Bùi Văn Lộc", managing_unit=api.world.home_affairs)
    AppointmentFactory(
        cadre=retired,
        unit=api.world.home_affairs,
        position=PositionFactory(name="Chuyên viên"),
        end_date=datetime.date(api.year - 1, 6, 30),
        end_reason=EndReason.RETIRED,
    )
    response = api.post("unit_manager", "task_assign", body=body(api, programme, period, retired))
    assert_refused(response, 404, "not_found")
    assert not Task.objects.exists()


def test_the_director_approves_his_staffs_registration_not_the_provinces(api, plan):
    programme, period, staff = plan
    common = {"assignee_cadre": staff, "authority_unit": api.world.home_affairs}
    own = api.stage.task(TaskStatus.SUBMITTED, programme=programme, period=period, **common)
    province = api.stage.task(TaskStatus.SUBMITTED, **common)
    response = api.post(
        "unit_manager", "task_approve", own.pk, body={"comment": "Đồng ý."} | DEPARTMENT_DECISION
    )
    assert response.status_code == 200, response.content
    assert Task.objects.get(pk=own.pk).status == TaskStatus.APPROVED
    response = api.post("unit_manager", "task_approve", province.pk, body={})
    assert_refused(response, 403, "forbidden", "Việc không thuộc thẩm quyền phê duyệt của bạn.")
    assert Task.objects.get(pk=province.pk).status == TaskStatus.SUBMITTED


def test_the_directors_queue_holds_his_staffs_registrations_in_his_plan_only(api, plan):
    programme, period, staff = plan
    common = {"assignee_cadre": staff, "authority_unit": api.world.home_affairs}
    own = api.stage.task(TaskStatus.SUBMITTED, programme=programme, period=period, **common)
    api.stage.task(TaskStatus.SUBMITTED, **common)  # the province's programme: not his
    response = api.get("unit_manager", "task_approval_queue")
    assert response.status_code == 200, response.content
    assert [row["id"] for row in response.json()["items"]] == [own.pk]


def test_the_director_grades_his_staff_on_the_sheet_not_the_provinces(api, plan):
    programme, period, staff = plan
    common = {"assignee_cadre": staff, "authority_unit": api.world.home_affairs}
    own = api.stage.task(TaskStatus.APPROVED, programme=programme, period=period, **common)
    province = api.stage.task(TaskStatus.APPROVED, **common)
    Evaluation.objects.create(task=own, self_grade="completed", self_assessment="Đã xong.")
    home_affairs = api.world.home_affairs.pk
    sheet = api.get("unit_manager", "grading_sheet_get", period.pk, home_affairs)
    assert sheet.status_code == 200, sheet.content
    assert [row["task_id"] for row in sheet.json()["rows"]] == [own.pk]
    line = {"task_id": own.pk, "grade": "completed", "version": sheet.json()["rows"][0]["version"]}
    response = api.post(
        "unit_manager", "grading_sheet_confirm", period.pk, home_affairs, body={"lines": [line]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    assert Task.objects.get(pk=own.pk).evaluation.grade == "completed"
    # the province's programme: no sheet of his, even for his own staff; nothing written
    assert api.get("unit_manager", "grading_sheet_get", api.stage.period.pk, home_affairs).status_code == 404
    line = {"task_id": province.pk, "grade": "completed"}
    response = api.post(
        "unit_manager", "grading_sheet_confirm", api.stage.period.pk, home_affairs, body={"lines": [line]}
    )
    assert response.status_code == 404
    assert not hasattr(Task.objects.get(pk=province.pk), "evaluation")


def test_the_director_adds_his_staffs_tasks_to_his_open_decision(api, plan):
    programme, period, staff = plan
    common = {"assignee_cadre": staff, "authority_unit": api.world.home_affairs}
    first, second = (
        api.stage.task(TaskStatus.SUBMITTED, programme=programme, period=period, **common) for _ in range(2)
    )
    province = api.stage.task(TaskStatus.SUBMITTED, **common)
    body = {"task_ids": [first.pk], "number": "12/QĐ-SNV", "signed_on": timezone.localdate().isoformat()}
    created = api.post("unit_manager", "decision_approve_batch", body=body)
    assert created.status_code == 201, created.content
    decision_id = created.json()["id"]
    added = api.post(
        "unit_manager", "decision_approve_batch", body={"task_ids": [second.pk], "decision_id": decision_id}
    )
    assert added.status_code == 201, added.content
    assert set(Task.objects.filter(decision_id=decision_id).values_list("pk", flat=True)) == {
        first.pk,
        second.pk,
    }
    # a task of the province's programme never goes into the department's decision
    refused = api.post(
        "unit_manager", "decision_approve_batch", body={"task_ids": [province.pk], "decision_id": decision_id}
    )
    said = f"Việc “{province.title}”: Việc không thuộc thẩm quyền phê duyệt của bạn."
    assert_refused(refused, 403, "forbidden", said)
    assert Task.objects.get(pk=province.pk).status == TaskStatus.SUBMITTED
