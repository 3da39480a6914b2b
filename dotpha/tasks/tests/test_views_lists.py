"""List pages: "Việc của tôi" and "Danh sách việc" (filters, diacritic-free search, pages by seek with a
fixed number of queries, 10,000 tasks)."""

import datetime
import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.org.models import Cadre
from dotpha.programmes.models import Field, TaskKind
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.tests.factories import MilestoneFactory, ProgressReportFactory
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_my_tasks_show_progress_and_drafts_with_a_register_button(web, client):
    approved = web.task(status=TaskStatus.APPROVED, title="Việc đang làm")
    ProgressReportFactory.create(task=approved, author=web.cadre, reported_on=web.today, percent_done=100)
    draft = web.task(title="Việc còn nháp")
    returned = web.task(status=TaskStatus.RETURNED, title="Việc bị trả lại", review_comment="Bổ sung mốc.")
    other = web.task(
        cadre=Cadre.objects.get(full_name="Trần Quang Minh"),
        author=web.organizer,
        title="Việc của người khác",
    )
    client.force_login(web.cadre)
    response = client.get(reverse("tasks:mine"))
    assert response.status_code == 200
    text = response.text
    assert "Đăng ký việc mới" in text
    assert approved.title in text and draft.title in text and returned.title in text
    assert other.title not in text
    assert "Bổ sung mốc." in text
    assert 'data-progress="ahead_of_plan"' in text or 'data-progress="completed_on_time"' in text
    assert reverse("tasks:edit", args=[draft.pk]) in text


def make_tasks(web, count: int) -> None:
    """A mix: individual and collective, approved with reports and milestones, drafts, several fields."""
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    fields = list(Field.objects.all()[:3])
    for i in range(count):
        if i % 3 == 0:
            task = web.task(status=TaskStatus.APPROVED, cadre=minh, field=fields[i % len(fields)])
            ProgressReportFactory.create(task=task, author=web.cadre, reported_on=web.today, percent_done=40)
            MilestoneFactory.create(task=task, due_date=web.today)
        elif i % 3 == 1:
            web.task(status=TaskStatus.SUBMITTED, assignee_unit=web.world.finance)
        else:
            web.task()


