"""The approval queue as a working table: filters and sort in the URL, pages, the assignee's task count
against the programme's limits, the late badge, and approval of a selection or of everything the filter
finds, under a decision, through a confirmation that writes nothing."""

import datetime
import re

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.org.models import Cadre, Unit
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory
from dotpha.programmes.models import Decision, Field, Programme
from dotpha.programmes.tests.factories import field as make_field
from dotpha.tasks.models import Task, TaskEvent, TaskStatus
from dotpha.tasks.selectors.queue_table import selection_digest
from dotpha.tasks.tests.test_views_support import messages_of, web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

QUEUE = reverse("tasks:approvals")
BATCH = reverse("tasks:approve_batch")


def submitted_on(task: Task, day: datetime.date) -> Task:
    Task.objects.filter(pk=task.pk).update(
        submitted_at=datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    )
    task.refresh_from_db()
    return task


def rows(html: str) -> list[int]:
    """The tasks of the queue's table, in the order shown."""
    return [int(pk) for pk in re.findall(r'<tr data-task="(\d+)"', html)]


def row(html: str, task: Task) -> str:
    found = re.search(rf'<tr data-task="{task.pk}">(.*?)</tr>', html, re.S)
    assert found, task.title
    return found.group(1)


def signed(web) -> str:
    """Signed today: inside the running period, never in the future."""
    return f"{web.today:%d/%m/%Y}"


def confirm_of(confirmation) -> str:
    """The fingerprint of the tasks the confirmation page shows, which its confirm button sends."""
    found = re.search(r'name="confirm" value="(\w+)"', confirmation.text)
    assert found, "no confirmation"
    return found.group(1)


def decision_fields(**changes) -> dict:
    data = {"number": "125-QĐ/TU", "batch_number": "1", "title": "", "signed_on": "", "comment": ""}
    data.update(changes)
    return data


@pytest.fixture
def queue(web):
    """Four submitted tasks: two of Hạnh (Sở Nội vụ), one of Minh (Sở Tài chính), one of Sơn (the commune),
    in two fields, sent on different days."""
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    son = Cadre.objects.get(full_name="Lê Văn Sơn")
    digital = make_field("chuyen-doi-so")
    year = web.today.year
    tasks = {
        "hanh_land": web.task(TaskStatus.SUBMITTED, title="Giải phóng mặt bằng khu công nghiệp"),
        "hanh_digital": web.task(TaskStatus.SUBMITTED, title="Số hóa hồ sơ cán bộ", field=digital),
        "minh": web.task(TaskStatus.SUBMITTED, cadre=minh, title="Thu ngân sách vượt dự toán"),
        "son": web.task(TaskStatus.SUBMITTED, cadre=son, title="Xây nhà đại đoàn kết", field=digital),
    }
    for key, month in (("hanh_land", 1), ("hanh_digital", 3), ("minh", 2), ("son", 4)):
        submitted_on(tasks[key], datetime.date(year, month, 10))
    return tasks


# --- who may use it ---------------------------------------------------------------------------------------


def test_only_approvers_see_the_queue_and_post_a_batch(web, queue, client):
    # a unit's leadership has its own queue (test_views_unit_queue): none of these tasks is in it
    client.force_login(web.unit_manager)
    assert rows(client.get(QUEUE).text) == []
    for user in (web.organizer, web.cadre, web.commune, web.inspector):
        client.force_login(user)
        assert client.get(QUEUE + "?q=so+hoa").status_code == 403
        response = client.post(BATCH, {"scope": "filter", **decision_fields(signed_on=signed(web))})
        assert response.status_code == 403
    assert not Decision.objects.exists()
    assert set(Task.objects.values_list("status", flat=True)) == {TaskStatus.SUBMITTED}


# --- filters, sort, pages ---------------------------------------------------------------------------------


