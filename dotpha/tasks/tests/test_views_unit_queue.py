"""A unit's leadership (demo `giamdoc`, unit manager of Sở Nội vụ) works through the same approval queue and
year-end grading sheet as the approvers, for the tasks it is the authority of: its staff's tasks in the
department's own plan, never a task of the province's programme, never a task beyond its subtree."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.programmes.models import Decision, Grade
from dotpha.programmes.tests.factories import PeriodFactory
from dotpha.tasks.models import Evaluation, GradingSheet, GradingSheetStatus, Task, TaskStatus
from dotpha.tasks.tests.department import department_fixture  # noqa: F401
from dotpha.tasks.tests.factories import ProgressReportFactory
from dotpha.tasks.tests.test_views_approval_queue import confirm_of, rows
from dotpha.tasks.tests.test_views_support import messages_of, web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

QUEUE = reverse("tasks:approvals")
BATCH = reverse("tasks:approve_batch")


@pytest.fixture
def waiting(department):
    """A staff registration in the department's plan (his to decide), the same staff member's task in the
    province's programme (the standing committee's plan: not his), and one of Sở Tài chính's staff."""
    web = department.web
    return {
        "own": department.task(title="Số hóa hồ sơ công chức của Sở"),
        "province": department.task(
            programme=web.programme, period=web.period, title="Việc theo chương trình của Tỉnh"
        ),
        "finance": web.task(
            TaskStatus.SUBMITTED, cadre=department.finance_staff, title="Việc của Sở Tài chính"
        ),
    }


def batch(department, tasks, **changes) -> dict:
    data = {
        "scope": "selected",
        "tasks": [t.pk for t in tasks],
        "number": "05/QĐ-SNV",
        "batch_number": "1",
        "title": "",
        "signed_on": f"{department.web.today:%d/%m/%Y}",
        "comment": "",
    }
    data.update(changes)
    return data


def test_the_menu_offers_the_director_the_queue_and_the_grading_sheets(department, client):
    client.force_login(department.director)
    items = {item["label"]: item["url"] for item in client.get(reverse("home")).context["nav_items"]}
    assert items["Chờ phê duyệt"] == QUEUE
    assert items["Đánh giá cuối năm"] == reverse("tasks:grading")
    queue = client.get(QUEUE)
    assert reverse("tasks:assign") in queue.text  # direct assignment is reached from the queue
    client.force_login(department.staff)
    labels = {item["label"] for item in client.get(reverse("home")).context["nav_items"]}
    assert "Chờ phê duyệt" not in labels and "Đánh giá cuối năm" not in labels
    assert client.get(QUEUE).status_code == 403
    assert client.get(reverse("tasks:grading")).status_code == 403


def test_the_directors_queue_holds_only_his_staffs_tasks_in_his_plan(department, waiting, client):
    client.force_login(department.director)
    page = client.get(QUEUE)
    assert page.status_code == 200
    assert rows(page.text) == [waiting["own"].pk]
    assert "Việc theo chương trình của Tỉnh" not in page.text and "Việc của Sở Tài chính" not in page.text


def test_the_director_approves_his_staff_in_a_batch_under_his_departments_decision(
    department, waiting, client
):
    client.force_login(department.director)
    body = batch(department, [waiting["own"]])
    confirmation = client.post(BATCH, body)
    assert "Phê duyệt <strong>1 việc, 1 cán bộ</strong>" in confirmation.text
    assert "05/QĐ-SNV" in confirmation.text and "Sở Nội vụ" in confirmation.text
    response = client.post(BATCH, {**body, "confirm": confirm_of(confirmation)}, follow=True)
    decision = Decision.objects.get()
    assert (decision.number, decision.issuing_unit) == ("05/QĐ-SNV", department.web.world.home_affairs)
    task = Task.objects.get(pk=waiting["own"].pk)
    assert (task.status, task.decision, task.approved_by) == (
        TaskStatus.APPROVED,
        decision,
        department.director,
    )
    assert any("Đã phê duyệt 1 việc theo Quyết định 05/QĐ-SNV" in m for m in messages_of(response))


