"""The pages a unit's leadership uses for its own people (demo `giamdoc`, unit manager of Sở Nội vụ): open
the department's programme, assign a task to a staff member, approve a staff registration on its page;
who else may and may not; and the people pickers, which tell namesakes apart and offer only people in
post."""

import pytest
from django.urls import reverse

from dotpha.org.models import Cadre, Unit
from dotpha.org.tests.factories import make_unit
from dotpha.programmes.models import Programme
from dotpha.tasks.forms import AssignForm, EditForm, RegisterForm
from dotpha.tasks.models import Task, TaskOrigin, TaskStatus
from dotpha.tasks.tests.department import department_fixture  # noqa: F401
from dotpha.tasks.tests.test_views_programmes import programme_data
from dotpha.tasks.tests.test_views_support import messages_of, web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

STAFF_LABEL = "Hoàng Công Phong — Chuyên viên, Sở Nội vụ"
NAMESAKE_LABEL = "Hoàng Công Phong — Phó Giám đốc, Sở Tài chính"


def assignment(department, **changes) -> dict:
    web = department.web
    data = {
        "programme": department.plan.pk,
        "period": department.period.pk,
        "assignee_cadre": department.staff.cadre.pk,
        "kind": "breakthrough",
        "title": "Số hóa 800 hồ sơ công chức của Sở",
        "description": "Chỉnh lý, số hóa hồ sơ; cập nhật cơ sở dữ liệu.",
        "start_date": f"{web.start:%d/%m/%Y}",
        "deadline": f"{web.deadline:%d/%m/%Y}",
        "deliverable": "Cơ sở dữ liệu hồ sơ được cập nhật.",
        "comment": "Giao theo kế hoạch của Sở.",
        "decision_number": "09/QĐ-SNV",
        "signed_on": f"{web.today:%d/%m/%Y}",
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "targets-TOTAL_FORMS": "1",
        "targets-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_the_director_opens_a_programme_for_his_department(department, client):
    client.force_login(department.director)
    page = client.get(reverse("programmes:list"))
    assert reverse("programmes:create") in page.text
    assert reverse("programmes:edit", args=[department.plan.pk]) in page.text
    # the province's programme is shown (he registers under it) but is not his to change
    assert reverse("programmes:edit", args=[department.web.programme.pk]) not in page.text
    form = client.get(reverse("programmes:create"))
    assert form.status_code == 200
    offered = set(form.context["form"].fields["issuing_unit"].queryset)
    assert offered == {department.web.world.home_affairs}
    home_affairs = department.web.world.home_affairs
    response = client.post(
        reverse("programmes:create"), programme_data(department.web, issuing_unit=home_affairs.pk)
    )
    assert response.status_code == 302
    assert Programme.objects.get(number="05-KH/TU").issuing_unit == home_affairs


def test_a_programme_of_another_unit_is_not_offered_to_the_director(department, client):
    client.force_login(department.director)
    finance = department.web.world.finance
    response = client.post(
        reverse("programmes:create"), programme_data(department.web, issuing_unit=finance.pk)
    )
    assert response.status_code == 200
    assert "issuing_unit" in response.context["form"].errors
    assert response.context["form"].data["title"] == "Kế hoạch thực hiện việc khó, nhiệm vụ trọng tâm"
    assert not Programme.objects.filter(number="05-KH/TU").exists()


def test_the_director_adds_a_period_to_his_plan_but_not_to_the_provinces(department, client):
    client.force_login(department.director)
    data = {"name": "2027", "kind": "year", "start_date": "01/01/2027", "end_date": "31/12/2027"}
    ok = client.post(reverse("programmes:period_create", args=[department.plan.pk]), data)
    assert ok.status_code == 302
    assert department.plan.periods.filter(name="2027").exists()
    refused = client.post(reverse("programmes:period_create", args=[department.web.programme.pk]), data)
    assert refused.status_code == 403
    assert not department.web.programme.periods.filter(name="2027").exists()


def test_who_may_open_the_assignment_page(department, client):
    web = department.web
    for user, status in (
        (department.director, 200),
        (web.approver, 200),
        (web.cadre, 403),
        (department.staff, 403),
        (web.organizer, 403),
        (web.inspector, 403),
        (web.commune, 403),
        (web.nobody, 403),
    ):
        client.force_login(user)
        assert client.get(reverse("tasks:assign")).status_code == status, user


def test_the_director_assigns_a_task_to_a_staff_member(department, client):
    client.force_login(department.director)
    page = client.get(reverse("tasks:assign"))
    assert "Giao việc" in page.text
    assert STAFF_LABEL in page.text
    response = client.post(reverse("tasks:assign"), assignment(department))
    task = Task.objects.get()
    assert response.url == reverse("tasks:detail", args=[task.pk])
    assert (task.status, task.origin, task.assignee_cadre, task.author) == (
        TaskStatus.APPROVED,
        TaskOrigin.ASSIGNED,
        department.staff.cadre,
        department.director,
    )


def test_an_assignment_in_the_provinces_programme_is_refused_and_keeps_what_was_typed(department, client):
    client.force_login(department.director)
    web = department.web
    response = client.post(
        reverse("tasks:assign"), assignment(department, programme=web.programme.pk, period=web.period.pk)
    )
    assert response.status_code == 403
    assert "Người được giao không thuộc thẩm quyền giao việc của bạn." in messages_of(response)
    assert 'value="Số hóa 800 hồ sơ công chức của Sở"' in response.text
    assert not Task.objects.exists()


def test_the_director_approves_a_staff_registration_on_its_page(department, client):
    task = department.task()
    client.force_login(department.director)
    page = client.get(reverse("tasks:detail", args=[task.pk]))
    assert "Phê duyệt" in page.text
    response = client.post(
        reverse("tasks:review", args=[task.pk]),
        {
            "action": "approve",
            "comment": "Đồng ý.",
            "origin": "detail",
            "version": task.version,
            "decision_number": "10/QĐ-SNV",
            "signed_on": f"{department.web.today:%d/%m/%Y}",
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert (task.status, task.approved_by) == (TaskStatus.APPROVED, department.director)
    assert (task.decision.number, task.decision.issuing_unit) == (
        "10/QĐ-SNV",
        department.web.world.home_affairs,
    )


def test_the_director_cannot_approve_a_task_of_the_provinces_programme(department, client):
    web = department.web
    task = department.task(programme=web.programme, period=web.period)
    client.force_login(department.director)
    response = client.post(
        reverse("tasks:review", args=[task.pk]),
        {"action": "approve", "origin": "detail", "version": task.version},
    )
    assert response.status_code == 403
    assert "Việc không thuộc thẩm quyền phê duyệt của bạn." in messages_of(response)
    assert Task.objects.get(pk=task.pk).status == TaskStatus.SUBMITTED


def test_the_menu_leads_the_director_to_assignment_and_programmes(department, client):
    client.force_login(department.director)
    items = {item["label"]: item["url"] for item in client.get(reverse("home")).context["nav_items"]}
    assert items["Chờ phê duyệt"] == reverse("tasks:approvals")
    assert items["Chương trình"] == reverse("programmes:list")
    assert reverse("tasks:assign") in client.get(items["Chờ phê duyệt"]).text
    client.force_login(department.staff)
    labels = {item["label"] for item in client.get(reverse("home")).context["nav_items"]}
    assert "Chờ phê duyệt" not in labels and "Chương trình" not in labels


def choices(form, name: str) -> list:
    return list(form.fields[name].queryset)


def labels(field) -> list[str]:
    return [str(label) for _value, label in field.choices if _value != ""]


def test_pickers_tell_namesakes_apart_by_post_and_unit(department):
    form = AssignForm(user=department.web.organizer, today=department.web.today)
    names = labels(form.fields["co_cadres"])
    assert STAFF_LABEL in names and NAMESAKE_LABEL in names
    assert "Đặng Thị Hạnh — Phó Giám đốc, Sở Nội vụ" in names


def test_pickers_offer_only_people_in_post_on_the_day(department):
    web = department.web
    form = AssignForm(user=web.organizer, today=web.today)
    everyone = " ".join(labels(form.fields["co_cadres"]) + labels(form.fields["accountable_cadre"]))
    assert "Bùi Văn Lộc" not in everyone  # retired last year
    assert "Phạm Văn Cũ" not in everyone  # left when the old commune ended
    director_form = AssignForm(user=department.director, today=web.today)
    assignees = labels(director_form.fields["assignee_cadre"])
    # his own staff in post; not the retired one, not the deputy director the province manages
    assert assignees == [STAFF_LABEL]
    retired = Cadre.objects.get(full_name="Bùi Văn Lộc")
    bound = AssignForm(
        assignment(department, assignee_cadre=retired.pk), user=department.director, today=web.today
    )
    assert not bound.is_valid() and "assignee_cadre" in bound.errors


def test_a_person_already_on_a_task_stays_choosable_when_it_is_edited(department):
    web = department.web
    retired = Cadre.objects.get(full_name="Bùi Văn Lộc")
    task = web.task(title="Việc tập thể", assignee_unit=web.world.home_affairs, accountable_cadre=retired)
    form = EditForm(user=web.unit_manager, today=web.today, initial=EditForm.initial_for(task))
    assert retired in choices(form, "accountable_cadre")
    assert retired not in choices(AssignForm(user=web.unit_manager, today=web.today), "accountable_cadre")


def test_co_responsible_units_come_from_anywhere_in_the_province(department):
    web = department.web
    # an instance that serves two provinces: the other one's units are never offered
    other = make_unit(None, "Tỉnh Bình An", "BA", "province")
    make_unit(other, "Sở Tài chính tỉnh Bình An", "BA-STC")
    form = RegisterForm(user=department.staff, today=web.today)
    units = set(choices(form, "co_units"))
    assert {web.world.finance, web.world.commune, web.world.other_commune, web.world.standing} <= units
    assert web.world.old_commune not in units  # merged away: its successor is offered instead
    in_force = Unit.objects.filter(valid_to__isnull=True)
    assert in_force.filter(path__startswith=web.world.province.path).count() == len(units)
    assert not {u for u in units if u.path.startswith(other.path)}
    # the director who leads the department is offered the same province's units
    assert set(choices(RegisterForm(user=department.director, today=web.today), "co_units")) == units