def test_filters_in_the_url_narrow_the_table(web, queue, client):
    client.force_login(web.approver)
    year = web.today.year
    everything = client.get(QUEUE).text
    assert sorted(rows(everything)) == sorted(t.pk for t in queue.values())
    # field
    digital = Field.objects.get(code="chuyen-doi-so")
    assert set(rows(client.get(QUEUE, {"field": digital.pk}).text)) == {
        queue["hanh_digital"].pk,
        queue["son"].pk,
    }
    # unit subtree: Sở Nội vụ's people only
    response = client.get(QUEUE, {"unit": web.world.home_affairs.pk})
    assert set(rows(response.text)) == {queue["hanh_land"].pk, queue["hanh_digital"].pk}
    assert '<strong data-figure="matching">2</strong>' in response.text
    # the heading still counts the whole queue, with or without a filter
    assert 'data-figure="queue">4<' in response.text and 'data-figure="queue">4<' in everything
    # the parent of both departments finds the two departments' people
    people = Unit.objects.get(code="P-UBND")
    assert set(rows(client.get(QUEUE, {"unit": people.pk}).text)) == {
        queue["hanh_land"].pk,
        queue["hanh_digital"].pk,
        queue["minh"].pk,
    }
    # submitted between two dates, dd/mm/yyyy
    response = client.get(QUEUE, {"submitted_from": f"01/02/{year}", "submitted_to": f"31/03/{year}"})
    assert set(rows(response.text)) == {queue["minh"].pk, queue["hanh_digital"].pk}
    # text without diacritics, on the task's title or the cadre's name
    assert rows(client.get(QUEUE, {"q": "ngan sach"}).text) == [queue["minh"].pk]
    assert set(rows(client.get(QUEUE, {"q": "hanh"}).text)) == {
        queue["hanh_land"].pk,
        queue["hanh_digital"].pk,
    }
    # programme and period: another programme's tasks are left out
    other = Programme.objects.exclude(pk=web.programme.pk).first()
    assert other is None or rows(client.get(QUEUE, {"programme": other.pk}).text) == []
    assert len(rows(client.get(QUEUE, {"programme": web.programme.pk, "period": web.period.pk}).text)) == 4


def test_a_wrong_date_range_is_said_and_the_typed_values_kept(web, queue, client):
    client.force_login(web.approver)
    year = web.today.year
    response = client.get(QUEUE, {"submitted_from": f"31/03/{year}", "submitted_to": f"01/02/{year}"})
    assert response.status_code == 200
    assert "Ngày cuối phải sau ngày đầu." in response.text
    assert f'value="31/03/{year}"' in response.text
    response = client.get(QUEUE, {"submitted_from": "2026-03-01"})
    assert "Nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/03/2026." in response.text


def test_sort_by_cadre_unit_submitted_date_and_deadline(web, queue, client):
    client.force_login(web.approver)
    Task.objects.filter(pk=queue["son"].pk).update(deadline=web.today.replace(month=6, day=30))
    by_submission = [queue[k].pk for k in ("hanh_land", "minh", "hanh_digital", "son")]
    assert rows(client.get(QUEUE).text) == by_submission
    assert rows(client.get(QUEUE, {"sort": "-submitted"}).text) == by_submission[::-1]
    # Đặng Thị Hạnh, Lê Văn Sơn, Trần Quang Minh (Hạnh's two in submission order)
    assert rows(client.get(QUEUE, {"sort": "cadre"}).text) == [
        queue["hanh_land"].pk,
        queue["hanh_digital"].pk,
        queue["son"].pk,
        queue["minh"].pk,
    ]
    # units: Sở Nội vụ, Sở Tài chính, Xã Tân Lập
    assert rows(client.get(QUEUE, {"sort": "-unit"}).text)[0] == queue["son"].pk
    assert rows(client.get(QUEUE, {"sort": "deadline"}).text)[0] == queue["son"].pk
    # the header links toggle the direction and keep the filter
    page = client.get(QUEUE, {"sort": "cadre", "q": "a"}).text
    assert 'href="?sort=-cadre&amp;q=a"' in page or 'href="?q=a&amp;sort=-cadre"' in page


def test_the_table_is_paginated(web, client):
    for i in range(53):
        web.task(TaskStatus.SUBMITTED, title=f"Việc số {i:02d}")
    client.force_login(web.approver)
    first = client.get(QUEUE)
    assert len(rows(first.text)) == 50
    assert '<strong data-figure="matching">53</strong>' in first.text
    second = client.get(QUEUE, {"page": 2})
    assert len(rows(second.text)) == 3
    assert not set(rows(first.text)) & set(rows(second.text))


def test_pages_sorted_by_name_follow_on_in_the_names_order(web, client):
    """Sorted by a name, a page's ids are read first and its rows after: the rows keep the ids' order."""
    post = PositionFactory.create(name="Phó Giám đốc")
    named = {}
    for i in reversed(range(53)):  # created last to first, so that the id order is not the names'
        cadre = CadreFactory.create(full_name=f"Cán bộ {i:02d}", managing_unit=web.world.standing)
        AppointmentFactory(cadre=cadre, unit=web.world.finance, position=post)
        named[i] = web.task(TaskStatus.SUBMITTED, cadre=cadre, title=f"Việc {i}").pk
    client.force_login(web.approver)
    first = rows(client.get(QUEUE, {"sort": "cadre"}).text)
    second = rows(client.get(QUEUE, {"sort": "cadre", "page": 2}).text)
    assert first + second == [named[i] for i in range(53)]
    assert rows(client.get(QUEUE, {"sort": "-cadre"}).text) == [named[i] for i in range(52, 2, -1)]