def test_a_task_of_the_provinces_programme_is_refused_in_the_directors_batch(department, waiting, client):
    client.force_login(department.director)
    response = client.post(BATCH, batch(department, [waiting["province"]]))
    assert response.status_code == 403
    # the department issues no decision under the province's programme
    assert messages_of(response) == ["Bạn không có quyền ban hành quyết định của đơn vị này."]
    assert not Decision.objects.exists()
    assert Task.objects.get(pk=waiting["province"].pk).status == TaskStatus.SUBMITTED


@pytest.fixture
def graded(department):
    """Two approved tasks of the department's plan with the staff's self-assessment and a last report of
    100%, and an approved task of the same staff member in the province's programme."""
    web = department.web
    made = []
    for title in ("Số hóa hồ sơ công chức của Sở", "Rút gọn quy trình tuyển dụng"):
        task = department.task(TaskStatus.APPROVED, title=title)
        ProgressReportFactory.create(
            task=task,
            reported_on=web.today - datetime.timedelta(days=1),
            percent_done=100,
            author=department.staff,
        )
        Evaluation.objects.create(
            task=task, self_grade=Grade.GOOD, self_assessment="Đã xong.", self_assessed_by=department.staff
        )
        made.append(task)
    province = department.task(
        TaskStatus.APPROVED,
        programme=web.programme,
        period=web.period,
        title="Việc theo chương trình của Tỉnh",
    )
    return made, province


def test_the_director_grades_his_staff_on_the_sheet_and_downloads_it(department, graded, client):
    tasks, province = graded
    home_affairs = department.web.world.home_affairs
    sheet_url = reverse("tasks:grading_sheet", args=[department.period.pk, home_affairs.pk])
    client.force_login(department.director)
    overview = client.get(reverse("tasks:grading"))
    assert sheet_url in overview.text and "0/2 việc đã đánh giá" in overview.text
    # the province's programme has no sheet of his, even for his own staff
    province_url = reverse("tasks:grading_sheet", args=[department.web.period.pk, home_affairs.pk])
    assert province_url not in overview.text
    assert client.get(province_url).status_code == 404
    page = client.get(sheet_url)
    assert page.status_code == 200 and "Việc theo chương trình của Tỉnh" not in page.text
    data = {"action": "confirm"}
    for task in tasks:
        data |= {f"version_{task.pk}": str(task.version), f"grade_{task.pk}": Grade.GOOD}
        data[f"comment_{task.pk}"] = ""
    response = client.post(sheet_url, data, follow=True)
    assert "Đã xác nhận và khóa bảng đánh giá" in " ".join(messages_of(response))
    assert GradingSheet.objects.get().status == GradingSheetStatus.CONFIRMED
    assert set(Evaluation.objects.filter(task__in=tasks).values_list("grade", flat=True)) == {Grade.GOOD}
    assert not Evaluation.objects.filter(task=province).exists()
    excel = reverse("reports:export", args=["grading_sheet"])
    download = client.get(excel, {"period": department.period.pk, "unit": home_affairs.pk})
    assert download.status_code == 200
    assert client.get(excel, {"period": department.web.period.pk, "unit": home_affairs.pk}).status_code == 404


def test_the_director_never_reaches_a_sheet_beyond_his_subtree(department, client):
    web = department.web
    client.force_login(department.director)
    standing = reverse("tasks:grading_sheet", args=[web.period.pk, web.world.standing.pk])
    finance = reverse("tasks:grading_sheet", args=[department.period.pk, web.world.finance.pk])
    for url in (standing, finance):
        assert client.get(url).status_code == 404
        assert client.post(url, {"action": "save"}).status_code == 404
    assert not GradingSheet.objects.exists()


# --- adding a batch to an open decision -------------------------------------------------------------------


