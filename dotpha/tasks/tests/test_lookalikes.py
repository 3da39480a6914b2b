"""Look-alike tasks in the approval queue: which earlier or neighbouring tasks each submitted task is shown
beside, in a fixed number of queries, and the approver's "đã xem, không trùng" (who may, what it hides)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory, make_user
from dotpha.programmes.tests.factories import PeriodFactory
from dotpha.tasks import services
from dotpha.tasks.models import LookalikeDismissal, TaskStatus
from dotpha.tasks.selectors import can_view_task, lookalikes
from dotpha.tasks.selectors.lookalikes import Relation, TaskLookalikes, page_lookalikes
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

QUEUE = reverse("tasks:approvals")
DIGITAL = "Chuyển đổi số {n}% hồ sơ thủ tục hành chính thuộc thẩm quyền giải quyết của Sở Nội vụ"


@pytest.fixture
def recycled(web):
    """Hạnh (canbo, Sở Nội vụ) sends again last year's task with another target; around it, her unrelated
    task, her draft of the same, a colleague's near copy, and a copy of another unit outside the queue."""
    last_year = PeriodFactory.create(programme=web.programme, name="2023")
    director = Cadre.objects.get(full_name="Nguyễn Văn Hùng")
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    return {
        "new": web.task(TaskStatus.SUBMITTED, title=DIGITAL.format(n=95)),
        "earlier": web.task(TaskStatus.APPROVED, title=DIGITAL.format(n=100), period=last_year),
        "unrelated": web.task(TaskStatus.APPROVED, title="Giải phóng mặt bằng khu công nghiệp Tân Lập"),
        "draft": web.task(TaskStatus.DRAFT, title=DIGITAL.format(n=90)),
        "colleague": web.task(
            TaskStatus.APPROVED,
            cadre=director,
            author=web.unit_manager,
            title="Chuyển đổi số hồ sơ thủ tục hành chính của Sở Nội vụ",
        ),
        "elsewhere": web.task(
            TaskStatus.APPROVED, cadre=minh, author=web.organizer, title=DIGITAL.format(n=100)
        ),
    }


def shown_tasks(found: TaskLookalikes) -> list[int]:
    """The ids of the tasks shown (a routine duty shown is no task)."""
    return [item.task.pk for item in found.shown if item.task]


def lookalike_rows(html: str, task) -> list[int]:
    found = re.search(rf'<div class="lookalikes mt-1" data-lookalikes="{task.pk}">(.*?)\n</div>', html, re.S)
    return [int(pk) for pk in re.findall(r'data-lookalike="(\d+)"', found.group(1))] if found else []


def test_the_same_cadres_earlier_task_and_a_colleagues_are_shown_closest_first(web, recycled):
    found = page_lookalikes(web.approver, [recycled["new"]])[recycled["new"].pk]
    shown = [(item.task.pk, item.score, item.relation) for item in found.shown if item.task]
    assert shown[0] == (recycled["earlier"].pk, 100, Relation.SAME_ASSIGNEE)
    assert shown[1][0] == recycled["colleague"].pk and shown[1][2] == Relation.SAME_UNIT
    # a draft is nobody's task yet; another unit's task out of the queue is not compared; nor the unrelated
    assert len(shown) == 2
    # the look-alike's words the task lacks are marked: only the target
    assert [w.text for w in found.shown[0].words if w.differs] == ["100%"]


def test_a_task_waiting_in_the_same_queue_is_shown(web, recycled):
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    waiting = web.task(TaskStatus.SUBMITTED, cadre=minh, title=DIGITAL.format(n=80))
    found = page_lookalikes(web.approver, [recycled["new"]])[recycled["new"].pk]
    assert (waiting.pk, Relation.SAME_QUEUE) in [
        (item.task.pk, item.relation) for item in found.shown if item.task
    ]


def many_cadres_sending(web, count: int) -> None:
    post = PositionFactory(name="Chuyên viên")
    for i in range(count):
        cadre = CadreFactory.create(full_name=f"Cán bộ Nội vụ {i:02d}", managing_unit=web.world.standing)
        AppointmentFactory(cadre=cadre, unit=web.world.home_affairs, position=post)
        web.task(TaskStatus.SUBMITTED, cadre=cadre, title=DIGITAL.format(n=i))
        web.task(TaskStatus.APPROVED, cadre=cadre, title=f"Đào tạo {i} lớp bồi dưỡng cán bộ")


def queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(QUEUE)
    assert response.status_code == 200
    return len(queries)