def test_a_task_decided_between_the_pages_two_reads_is_left_out(web, client, monkeypatch):
    """The page reads its ids, then its rows: a task another approver decides in between is no longer
    waiting, and the page shows the others (it failed with a server error)."""
    waiting = [web.task(TaskStatus.SUBMITTED, title=f"Việc {i}") for i in range(3)]
    read_rows = QuerySet.in_bulk

    def decided_meanwhile(self, *args, **kwargs):
        Task.objects.filter(pk=waiting[1].pk).update(status=TaskStatus.APPROVED)
        return read_rows(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "in_bulk", decided_meanwhile)
    client.force_login(web.approver)
    response = client.get(QUEUE)
    assert response.status_code == 200
    assert rows(response.text) == [waiting[0].pk, waiting[2].pk]


def test_the_page_runs_the_same_queries_and_forms_whatever_the_number_of_tasks(web, client):
    client.force_login(web.approver)
    for i in range(3):
        web.task(TaskStatus.SUBMITTED, title=f"Việc {i}")
    client.get(QUEUE)  # warm
    with CaptureQueriesContext(connection) as few:
        small = client.get(QUEUE).text
    for i in range(60):
        web.task(TaskStatus.SUBMITTED, title=f"Việc thêm {i}")
    with CaptureQueriesContext(connection) as many:
        big = client.get(QUEUE).text
    # the session and user (2), the grants and merged units (2), the units and people of the queue for the
    # unit filter (3), the queue's count (1: nothing narrows it), the page (2: its ids in order, then its
    # rows), its look-alikes (6, the routine duties among them), the decisions open to a batch (3), the menu
    # and the bell, the filters' choices, obstacles and adjustments: 26 at 3 tasks and at 63
    assert (len(few), len(many)) == (QUEUE_QUERIES, QUEUE_QUERIES)
    # one form for the selection whatever the rows: no form per task
    assert len(rows(big)) == 50
    assert big.count("<form") == small.count("<form")
    assert big.count('name="csrfmiddlewaretoken"') == small.count('name="csrfmiddlewaretoken"')


QUEUE_QUERIES = 26


# --- what each row tells --------------------------------------------------------------------------------


def test_each_row_counts_the_assignees_tasks_in_the_period_against_the_limits(web, queue, client):
    # Hạnh: two waiting and one approved in this period, one in another programme; the limits are 1 to 2
    web.task(TaskStatus.APPROVED, title="Đã duyệt trước")
    web.task(TaskStatus.REJECTED, title="Không được duyệt")  # not counted
    Programme.objects.filter(pk=web.programme.pk).update(min_tasks_per_assignee=1, max_tasks_per_assignee=2)
    client.force_login(web.approver)
    page = client.get(QUEUE).text
    hanh = row(page, queue["hanh_land"])
    assert 'data-count="3"' in hanh and "3 việc (từ 1 đến 2)" in hanh
    assert "Vượt số việc tối đa" in hanh
    minh = row(page, queue["minh"])
    assert 'data-count="1"' in minh and "Vượt số việc tối đa" not in minh
    # the post and unit of the cadre
    assert "Phó Giám đốc" in hanh and "Sở Nội vụ" in hanh


def test_a_row_warns_when_the_start_or_the_deadline_has_passed(web, client):
    today = web.today
    past_deadline = web.task(
        TaskStatus.SUBMITTED,
        title="Hạn đã qua",
        start_date=today - datetime.timedelta(days=60),
        deadline=today - datetime.timedelta(days=1),
    )
    started = web.task(
        TaskStatus.SUBMITTED,
        title="Đã đến ngày bắt đầu",
        start_date=today - datetime.timedelta(days=1),
        deadline=today + datetime.timedelta(days=60),
    )
    future = web.task(
        TaskStatus.SUBMITTED,
        title="Chưa bắt đầu",
        start_date=today + datetime.timedelta(days=1),
        deadline=today + datetime.timedelta(days=60),
    )
    client.force_login(web.approver)
    page = client.get(QUEUE).text
    assert 'data-late="deadline"' in row(page, past_deadline) and "Đã quá thời hạn" in row(
        page, past_deadline
    )
    assert 'data-late="start"' in row(page, started) and "Đã qua ngày bắt đầu" in row(page, started)
    assert "data-late" not in row(page, future)