def list_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [5, 60])
def test_the_list_runs_a_fixed_number_of_queries(web, client, count, django_assert_num_queries):
    make_tasks(web, count)
    client.force_login(web.organizer)
    url = reverse("tasks:list") + "?q=giai+phong&status=&progress="
    client.get(url)  # warm: the session, the content types
    # session and user (2), role grants and the units merged under them (2), whether they hold every tree
    # (1), the programmes the user may see (2), the cadre shown in the menu, the unread notifications of the
    # bell, the filters' choices (programmes, periods, fields, units: 4), the working-day calendar's year
    # (the last working day before today, for "overdue"), the ids the search finds (their number is the
    # total: no count of its own), the page sought on the tasks' own columns and its rows read by id: 17,
    # whatever the number of tasks (the session is not written again within a minute of the last write)
    with django_assert_num_queries(QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["total"].value == count


QUERIES = 17


def test_filters_search_without_diacritics_and_by_unit(web, client):
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    digital = Field.objects.get(code="chuyen-doi-so")
    web.task(title="Số hóa hồ sơ đảng viên", status=TaskStatus.APPROVED, field=digital)
    web.task(title="Đường giao thông nông thôn", cadre=minh, kind=TaskKind.KEY)
    web.task(title="Việc của tập thể Sở Tài chính", assignee_unit=web.world.finance)
    client.force_login(web.organizer)

    def titles(**params) -> set[str]:
        response = client.get(reverse("tasks:list"), params)
        return {t.title for t in response.context["tasks"]}

    assert titles(q="so hoa ho so dang vien") == {"Số hóa hồ sơ đảng viên"}
    assert titles(q="DUONG giao thong") == {"Đường giao thông nông thôn"}
    assert titles(field=digital.pk) == {"Số hóa hồ sơ đảng viên"}
    assert titles(kind="key") == {"Đường giao thông nông thôn"}
    assert titles(status="approved") == {"Số hóa hồ sơ đảng viên"}
    # Sở Tài chính's subtree: the collective task and Minh, who works there
    assert titles(unit=web.world.finance.pk) == {
        "Đường giao thông nông thôn",
        "Việc của tập thể Sở Tài chính",
    }
    assert titles(unit=web.world.home_affairs.pk) == {"Số hóa hồ sơ đảng viên"}
    assert titles(programme=web.programme.pk, period=web.period.pk) == {
        "Số hóa hồ sơ đảng viên",
        "Đường giao thông nông thôn",
        "Việc của tập thể Sở Tài chính",
    }
    assert titles(progress="stale") | titles(progress="on_track") | titles(progress="at_risk") == {
        "Số hóa hồ sơ đảng viên"
    }
    # an unknown value is ignored, not an error
    assert len(titles(period="khong-co")) == 3


def test_the_list_is_scoped_to_the_viewer(web, client):
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    web.task(title="Việc của phường", cadre=ward_chair)
    web.task(title="Việc của Sở Nội vụ")
    client.force_login(web.unit_manager)
    response = client.get(reverse("tasks:list"))
    assert [t.title for t in response.context["tasks"]] == ["Việc của Sở Nội vụ"]
    client.force_login(web.nobody)
    assert list(client.get(reverse("tasks:list")).context["tasks"]) == []


def test_ten_thousand_tasks_paginate(web, client):
    # given 10,000 tasks written in bulk
    cadre = web.cadre.cadre
    year = web.today.year

    def make(i: int) -> Task:
        return Task(
            programme=web.programme,
            period=web.period,
            title=f"Việc số {i:05d}",
            search_text=f"viec so {i:05d}",
            description="Nội dung",
            assignee_cadre=cadre,
            authority_unit=web.world.standing,
            author=web.cadre,
            status=TaskStatus.APPROVED if i % 2 else TaskStatus.SUBMITTED,
            approved_on=datetime.date(year, 1, 1) if i % 2 else None,
            start_date=datetime.date(year, 1, 1),
            deadline=datetime.date(year, 12, 31),
        )

    Task.objects.bulk_create([make(i) for i in range(10_000)], batch_size=1000)
    client.force_login(web.organizer)
    url = reverse("tasks:list")
    first = client.get(url)
    # then each page shows 50 tasks and the true count (10,000: the bound, still exact)
    assert 'data-figure="total">10.000<' in first.text
    assert titles_of(first) == [f"Việc số {i:05d}" for i in range(50)]
    assert 'rel="prev"' not in first.text
    # "Sau" twice: the third page, by the last task shown, not by a page number
    second = client.get(link(first, "next"))
    third = client.get(link(second, "next"))
    assert titles_of(third) == [f"Việc số {i:05d}" for i in range(100, 150)]
    assert "page=" not in link(second, "next")
    # "Trước" back to the second page
    assert titles_of(client.get(link(third, "prev"))) == titles_of(second)
    # the last page: the last 50, nothing after it; back from it
    last = client.get(link(first, "last"))
    assert titles_of(last) == [f"Việc số {i:05d}" for i in range(9950, 10_000)]
    assert 'rel="next"' not in last.text
    assert titles_of(client.get(link(last, "prev"))) == [f"Việc số {i:05d}" for i in range(9900, 9950)]
    # a cursor typed wrong: the first page, not an error
    for wrong in ("hom-qua", "5_5", "2026-12-31"):
        assert titles_of(client.get(url, {"after": wrong})) == titles_of(first)
        assert titles_of(client.get(url, {"before": wrong})) == titles_of(first)
    # a filter over 10,000 counts right, and pages within the filter
    submitted = client.get(url, {"status": "submitted"})
    assert 'data-figure="total">5.000<' in submitted.text
    after = client.get(link(submitted, "next"))
    assert titles_of(after)[0] == "Việc số 00100" and "status=submitted" in link(after, "next")
    # past the bound the count says so, and stops counting there
    Task.objects.bulk_create([make(10_000 + i) for i in range(5)])
    assert 'data-figure="total">hơn 10.000<' in client.get(url).text


def test_search_results_page_by_seek_in_their_ranked_order(web, client):
    # 30 tasks with the words in their title (ranked first), 30 with them in the description only
    year = web.today.year
    tasks = []
    for i in range(60):
        titled = i < 30
        task = Task(
            programme=web.programme,
            period=web.period,
            title=f"Số hóa hồ sơ {i:02d}" if titled else f"Việc thường {i:02d}",
            description="Nội dung" if titled else "Số hóa hồ sơ cán bộ",
            assignee_cadre=web.cadre.cadre,
            authority_unit=web.world.standing,
            author=web.cadre,
            status=TaskStatus.SUBMITTED,
            start_date=datetime.date(year, 1, 1),
            # the others are due first: the rank, not the deadline, puts the titled ones first
            deadline=datetime.date(year, 12, 31) - datetime.timedelta(days=i),
        )
        task.set_search_text()
        tasks.append(task)
    Task.objects.bulk_create(tasks)
    client.force_login(web.organizer)
    with CaptureQueriesContext(connection) as queries:
        first = client.get(reverse("tasks:list"), {"q": "so hoa ho so"})
    assert 'data-figure="total">60<' in first.text
    # the page is sought on the tasks' own columns, no other table joined, then its 50 rows read with
    # their joins (the progress state, the assignee shown)
    sought = [q["sql"] for q in queries.captured_queries if "LIMIT 51" in q["sql"]]
    assert len(sought) == 1 and "JOIN" not in sought[0]
    assert {vars(t)["progress"] for t in first.context["tasks"]} == {None}  # submitted, not yet approved
    assert first.context["tasks"][0].assignee_cadre.full_name in first.text
    shown = titles_of(first)
    matches = [f"Số hóa hồ sơ {i:02d}" for i in range(29, -1, -1)]
    others = [f"Việc thường {i:02d}" for i in range(59, 29, -1)]
    assert shown == matches + others[:20]
    second = client.get(link(first, "next"))
    assert titles_of(second) == others[20:] and "q=so+hoa+ho+so" in link(second, "prev")
    assert titles_of(client.get(link(second, "prev"))) == shown
    # the last page: the last 50 of the ranked order
    assert titles_of(client.get(link(first, "last"))) == (matches + others)[10:]


def titles_of(response) -> list[str]:
    return [t.title for t in response.context["tasks"]]


def link(response, rel: str) -> str:
    found = re.search(rf'href="([^"]*)" rel="{rel}"', response.text)
    assert found, f"no {rel} link"
    return reverse("tasks:list") + html.unescape(found.group(1))


def test_the_menu_offers_the_task_pages_by_role(web, client):
    def menu(user) -> list[str]:
        client.force_login(user)
        return [item["label"] for item in client.get(reverse("tasks:mine")).context["nav_items"]]

    assert {"Việc của tôi", "Chờ phê duyệt", "Danh sách việc"} <= set(menu(web.approver))
    cadre_menu = menu(web.cadre)
    assert {"Việc của tôi", "Danh sách việc"} <= set(cadre_menu)
    assert "Chờ phê duyệt" not in cadre_menu
    assert "Chương trình" in menu(web.organizer)
    # the page's own item is the one marked, not its parent address
    client.force_login(web.cadre)
    items = client.get(reverse("tasks:register")).context["nav_items"]
    assert [i["label"] for i in items if i["active"]] == ["Việc của tôi"]