def test_the_queue_with_look_alikes_runs_the_same_number_of_queries_for_3_and_30_tasks(web, recycled, client):
    client.force_login(web.approver)
    client.get(QUEUE)  # warm: the session, the content types
    many_cadres_sending(web, 2)
    few = queue_queries(client)
    many_cadres_sending(web, 28)
    page = client.get(QUEUE).text
    assert len(lookalike_rows(page, recycled["new"])) == 3
    assert queue_queries(client) == few
    # the look-alikes alone: the units' cadres, the user's grants and the units merged under them (for the
    # queue), the queue's ids, the candidates, the routine duties, the pairs marked, the look-alikes shown
    with CaptureQueriesContext(connection) as queries:
        page_lookalikes(web.approver, [recycled["new"]])
    assert len(queries) == 8


def test_the_approver_sees_the_look_alike_with_its_differing_words_marked(web, recycled, client):
    client.force_login(web.approver)
    page = client.get(QUEUE).text
    assert lookalike_rows(page, recycled["new"])[0] == recycled["earlier"].pk
    assert '<span class="badge text-bg-warning" data-score="100">Giống 100%</span>' in page
    assert "số <mark>100%</mark> hồ sơ" in page
    assert "cùng người được giao" in page and "cùng đơn vị" in page


def test_a_title_is_escaped_in_the_look_alike(web, recycled, client):
    web.task(TaskStatus.APPROVED, title=DIGITAL.format(n=70) + " <script>alert(1)</script>")
    client.force_login(web.approver)
    page = client.get(QUEUE).text
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# ---- đã xem, không trùng


def test_the_approver_marks_a_pair_once_with_history(web, recycled):
    new, earlier = recycled["new"], recycled["earlier"]
    dismissal = services.lookalike_dismiss(actor=web.approver, task=new, other=earlier)
    assert (dismissal.task_id, dismissal.other_id) == (min(new.pk, earlier.pk), max(new.pk, earlier.pk))
    assert dismissal.score == 100 and dismissal.dismissed_by == web.approver
    assert dismissal.history.get().history_user == web.approver
    services.lookalike_dismiss(actor=web.approver, task=new, other=earlier.pk)
    assert LookalikeDismissal.objects.count() == 1
    found = page_lookalikes(web.approver, [new])[new.pk]
    assert earlier.pk not in shown_tasks(found)
    assert found.dismissed == 1


def test_who_may_not_mark_a_pair(web, recycled, approver_with_cadre):
    new, earlier = recycled["new"], recycled["earlier"]
    finance_approver = make_user("pheduyet-tc", Role.APPROVER, web.world.finance)
    for actor in (web.cadre, web.unit_manager, web.organizer, finance_approver):
        with pytest.raises(PermissionDeniedError):
            services.lookalike_dismiss(actor=actor, task=new, other=earlier)
    # Minh approves for the standing committee, never his own task
    minh_task = web.task(TaskStatus.SUBMITTED, cadre=approver_with_cadre.cadre, title=DIGITAL.format(n=60))
    with pytest.raises(PermissionDeniedError):
        services.lookalike_dismiss(actor=approver_with_cadre, task=minh_task, other=earlier)
    # only a task waiting for a decision
    with pytest.raises(ApplicationError) as refusal:
        services.lookalike_dismiss(actor=web.approver, task=earlier, other=new)
    assert refusal.value.message == "Việc không còn chờ phê duyệt."
    assert not LookalikeDismissal.objects.exists()


def test_the_queue_button_marks_the_pair_and_the_page_counts_it(web, recycled, client):
    new, earlier = recycled["new"], recycled["earlier"]
    client.force_login(web.approver)
    url = reverse("tasks:lookalike_dismiss", args=[new.pk]) + "?sort=deadline"
    response = client.post(url, {"other": earlier.pk})
    assert response.status_code == 302 and response.url == QUEUE + "?sort=deadline"
    page = client.get(QUEUE).text
    assert earlier.pk not in lookalike_rows(page, new)
    assert 'data-dismissed="1">1 việc giống đã xem, không trùng' in page
    assert LookalikeDismissal.objects.filter(dismissed_by=web.approver).count() == 1


@pytest.mark.parametrize("who", ["cadre", "unit_manager", "organizer", "nobody"])
def test_the_button_is_refused_to_those_who_do_not_decide_on_the_task(web, recycled, client, who):
    client.force_login(getattr(web, who))
    url = reverse("tasks:lookalike_dismiss", args=[recycled["new"].pk])
    response = client.post(url, {"other": recycled["earlier"].pk})
    assert response.status_code in (403, 404)
    assert not LookalikeDismissal.objects.exists()