def test_a_row_returns_or_rejects_but_never_approves_without_a_decision(web, queue, client):
    client.force_login(web.approver)
    page = client.get(QUEUE, {"sort": "cadre"}).text
    task_row = row(page, queue["minh"])
    assert 'value="return"' not in page and 'value="approve"' not in page
    # the row opens its own return or rejection form, the sort kept
    opened = re.search(rf'href="([^"]*)"[^>]*data-review="{queue["minh"].pk}"', task_row)
    assert opened and "sort=cadre" in opened.group(1) and f"review={queue['minh'].pk}" in opened.group(1)
    page = client.get(QUEUE, {"sort": "cadre", "review": queue["minh"].pk}).text
    task_row = row(page, queue["minh"])
    assert 'value="return"' in task_row and 'value="reject"' in task_row
    assert page.count('value="return"') == 1 and 'value="approve"' not in page
    # a return without a comment is refused on the same filtered page, with nothing changed
    url = reverse("tasks:review", args=[queue["minh"].pk]) + "?q=ngan+sach"
    response = client.post(url, {"action": "return", "origin": "queue", "version": queue["minh"].version})
    assert response.status_code == 200
    assert "Nêu nội dung cần hoàn thiện khi trả lại việc." in response.text
    assert rows(response.text) == [queue["minh"].pk]
    assert Task.objects.get(pk=queue["minh"].pk).status == TaskStatus.SUBMITTED
    # with the comment: returned, and back on the same sort with the form closed
    url = reverse("tasks:review", args=[queue["minh"].pk]) + f"?sort=cadre&review={queue['minh'].pk}"
    body = {"action": "return", "origin": "queue", "version": queue["minh"].version, "comment": "Bổ sung."}
    response = client.post(url, body)
    assert (response.status_code, response.url) == (302, QUEUE + "?sort=cadre")
    assert Task.objects.get(pk=queue["minh"].pk).status == TaskStatus.RETURNED


# --- approving a selection under a decision -------------------------------------------------------------


def test_a_selection_is_confirmed_first_then_approved(web, queue, client):
    client.force_login(web.approver)
    picked = [queue["hanh_land"], queue["minh"]]
    body = {"scope": "selected", "tasks": [t.pk for t in picked], **decision_fields(signed_on=signed(web))}
    confirmation = client.post(BATCH, body)
    assert confirmation.status_code == 200
    assert "Phê duyệt <strong>2 việc, 2 cán bộ</strong>" in confirmation.text
    assert "125-QĐ/TU" in confirmation.text and signed(web) in confirmation.text
    assert "Quyết định phê duyệt đợt 1" in confirmation.text and "Ban Thường vụ Tỉnh ủy" in confirmation.text
    assert not Decision.objects.exists() and not TaskEvent.objects.exists()
    assert set(Task.objects.values_list("status", flat=True)) == {TaskStatus.SUBMITTED}
    digest = confirm_of(confirmation)

    response = client.post(BATCH, {**body, "confirm": digest}, follow=True)
    decision = Decision.objects.get()
    assert (decision.number, decision.signed_on) == ("125-QĐ/TU", web.today)
    assert set(decision.tasks.all()) == set(picked)
    assert f"Đã phê duyệt 2 việc theo Quyết định 125-QĐ/TU ngày {signed(web)}." in messages_of(response)
    assert Task.objects.get(pk=queue["son"].pk).status == TaskStatus.SUBMITTED


def test_going_back_from_the_confirmation_keeps_the_choices(web, queue, client):
    client.force_login(web.approver)
    body = {"scope": "selected", "tasks": [queue["son"].pk], **decision_fields(signed_on=signed(web))}
    response = client.post(BATCH, {**body, "back": "1"})
    assert f'value="{queue["son"].pk}" form="batch-form" id="pick-{queue["son"].pk}" checked' in response.text
    assert 'value="125-QĐ/TU"' in response.text
    assert not Decision.objects.exists()


