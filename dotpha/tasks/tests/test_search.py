"""Search as people type: every word, any order, with or without diacritics, across the title, description,
assignee's name, unit and decision number; ranked by the title's words, marked in the list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.programmes.models import TaskKind
from dotpha.programmes.tests.factories import DecisionFactory
from dotpha.tasks import selectors
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.selectors import seek

pytestmark = pytest.mark.django_db


@pytest.fixture
def tasks(stage):
    """Hạnh's (Sở Nội vụ) digitisation task, one with the words in its description only, Hùng's own task,
    the commune's collective task and one approved by decision 125-QĐ/TU."""
    world = stage.world
    decision = DecisionFactory.create(
        number="125-QĐ/TU",
        programme=stage.programme,
        period=stage.period,
        issuing_unit=world.standing,
        created_by=stage.approver,
    )
    return {
        "title": stage.make_task(title="Số hóa hồ sơ cán bộ của Sở", description="Quét và nhập liệu."),
        "description": stage.make_task(
            title="Cải cách thủ tục hành chính",
            description="Hoàn thành số hóa toàn bộ hồ sơ một cửa.",
        ),
        "hung": stage.make_task(cadre=world.users["unit_manager"].cadre, title="Giải phóng mặt bằng"),
        "collective": stage.make_task(assignee_unit=world.commune, title="Xây dựng nông thôn mới"),
        "decided": stage.make_task(
            title="Phát triển đảng viên",
            status=TaskStatus.APPROVED,
            decision=decision,
        ),
    }


def found(stage, client, query: str) -> list[int]:
    client.force_login(stage.organizer)
    response = client.get(reverse("tasks:list"), {"q": query})
    assert response.status_code == 200
    return [t.pk for t in response.context["tasks"]]


def test_all_words_in_any_order_without_diacritics(stage, client, tasks):
    # whole words: "hoa" is not the start of "Hoàn", "so" not of "sóc"
    stage.make_task(title="Hoàn thành dự án số 7", description="Chăm sóc cây.")
    ranked = [tasks["title"].pk, tasks["description"].pk]
    assert found(stage, client, "so hoa ho so") == ranked
    assert found(stage, client, "hồ sơ SỐ HÓA") == ranked
    # every word must be found: "quét" is only in the first one's description
    assert found(stage, client, "so hoa quet") == [tasks["title"].pk]
    assert found(stage, client, "so hoa kinh phi") == []


def test_the_last_word_is_found_as_people_type_it(stage, client, tasks):
    # the word being typed is the start of a word: "hoà" finds "Hoàn" (and "hóa": no diacritics needed),
    # the titles holding it first, then narrows as people type on
    hoan = stage.make_task(title="Hoàn thành dự án số 7", description="Chăm sóc cây.")
    khoa = stage.make_task(title="Khoa học công nghệ")
    assert found(stage, client, "hoà") == [tasks["title"].pk, hoan.pk, tasks["description"].pk]
    assert found(stage, client, "hoan") == [hoan.pk, tasks["description"].pk]
    assert found(stage, client, "hoan t") == [hoan.pk, tasks["description"].pk]
    assert found(stage, client, "hoan thanh du") == [hoan.pk]
    # never inside a word: "oa" is not the start of "Hoàn", "Khoa" or "hóa"
    assert found(stage, client, "oa") == []
    assert found(stage, client, "kh") == [khoa.pk]
    # a name and a unit as they are typed
    assert found(stage, client, "nguyen va") == [tasks["hung"].pk]
    assert found(stage, client, "tan la") == [tasks["collective"].pk]


def test_only_the_last_word_is_a_prefix(stage, client, tasks):
    # "hoa" followed by another word is finished: a whole word, which "Hoàn" is not
    hoan = stage.make_task(title="Hoàn thành dự án số 7", description="Chăm sóc cây.")
    assert found(stage, client, "hoa so") == [tasks["title"].pk, tasks["description"].pk]
    assert found(stage, client, "hoa du an") == []
    # while "hoa" typed last is a prefix: "so hoa" finds "Hoàn thành dự án số 7" too (its title holds both
    # words, as the first one's does; the description-only task last)
    assert found(stage, client, "so hoa") == [tasks["title"].pk, hoan.pk, tasks["description"].pk]