def test_on_equal_scores_the_assignees_own_earlier_task_comes_first(web, recycled):
    director = Cadre.objects.get(full_name="Nguyễn Văn Hùng")
    newer_copy = web.task(TaskStatus.APPROVED, cadre=director, title=DIGITAL.format(n=100))
    found = page_lookalikes(web.approver, [recycled["new"]])[recycled["new"].pk]
    assert shown_tasks(found)[:2] == [recycled["earlier"].pk, newer_copy.pk]
    assert [item.score for item in found.shown[:2]] == [100, 100]


def test_each_assignee_is_compared_by_their_own_newest_tasks(web, recycled, monkeypatch):
    """Each assignee's newest `PER_ASSIGNEE` tasks are compared, whoever else is prolific: Hạnh's two newer
    tasks push her earlier copy out of her own bound, not her colleague's older near copy out of his."""
    monkeypatch.setattr(lookalikes, "PER_ASSIGNEE", 2)
    for title in ("Xây dựng kho dữ liệu dân cư", "Nâng cấp cổng dịch vụ công trực tuyến"):
        web.task(TaskStatus.APPROVED, title=title)
    found = page_lookalikes(web.approver, [recycled["new"]])[recycled["new"].pk]
    assert shown_tasks(found) == [recycled["colleague"].pk]
    monkeypatch.setattr(lookalikes, "PER_ASSIGNEE", 4)
    found = page_lookalikes(web.approver, [recycled["new"]])[recycled["new"].pk]
    assert shown_tasks(found) == [recycled["earlier"].pk, recycled["colleague"].pk]


# ---- while writing a task

WRITING = reverse("tasks:title_lookalikes")


def test_the_cadre_writing_a_title_sees_their_earlier_task_and_only_what_they_may_open(web, recycled, client):
    client.force_login(web.cadre)
    page = client.get(WRITING, {"title": "chuyen doi so 90% ho so thu tuc hanh chinh cua So Noi vu"}).text
    shown = [int(pk) for pk in re.findall(r'data-lookalike="(\d+)"', page)]
    # the earlier task first; the task waiting for approval is hers too; the director's (same unit) and
    # Minh's are not hers to open
    assert shown[:2] == [recycled["earlier"].pk, recycled["new"].pk]
    assert recycled["colleague"].pk not in shown and recycled["elsewhere"].pk not in shown
    assert "Việc đột phá phải là việc mới" in page
    # her own task being edited is not its own look-alike
    editing = client.get(WRITING, {"title": DIGITAL.format(n=95), "task": recycled["new"].pk}).text
    assert f'data-lookalike="{recycled["new"].pk}"' not in editing


def test_the_unit_manager_sees_the_units_tasks_and_nobody_sees_nothing(web, recycled, client):
    client.force_login(web.unit_manager)
    page = client.get(WRITING, {"title": DIGITAL.format(n=50)}).text
    assert f'data-lookalike="{recycled["earlier"].pk}"' in page and "cùng đơn vị" in page
    client.force_login(web.nobody)
    assert "data-lookalike" not in client.get(WRITING, {"title": DIGITAL.format(n=50)}).text
    client.logout()
    assert client.get(WRITING, {"title": DIGITAL.format(n=50)}).status_code == 302


def test_the_registration_form_asks_as_the_title_changes(web, client):
    client.force_login(web.cadre)
    page = client.get(reverse("tasks:register")).text
    assert f'hx-get="{WRITING}"' in page and 'hx-include="[name=title], [name=programme]"' in page


def test_a_look_alike_the_approver_may_not_open_is_never_shown(web, recycled, world):
    """A staff member of the same unit, managed and approved inside Sở Nội vụ, is outside the standing
    committee's scope: the approver never reads that task's title beside the queue."""
    clerk = CadreFactory.create(full_name="Đỗ Văn Khoa", managing_unit=world.home_affairs)
    AppointmentFactory.create(cadre=clerk, unit=world.home_affairs, position=PositionFactory.create())
    hidden = web.task(
        TaskStatus.APPROVED,
        cadre=clerk,
        author=web.unit_manager,
        authority_unit=world.home_affairs,
        title=DIGITAL.format(n=80),
    )
    assert not can_view_task(web.approver, hidden)
    shown = shown_tasks(page_lookalikes(web.approver, [recycled["new"]])[recycled["new"].pk])
    assert hidden.pk not in shown and recycled["earlier"].pk in shown