def test_a_refusal_is_said_before_the_confirmation_and_changes_nothing(web, queue, client):
    approved = web.task(TaskStatus.APPROVED, title="Đã duyệt rồi")
    client.force_login(web.approver)
    body = {
        "scope": "selected",
        "tasks": [queue["minh"].pk, approved.pk],
        **decision_fields(signed_on=signed(web)),
    }
    response = client.post(BATCH, body)
    assert "Việc “Đã duyệt rồi”: Việc đang ở trạng thái “Đã phê duyệt”, không chờ phê duyệt." in response.text
    assert "Xác nhận phê duyệt" not in response.text
    assert (
        f'value="{queue["minh"].pk}" form="batch-form" id="pick-{queue["minh"].pk}" checked' in response.text
    )
    assert not Decision.objects.exists() and not TaskEvent.objects.exists()
    # nothing selected
    response = client.post(BATCH, {"scope": "selected", **decision_fields(signed_on=signed(web))})
    assert "Chọn ít nhất một việc để phê duyệt." in response.text
    assert not Decision.objects.exists()


def test_a_confirmation_for_other_tasks_approves_nothing_and_shows_the_new_list(web, queue, client):
    client.force_login(web.approver)
    body = {"scope": "filter", **decision_fields(signed_on=signed(web))}
    url = BATCH + "?q=hanh"
    confirmation = client.post(url, body)
    assert "Phê duyệt <strong>2 việc, 1 cán bộ</strong>" in confirmation.text
    digest = confirm_of(confirmation)
    # meanwhile Hạnh sends another task: the filter now finds three
    web.task(TaskStatus.SUBMITTED, title="Việc mới gửi của Hạnh")
    again = client.post(url, {**body, "confirm": digest})
    assert again.status_code == 200
    assert "Danh sách việc đã thay đổi từ lúc bạn xem: xem lại rồi xác nhận." in again.text
    assert "Phê duyệt <strong>3 việc, 1 cán bộ</strong>" in again.text
    assert not Decision.objects.exists()


@pytest.fixture
def two_hundred(web):
    """200 tasks sent by 40 cadres of Sở Tài chính (5 each), all managed by the standing committee, and one
    task of Sở Nội vụ the filter leaves out."""
    post = PositionFactory(name="Trưởng phòng")
    tasks = []
    for i in range(40):
        cadre = CadreFactory.create(full_name=f"Cán bộ Tài chính {i:02d}", managing_unit=web.world.standing)
        AppointmentFactory(cadre=cadre, unit=web.world.finance, position=post)
        tasks += [web.task(TaskStatus.SUBMITTED, cadre=cadre, title=f"Việc {i}-{n}") for n in range(5)]
    outside = web.task(TaskStatus.SUBMITTED, title="Việc của Sở Nội vụ")
    return tasks, outside


def test_all_200_tasks_of_the_filter_in_one_confirmed_post(
    web, two_hundred, client, django_assert_max_num_queries
):
    tasks, outside = two_hundred
    client.force_login(web.approver)
    page = client.get(QUEUE, {"unit": web.world.finance.pk})
    assert '<strong data-figure="matching">200</strong>' in page.text
    assert "Chọn tất cả 200 việc theo bộ lọc" in page.text
    url = BATCH + f"?unit={web.world.finance.pk}"
    body = {"scope": "filter", **decision_fields(signed_on=signed(web))}

    confirmation = client.post(url, body)
    assert "Phê duyệt <strong>200 việc, 40 cán bộ</strong>" in confirmation.text
    assert "Xác nhận phê duyệt 200 việc" in confirmation.text
    assert not Decision.objects.exists() and not TaskEvent.objects.exists()
    assert Task.objects.filter(status=TaskStatus.SUBMITTED).count() == 201
    digest = confirm_of(confirmation)
    assert digest == selection_digest(t.pk for t in tasks)

    # the tasks are found in one query and written in bulk (test_batch_bulk): not one query per task
    with django_assert_max_num_queries(60):
        response = client.post(url, {**body, "confirm": digest})
    assert response.status_code == 302
    assert response.url == QUEUE + f"?unit={web.world.finance.pk}"
    decision = Decision.objects.get()
    assert decision.tasks.count() == 200
    assert set(Task.objects.filter(pk__in=[t.pk for t in tasks]).values_list("status", flat=True)) == {
        TaskStatus.APPROVED
    }
    assert TaskEvent.objects.filter(kind="approved").count() == 200
    assert Task.objects.get(pk=outside.pk).status == TaskStatus.SUBMITTED


def test_select_all_on_a_filter_with_an_error_is_refused(web, queue, client):
    client.force_login(web.approver)
    response = client.post(
        BATCH + "?submitted_from=hom-qua", {"scope": "filter", **decision_fields(signed_on=signed(web))}
    )
    assert "Bộ lọc có lỗi: sửa bộ lọc rồi mới chọn tất cả các việc theo bộ lọc." in response.text
    assert not Decision.objects.exists()