@pytest.fixture
def decisions(department):
    """The department's open decision 05/QĐ-SNV (approving one task already), one of its decisions with a
    signed scan, one of last year's period, and the standing committee's decision for the province."""
    web = department.web
    world = web.world
    signed = web.today - datetime.timedelta(days=1) if web.today.day > 1 else web.today

    def make(
        number, *, programme=department.plan, period=department.period, unit=world.home_affairs, **extra
    ):
        return Decision.objects.create(
            programme=programme,
            period=period,
            number=number,
            title=f"Quyết định {number}",
            signed_on=extra.pop("signed_on", signed),
            issuing_unit=unit or world.home_affairs,
            created_by=department.director,
            **extra,
        )

    last_year = PeriodFactory.create(
        programme=department.plan,
        name=str(web.today.year - 1),
        start_date=datetime.date(web.today.year - 1, 1, 1),
        end_date=datetime.date(web.today.year - 1, 12, 31),
    )
    found = {
        "open": make("05/QĐ-SNV"),
        "scanned": make("06/QĐ-SNV", scan_uploaded_at=timezone.now()),
        "last_year": make("01/QĐ-SNV", period=last_year, signed_on=datetime.date(web.today.year - 1, 3, 1)),
        "province": make("99-QĐ/TU", programme=web.programme, period=web.period, unit=world.standing),
    }
    earlier = department.task(TaskStatus.APPROVED, title="Việc đã phê duyệt trước")
    Task.objects.filter(pk=earlier.pk).update(decision=found["open"], approved_on=found["open"].signed_on)
    return found


def test_the_batch_form_offers_only_the_open_decisions_he_signs(department, waiting, decisions, client):
    client.force_login(department.director)
    offered = set(client.get(QUEUE).context["batch_form"].fields["decision"].queryset)
    assert offered == {decisions["open"], decisions["last_year"]}
    narrowed = client.get(QUEUE, {"period": department.period.pk}).context["batch_form"]
    assert set(narrowed.fields["decision"].queryset) == {decisions["open"]}


def test_the_director_adds_a_batch_to_his_open_decision(department, waiting, decisions, client):
    second = department.task(title="Rút gọn quy trình tuyển dụng")
    open_decision = decisions["open"]
    client.force_login(department.director)
    body = batch(department, [waiting["own"], second], number="", signed_on="", decision=open_decision.pk)
    confirmation = client.post(BATCH, body)
    assert "Phê duyệt <strong>2 việc, 1 cán bộ</strong>" in confirmation.text
    assert (
        "Thêm vào quyết định đang mở số 05/QĐ-SNV (đã phê duyệt 1 việc trước đợt này)." in confirmation.text
    )
    assert f"{open_decision.signed_on:%d/%m/%Y}" in confirmation.text
    assert open_decision.tasks.count() == 1  # the confirmation wrote nothing
    response = client.post(BATCH, {**body, "confirm": confirm_of(confirmation)}, follow=True)
    assert any("Đã phê duyệt 2 việc theo Quyết định 05/QĐ-SNV" in m for m in messages_of(response))
    assert Decision.objects.count() == 4
    approved = Task.objects.filter(pk__in=[waiting["own"].pk, second.pk])
    assert {(t.status, t.decision_id, t.approved_on) for t in approved} == {
        (TaskStatus.APPROVED, open_decision.pk, open_decision.signed_on)
    }
    assert open_decision.tasks.count() == 3


def test_a_decision_that_does_not_fit_is_refused_and_nothing_changes(department, waiting, decisions, client):
    client.force_login(department.director)
    own = waiting["own"]
    cases = [
        # last year's period: not the task's
        (
            {"decision": decisions["last_year"].pk, "number": "", "signed_on": ""},
            "Việc “Số hóa hồ sơ công chức của Sở”: Quyết định không thuộc chương trình và kỳ của việc.",
        ),
        # both an open decision and a new number
        (
            {"decision": decisions["open"].pk},
            "Chọn một quyết định đang mở hoặc nhập số quyết định mới, không nhập cả hai.",
        ),
        # neither: the new decision's date is asked for
        ({"number": "", "signed_on": ""}, "Nhập ngày."),
    ]
    for changes, said in cases:
        response = client.post(BATCH, batch(department, [own], **changes))
        assert said in response.text, said
        assert "Xác nhận phê duyệt" not in response.text
    # one with a signed scan, or the province's, is no choice of his
    for locked in (decisions["scanned"], decisions["province"]):
        response = client.post(BATCH, batch(department, [own], number="", decision=locked.pk))
        assert "decision" in response.context["batch_form"].errors
    assert Task.objects.get(pk=own.pk).status == TaskStatus.SUBMITTED
    assert Decision.objects.count() == 4
