"""The reads: a task's page content, GET /tasks (each item, the filters of the list page, pagination, a
fixed number of queries, each token seeing only its holder's scope) and the approval queue."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dotpha.api.tests.test_tasks_api import api_fixture, assert_refused  # noqa: F401
from dotpha.org.models import Cadre
from dotpha.programmes.models import Field, TaskKind
from dotpha.tasks.models import (
    AdjustmentRequest,
    CoResponsibleUnit,
    Evaluation,
    Obstacle,
    ReportTargetValue,
    Task,
    TaskStatus,
)
from dotpha.tasks.tests.factories import MilestoneFactory, ProgressReportFactory, TargetFactory

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_the_task_page_content(api):
    evidence = api.stage.evidence()
    report = evidence.report
    task = report.task
    target = TargetFactory.create(task=task, achieved_value=9)
    ReportTargetValue.objects.create(report=report, target=target, value=9)
    MilestoneFactory.create(task=task, title="Khởi công", due_date=datetime.date(api.year, 3, 1))
    CoResponsibleUnit.objects.create(task=task, unit=api.world.finance)
    Obstacle.objects.create(
        task=task, content="Thiếu kinh phí", proposal="Bổ sung", raised_by=api.user("cadre")
    )
    AdjustmentRequest.objects.create(
        task=task,
        reason="Mưa lũ",
        requested_by=api.user("cadre"),
        new_deadline=datetime.date(api.year, 12, 20),
    )
    Evaluation.objects.create(task=task, self_grade="good", self_assessment="Đạt.")

    data = api.get("inspector", "task_get", task.pk).json()
    assert (data["description"], data["deliverable"], data["origin"]) == (
        task.description,
        task.deliverable,
        "registered",
    )
    assert data["accountable_cadre_id"] is None and data["co_units"] == [
        {"id": api.world.finance.pk, "name": "Sở Tài chính"}
    ]
    assert [(m["title"], m["due_date"], m["done_on"]) for m in data["milestones"]] == [
        ("Khởi công", api.day(3, 1), None)
    ]
    assert [(t["name"], t["target_value"], t["achieved_value"]) for t in data["targets"]] == [
        ("Xây nhà cho hộ nghèo", "13.00", "9.00")
    ]
    [shown] = data["progress_reports"]
    assert (shown["percent_done"], shown["author_name"]) == (report.percent_done, "Đặng Thị Hạnh")
    assert shown["target_values"] == [{"target_id": target.pk, "value": "9.00"}]
    assert shown["evidence"] == [{"id": evidence.pk, "original_name": "Biên bản.pdf", "size": 19}]
    assert [(o["content"], o["proposal"], o["status"], o["answer"]) for o in data["obstacles"]] == [
        ("Thiếu kinh phí", "Bổ sung", "open", "")
    ]
    assert [(a["reason"], a["new_deadline"], a["original_deadline"]) for a in data["adjustments"]] == [
        ("Mưa lũ", api.day(12, 20), None)
    ]
    evaluation = data["evaluation"]
    assert (evaluation["self_grade"], evaluation["self_assessment"], evaluation["grade"]) == (
        "good",
        "Đạt.",
        None,
    )
    assert data["grade"] is None


def test_an_item_of_the_list(api):
    task = api.task(TaskStatus.APPROVED, title="Số hóa hồ sơ cán bộ")
    ProgressReportFactory.create(
        task=task, author=api.user("cadre"), reported_on=datetime.date(api.year, 1, 10), percent_done=100
    )
    Evaluation.objects.create(task=task, self_grade="good", grade="excellent")
    [item] = api.get("cadre", "task_list").json()["items"]
    assert item == {
        "id": task.pk,
        "title": "Số hóa hồ sơ cán bộ",
        "kind": "breakthrough",
        "status": "approved",
        "progress": "ahead_of_plan",
        "latest_percent": 100,
        "programme_id": api.stage.programme.pk,
        "period_id": api.stage.period.pk,
        "field_id": None,
        "assignee_cadre_id": api.stage.cadre.cadre.pk,
        "assignee_cadre_name": "Đặng Thị Hạnh",
        "assignee_unit_id": None,
        "assignee_unit_name": None,
        "authority_unit_id": api.world.standing.pk,
        "start_date": api.day(1, 1),
        "deadline": api.day(12, 31),
        "decision_id": None,
        "grade": "excellent",
        "version": 1,  # made by factories, never changed through a service
    }
    assert api.get("cadre", "task_get", task.pk).json()["progress"] == "ahead_of_plan"


def test_the_filters_of_the_list_page(api):
    field = Field.objects.order_by("pk")[0]
    draft = api.task(title="Số hóa hồ sơ cán bộ", field=field)
    submitted = api.task(TaskStatus.SUBMITTED, kind=TaskKind.DIFFICULT)
    done = api.task(TaskStatus.APPROVED)
    ProgressReportFactory.create(
        task=done, author=api.user("cadre"), reported_on=datetime.date(api.year, 1, 10), percent_done=100
    )
    later = api.task(period=api.stage.new_period())
    minh = Cadre.objects.get(full_name="Trần Quang Minh")  # works in Sở Tài chính
    finance = api.task(assignee_cadre=minh, author=api.user("organizer"))

    def listed(query: str, who: str = "organizer") -> set[int]:
        return set(ids(api.get(who, "task_list", query=query + "&page_size=200")))

    assert listed("") == {draft.pk, submitted.pk, done.pk, later.pk, finance.pk}
    assert listed("status=submitted") == {submitted.pk}
    assert listed("progress=ahead_of_plan") == {done.pk}
    # the last word typed is the start of a word: "so hoa" also finds the others' "Hoàn thành ... số n"
    assert listed("q=so+hoa") == {draft.pk, submitted.pk, done.pk, later.pk, finance.pk}
    assert listed("q=so+hoa+ho") == {draft.pk}
    assert listed(f"period_id={later.period_id}") == {later.pk}
    assert listed(f"programme_id={api.stage.programme.pk}&status=draft") == {draft.pk, later.pk, finance.pk}
    assert listed("kind=difficult") == {submitted.pk}
    assert listed(f"field_id={field.pk}") == {draft.pk}
    assert listed(f"unit_id={api.world.finance.pk}") == {finance.pk}
    assert listed("mine=true", who="cadre") == {draft.pk, submitted.pk, done.pk, later.pk}
    assert listed("mine=true") == {finance.pk}  # what the organizer registered is theirs too

    response = api.get("organizer", "task_list", query="status=finished")
    assert response.status_code == 422 and response.json()["details"][0]["field"] == "status"
    assert_refused(api.get("cadre", "task_list", query=f"unit_id={api.world.finance.pk}"), 404, "not_found")


def test_pages_follow_the_deadline(api):
    tasks = [api.task(deadline=datetime.date(api.year, 12, 31 - i)) for i in range(5)]
    by_deadline = [t.pk for t in reversed(tasks)]
    pages = [api.get("cadre", "task_list", query=f"page={n}&page_size=2").json() for n in (1, 2, 3)]
    assert [p["count"] for p in pages] == [5, 5, 5]
    assert [[t["id"] for t in p["items"]] for p in pages] == [
        by_deadline[:2],
        by_deadline[2:4],
        by_deadline[4:],
    ]
    assert ids(api.get("cadre", "task_list", query="page=4&page_size=2")) == []


def test_pages_by_cursor_follow_the_deadline_and_the_undated_come_last(api):
    tasks = [
        api.task(title=f"Số hóa hồ sơ {i}", deadline=datetime.date(api.year, 12, 31 - i)) for i in range(5)
    ]
    undated = api.task(title="Việc chưa có hạn", deadline=None, start_date=None)
    in_order = [t.pk for t in reversed(tasks)] + [undated.pk]
    seen, cursor, pages = [], "", 0
    while cursor is not None:
        page = api.get("cadre", "task_list", query=f"page_size=2&cursor={cursor}").json()
        assert (page["count"], page["count_more"]) == (6, False)
        seen += [t["id"] for t in page["items"]]
        cursor, pages = page["next_cursor"], pages + 1
    assert (seen, pages) == (in_order, 3)
    # by page number, the next cursor too: a client can switch to cursors on the way
    numbered = api.get("cadre", "task_list", query="page=2&page_size=2").json()
    assert [t["id"] for t in numbered["items"]] == in_order[2:4]
    after = api.get("cadre", "task_list", query=f"page_size=2&cursor={numbered['next_cursor']}").json()
    assert [t["id"] for t in after["items"]] == in_order[4:]
    assert api.get("cadre", "task_list", query="page=3&page_size=2").json()["next_cursor"] is None
    # a search (more of its words in the title first) pages by cursor too, within the search
    seen, cursor = [], ""
    while cursor is not None:
        page = api.get("cadre", "task_list", query=f"q=ho+so&page_size=2&cursor={cursor}").json()
        assert page["count"] == 5
        seen += [t["id"] for t in page["items"]]
        cursor = page["next_cursor"]
    assert seen == in_order[:5]
    # a cursor that is not one: 422 naming the field, not a page of something else
    for wrong in ("2026-13-01_5", "5_5", "2026-12-01", "2026-12-01_x"):
        response = api.get("cadre", "task_list", query=f"cursor={wrong}")
        assert response.status_code == 422 and response.json()["details"][0]["field"] == "cursor"


def test_a_search_pages_by_number_in_its_ranked_order_and_counts_what_it_found(api):
    # two tasks with the words in their title, due last; three with them in the description only
    titled = [
        api.task(title=f"Số hóa hồ sơ {i}", deadline=datetime.date(api.year, 12, 31 - i)) for i in (0, 1)
    ]
    described = [
        api.task(
            title=f"Việc thường {i}",
            description="Số hóa hồ sơ cán bộ",
            deadline=datetime.date(api.year, 1, 10 + i),
        )
        for i in (0, 1, 2)
    ]
    api.task(title="Việc khác")
    with CaptureQueriesContext(connection) as captured:
        first = api.get("cadre", "task_list", query="q=so+hoa+ho+so&page=1&page_size=2").json()
    sql = [query["sql"] for query in captured.captured_queries]  # the next request clears the log
    pages = [first] + [
        api.get("cadre", "task_list", query=f"q=so+hoa+ho+so&page={n}&page_size=2").json() for n in (2, 3)
    ]
    assert [[t["id"] for t in page["items"]] for page in pages] == [
        [titled[1].pk, titled[0].pk],
        [described[0].pk, described[1].pk],
        [described[2].pk],
    ]
    assert [page["count"] for page in pages] == [5, 5, 5]
    # the count is the search's: no COUNT query; the page is found on the tasks' own columns, no join
    assert not any("COUNT(" in text and "tasks_task" in text for text in sql)
    paged = [text for text in sql if re.search(r"LIMIT 2\b", text)]
    assert len(paged) == 1 and "JOIN" not in paged[0]


def test_a_token_sees_only_its_holders_scope(api):
    own = api.task()
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    ward = api.task(
        assignee_cadre=ward_chair, author=api.user("nobody"), authority_unit=api.world.other_commune
    )
    assert set(ids(api.get("organizer", "task_list"))) == {own.pk, ward.pk}
    assert ids(api.get("cadre", "task_list")) == [own.pk]
    assert ids(api.get("approver", "task_list")) == [own.pk]
    assert ids(api.get("commune_committee", "task_list")) == []
    assert ids(api.get("nobody", "task_list")) == [ward.pk]  # the author of a task always sees it


def test_the_list_runs_a_fixed_number_of_queries(api):
    def fill(count: int) -> None:
        for _ in range(count):
            task = api.task(TaskStatus.APPROVED, field=Field.objects.first())
            ProgressReportFactory.create(task=task, author=api.user("cadre"), percent_done=40)
            Evaluation.objects.create(task=task, self_grade="good", grade="good")

    def queries(query: str = "") -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("organizer", "task_list", query=query).status_code == 200
        return len(captured)

    fill(2)
    api.get("organizer", "task_list")  # warm
    # the token and its last use (2), the scope's grants and merged units (2), whether they hold every tree
    # (1), the working-day calendar (for "overdue"), the page and its count: 8 at 2 tasks and at 10, by page
    # number or by cursor
    assert queries() == QUERIES
    assert queries("cursor=&page_size=2") == QUERIES
    fill(8)
    assert queries() == QUERIES
    second = api.get("organizer", "task_list", query="cursor=&page_size=2").json()["next_cursor"]
    assert queries(f"cursor={second}&page_size=2") == QUERIES


QUERIES = 8


def test_the_approval_queue(api):
    first = api.task(TaskStatus.SUBMITTED)
    second = api.task(TaskStatus.SUBMITTED)
    Task.objects.filter(pk=first.pk).update(
        submitted_at=datetime.datetime(api.year, 2, 1, tzinfo=datetime.UTC)
    )
    Task.objects.filter(pk=second.pk).update(
        submitted_at=datetime.datetime(api.year, 1, 1, tzinfo=datetime.UTC)
    )
    api.task()  # a draft waits for no one
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    api.task(TaskStatus.SUBMITTED, assignee_cadre=ward_chair, authority_unit=api.world.other_commune)
    page = api.get("approver", "task_approval_queue", query="page_size=1").json()
    assert (page["count"], [t["id"] for t in page["items"]]) == (2, [second.pk])
    assert ids(api.get("approver", "task_approval_queue", query="page=2&page_size=1")) == [first.pk]


def test_the_task_page_runs_a_fixed_number_of_queries(api):
    task = api.task(TaskStatus.APPROVED)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get("approver", "task_get", task.pk).status_code == 200
        return len(captured)

    ProgressReportFactory.create(task=task, author=api.user("cadre"))
    api.get("approver", "task_get", task.pk)  # warm
    one = queries()
    for _ in range(5):
        ProgressReportFactory.create(task=task, author=api.user("unit_manager"))
        Obstacle.objects.create(task=task, content="Thiếu kinh phí", raised_by=api.user("cadre"))
    assert queries() == one
