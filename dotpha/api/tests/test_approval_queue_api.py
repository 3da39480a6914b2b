"""GET /tasks/approval-queue filters and sorts as the page does (the same selector), and tells per task the
assignee's count against the programme's limits and whether its start or deadline has passed."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dotpha.api.tests.test_tasks_api import api_fixture  # noqa: F401
from dotpha.org.models import Cadre
from dotpha.programmes.models import Programme
from dotpha.programmes.tests.factories import field as make_field
from dotpha.tasks.models import Task, TaskStatus

pytestmark = pytest.mark.django_db


def queue(api, who="approver", query: str = "") -> dict:
    response = api.get(who, "task_approval_queue", query=query)
    assert response.status_code == 200, response.content
    return response.json()


def ids(page: dict) -> list[int]:
    return [item["id"] for item in page["items"]]


@pytest.fixture
def tasks(api):
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    digital = make_field("chuyen-doi-so")
    made = {
        "land": api.task(TaskStatus.SUBMITTED, title="Giải phóng mặt bằng khu công nghiệp"),
        "digital": api.task(TaskStatus.SUBMITTED, title="Số hóa hồ sơ cán bộ", field=digital),
        "minh": api.task(TaskStatus.SUBMITTED, assignee_cadre=minh, title="Thu ngân sách vượt dự toán"),
    }
    for key, month in (("land", 1), ("digital", 3), ("minh", 2)):
        Task.objects.filter(pk=made[key].pk).update(
            submitted_at=datetime.datetime(api.year, month, 10, 9, tzinfo=datetime.UTC)
        )
    return made


def test_the_filters_of_the_page(api, tasks):
    assert queue(api)["count"] == 3
    assert ids(queue(api, query=f"unit_id={api.world.home_affairs.pk}")) == [
        tasks["land"].pk,
        tasks["digital"].pk,
    ]
    assert ids(queue(api, query=f"field_id={tasks['digital'].field_id}")) == [tasks["digital"].pk]
    assert ids(queue(api, query="q=ngan+sach")) == [tasks["minh"].pk]
    assert ids(queue(api, query="q=hanh")) == [tasks["land"].pk, tasks["digital"].pk]
    window = f"submitted_from={api.day(2, 1)}&submitted_to={api.day(3, 31)}"
    assert ids(queue(api, query=window)) == [tasks["minh"].pk, tasks["digital"].pk]
    stage = api.stage
    both = f"programme_id={stage.programme.pk}&period_id={stage.period.pk}"
    assert queue(api, query=both)["count"] == 3
    other = stage.new_period()
    assert queue(api, query=f"period_id={other.pk}")["count"] == 0


def test_the_sort_of_the_page(api, tasks):
    assert ids(queue(api)) == [tasks["land"].pk, tasks["minh"].pk, tasks["digital"].pk]
    newest_first = [tasks["digital"].pk, tasks["minh"].pk, tasks["land"].pk]
    assert ids(queue(api, query="sort=-submitted")) == newest_first
    # Đặng Thị Hạnh before Trần Quang Minh
    assert ids(queue(api, query="sort=-cadre"))[0] == tasks["minh"].pk
    assert ids(queue(api, query="sort=unit"))[-1] == tasks["minh"].pk  # Sở Nội vụ, then Sở Tài chính


def test_pages_sorted_by_name_follow_one_another(api, tasks):
    """The pages read their ids through the queue's sort first: page after page gives the whole queue in
    the sort's order, each task once, and the count is the queue's."""
    for sort in ("cadre", "-cadre", "unit"):
        whole = ids(queue(api, query=f"sort={sort}"))
        pages = [queue(api, query=f"sort={sort}&page={n}&page_size=1") for n in (1, 2, 3)]
        assert [page["count"] for page in pages] == [3, 3, 3]
        assert [item for page in pages for item in ids(page)] == whole, sort
        assert sorted(whole) == sorted(task.pk for task in tasks.values())
    # the sort runs over the ids alone; the page's whole rows are then read by key, unsorted
    with CaptureQueriesContext(connection) as captured:
        queue(api, query="sort=cadre&page_size=2")
    tasks_read = [q["sql"] for q in captured.captured_queries if 'FROM "tasks_task"' in q["sql"]]
    ids_only = [sql for sql in tasks_read if sql.startswith('SELECT "tasks_task"."id" AS "pk" FROM')]
    assert len(ids_only) == 1 and "ORDER BY" in ids_only[0]
    whole_rows = [sql for sql in tasks_read if '"tasks_task"."title"' in sql]
    # by key: the statement ends with the page's ids, no ORDER BY and no LIMIT after them
    assert len(whole_rows) == 1 and re.search(r'"tasks_task"\."id" IN \([\d, ]+\)\)*$', whole_rows[0])


def test_each_item_tells_the_count_the_limits_and_what_has_passed(api, tasks):
    api.task(TaskStatus.APPROVED, title="Đã duyệt")
    limits = {"min_tasks_per_assignee": 1, "max_tasks_per_assignee": 2}
    Programme.objects.filter(pk=api.stage.programme.pk).update(**limits)
    today = timezone.localdate()
    Task.objects.filter(pk=tasks["minh"].pk).update(
        start_date=today - datetime.timedelta(days=20), deadline=today - datetime.timedelta(days=1)
    )
    Task.objects.filter(pk=tasks["land"].pk).update(
        start_date=today + datetime.timedelta(days=1), deadline=today + datetime.timedelta(days=30)
    )
    items = {item["id"]: item for item in queue(api)["items"]}
    land, minh = items[tasks["land"].pk], items[tasks["minh"].pk]
    assert land["assignee_task_count"] == 3
    assert (land["min_tasks_per_assignee"], land["max_tasks_per_assignee"]) == (1, 2)
    assert land["over_limit"] is True
    assert (land["assignee_post"], land["assignee_workplace"]) == ("Phó Giám đốc", "Sở Nội vụ")
    assert (land["start_passed"], land["deadline_passed"]) == (False, False)
    assert (minh["assignee_task_count"], minh["over_limit"]) == (1, False)
    assert (minh["start_passed"], minh["deadline_passed"]) == (True, True)


def test_bad_filters_are_refused_and_a_unit_out_of_reach_is_not_found(api, tasks):
    backwards = f"submitted_from={api.day(3, 1)}&submitted_to={api.day(2, 1)}"
    response = api.get("approver", "task_approval_queue", query=backwards)
    assert response.status_code == 422
    assert [d["field"] for d in response.json()["details"]] == ["submitted_to"]
    assert api.get("approver", "task_approval_queue", query="sort=title").status_code == 422
    # the ward is no unit of the approver's queue nor of their scope
    ward = f"unit_id={api.world.other_commune.pk}"
    assert api.get("approver", "task_approval_queue", query=ward).status_code == 404


def test_only_approvers_and_unit_leaderships_read_the_queue(api, tasks):
    for who in ("cadre", "organizer", "commune_committee", "inspector"):
        response = api.get(who, "task_approval_queue", query=f"unit_id={api.world.home_affairs.pk}")
        assert response.status_code == 403, who