def test_the_assignees_name_and_unit(stage, client, tasks):
    assert found(stage, client, "nguyen van") == [tasks["hung"].pk]
    assert found(stage, client, "giai phong hung") == [tasks["hung"].pk]
    # the collective's own unit, and a cadre's current unit (Hạnh and Hùng work at Sở Nội vụ)
    assert found(stage, client, "tan lap") == [tasks["collective"].pk]
    assert set(found(stage, client, "noi vu giai phong")) == {tasks["hung"].pk}
    assert tasks["title"].pk in found(stage, client, "so noi vu")


def test_the_decision_number(stage, client, tasks):
    assert found(stage, client, "125-qd") == [tasks["decided"].pk]
    assert found(stage, client, "125-QĐ/TU") == [tasks["decided"].pk]
    assert found(stage, client, "dang vien 125") == [tasks["decided"].pk]


def test_more_words_in_the_title_rank_first(stage, client, tasks):
    both = stage.make_task(title="Số hóa thủ tục", description="Hồ sơ một cửa.")
    # "so hoa ho so": 3 words in the first title, 2 in `both`, none in the description-only one
    assert found(stage, client, "so hoa ho so") == [tasks["title"].pk, both.pk, tasks["description"].pk]


def test_the_list_marks_the_words_and_escapes_what_was_typed(stage, client, tasks):
    stage.make_task(title="Tăng cường <b>số hóa</b> & bảo mật")
    client.force_login(stage.organizer)
    page = client.get(reverse("tasks:list"), {"q": "so hoa"}).text
    assert "<mark>Số</mark> <mark>hóa</mark> hồ <mark>sơ</mark> cán bộ của <mark>Sở</mark>" in page
    assert "Tăng cường &lt;b&gt;<mark>số</mark> <mark>hóa</mark>&lt;/b&gt; &amp; bảo mật" in page
    assert "<b>số hóa</b>" not in page
    # the list follows as people type: the form asks for the results part again on every pause
    assert 'hx-trigger="input changed delay:400ms from:#id_q' in page and 'id="task-results"' in page
    page = client.get(reverse("tasks:list"), {"q": "<b> so"}).text
    # signs are not words: "<b> so" looks for "b" and "so"
    assert 'value="&lt;b&gt; so"' in page and "&lt;<mark>b</mark>&gt;<mark>số</mark>" in page
    assert "<b>" not in page.split("<main", 1)[1]


def test_the_search_stays_in_the_viewers_scope(stage, client, tasks):
    client.force_login(stage.world.users["commune_committee"])
    pks = [t.pk for t in client.get(reverse("tasks:list"), {"q": "so hoa"}).context["tasks"]]
    assert tasks["title"].pk not in pks


def test_the_approval_queue_finds_every_word_too(stage, client):
    submitted = stage.make_task(status=TaskStatus.SUBMITTED, title="Số hóa hồ sơ đất đai")
    stage.make_task(status=TaskStatus.SUBMITTED, title="Số hóa thủ tục")
    client.force_login(stage.approver)
    page = client.get(reverse("tasks:approvals"), {"q": "dat dai so hoa"}).text
    assert f'value="{submitted.pk}"' in page and "Số hóa thủ tục" not in page
    assert "<mark>Số</mark> <mark>hóa</mark> hồ <mark>sơ</mark> <mark>đất</mark> <mark>đai</mark>" in page


def test_the_search_counts_what_the_page_lists_after_every_other_filter(stage, client, tasks):
    """The search comes last: the ids it reads are the tasks the page lists, every other filter applied,
    so their number is the page's total and the tasks are not counted again (a phrase 83,000 tasks hold
    took as long to count as to find at a million tasks)."""
    difficult = stage.make_task(title="Số hóa thủ tục đất đai", kind=TaskKind.DIFFICULT)
    client.force_login(stage.organizer)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("tasks:list"), {"q": "so hoa", "kind": TaskKind.DIFFICULT})
    assert [t.pk for t in response.context["tasks"]] == [difficult.pk]
    assert response.context["total"] == seek.BoundedCount(value=1, more=False)
    assert 'Tổng số: <strong data-figure="total">1</strong> việc' in response.text
    counted = [
        q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"] and "tasks_task" in q["sql"]
    ]
    assert counted == []
    response = client.get(reverse("tasks:list"), {"q": "so hoa"})
    assert response.context["total"] == seek.BoundedCount(value=3, more=False)


def test_a_filter_that_narrows_a_search_within_the_bound_ranks_the_titles_first(
    stage, client, tasks, monkeypatch
):
    """The bound is judged on the tasks the page lists: four tasks hold "số hóa", more than the bound of 2,
    but the kind chosen leaves two, ranked by the title's words (not walked in deadline order) and counted
    exactly."""
    in_description = stage.make_task(
        title="Cải cách hành chính", description="Số hóa hồ sơ.", kind=TaskKind.DIFFICULT
    )
    in_description.deadline = datetime.date(2024, 6, 30)
    in_description.save()
    in_title = stage.make_task(title="Số hóa thủ tục đất đai", kind=TaskKind.DIFFICULT)
    monkeypatch.setattr(selectors, "COUNT_BOUND", 2)
    client.force_login(stage.organizer)
    response = client.get(reverse("tasks:list"), {"q": "so hoa", "kind": TaskKind.DIFFICULT})
    assert [t.pk for t in response.context["tasks"]] == [in_title.pk, in_description.pk]
    assert response.context["total"] == seek.BoundedCount(value=2, more=False)


def test_beyond_the_bound_the_tasks_found_come_in_the_lists_order(stage, client, tasks, monkeypatch):
    """The ids found are read first, up to the bound: within it the title's words rank first; beyond it (a
    word half a province's tasks hold) the tasks come in the list's order, by deadline, and the page says
    there are more than the bound."""
    earlier = tasks["description"]
    earlier.deadline = datetime.date(2024, 6, 30)
    earlier.save()
    ranked = [tasks["title"].pk, earlier.pk]
    assert found(stage, client, "so hoa") == ranked
    monkeypatch.setattr(selectors, "COUNT_BOUND", 1)
    monkeypatch.setattr(seek.bounded_count, "__defaults__", (1,))  # the page's count, bound as a default
    assert found(stage, client, "so hoa") == [earlier.pk, tasks["title"].pk]
    response = client.get(reverse("tasks:list"), {"q": "so hoa"})
    assert response.context["total"].more


@pytest.mark.parametrize(
    "query",
    ["so hoa ho so", "so hoa quet", "noi vu giai phong", "dang vien 125", "nguyen va", "tan la", "hoa"],
)
def test_beyond_the_bound_every_word_is_still_found_where_it_is(stage, client, tasks, monkeypatch, query):
    """Beyond the bound only the longest word is looked up through the indexes and the others are tested on
    each task: the same tasks are found, whether a word is in the title, the description, the assignee's name
    or unit, or the decision's number."""
    stage.make_task(title="Hoàn thành dự án số 7", description="Chăm sóc cây.")
    # each holds a query's longest word and not all the others
    stage.make_task(title="Quét dọn trụ sở")
    stage.make_task(title="Phòng chống thiên tai")
    stage.make_task(title="Kết nạp đảng viên mới")
    within = set(found(stage, client, query))
    monkeypatch.setattr(selectors, "COUNT_BOUND", 0)
    monkeypatch.setattr(seek.bounded_count, "__defaults__", (0,))
    assert within and set(found(stage, client, query)) == within
