"""The tasks' lines of the home page's "Việc cần làm", as the approver and the cadre see them: each count
equals what the page it links to lists."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dotpha.core.tests.inbox_page import inbox_group, inbox_lines
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory
from dotpha.programmes.models import Grade
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.models import Evaluation, TaskStatus
from dotpha.tasks.services import adjustment_request, obstacle_raise

pytestmark = pytest.mark.django_db


def figure(client, url: str, name: str) -> int:
    text = client.get(url).text
    found = re.search(rf'data-figure="{name}">(\d+)<', text)
    assert found is not None, f"no figure {name} on {url}"
    return int(found.group(1))


def waiting_decisions(stage, n: int) -> None:
    """n tasks submitted, n obstacles and n adjustment requests open, all for the standing committee."""
    for _ in range(n):
        stage.make_task(status=TaskStatus.SUBMITTED)
        approved = stage.make_task(status=TaskStatus.APPROVED, deadline=datetime.date(2024, 11, 30))
        obstacle_raise(actor=stage.cadre, task=approved, content="Thiếu kinh phí.", proposal="Tạm ứng.")
        adjustment_request(
            actor=stage.cadre, task=approved, reason="Lùi hạn.", new_deadline=datetime.date(2024, 12, 31)
        )


def test_the_approver_sees_what_waits_for_a_decision_as_the_queue_lists_it(stage, client):
    waiting_decisions(stage, 2)
    client.force_login(stage.approver)
    lines = inbox_lines(client, "task_decisions")
    assert lines is not None
    queue = reverse("tasks:approvals")
    assert lines["Việc chờ phê duyệt"] == (2, queue)
    assert lines["Khó khăn, vướng mắc chờ trả lời"] == (2, f"{queue}#obstacles")
    assert lines["Đề nghị điều chỉnh chờ quyết định"] == (2, f"{queue}#adjustments")
    assert figure(client, queue, "queue") == figure(client, queue, "obstacles") == 2
    assert figure(client, queue, "adjustments") == 2
    # the approver carries out no task of their own: that group is not theirs
    assert inbox_lines(client, "own_tasks") is None


def test_a_line_of_a_provinces_tens_of_thousands_stops_counting_at_the_lists_bound(
    stage, client, monkeypatch
):
    """The queue and the year-end grading of a province may hold tens of thousands of tasks: their lines
    count as far as the lists do and say "hơn" beyond (here a bound of 2), on the page and in the digest."""
    from django.core import mail

    from dotpha.notifications.digest import send_daily_digests
    from dotpha.tasks import inbox

    waiting_decisions(stage, 2)
    client.force_login(stage.approver)
    group = inbox_group(client, "task_decisions")
    assert group is not None and "hơn" not in group
    stage.make_task(status=TaskStatus.SUBMITTED)
    monkeypatch.setattr(inbox, "INBOX_BOUND", 2)
    group = inbox_group(client, "task_decisions")
    assert group is not None
    assert re.search(r"Việc chờ phê duyệt</span><span [^>]*data-count>hơn 2</span>", group)
    # below the bound, exact: the obstacles and adjustments
    assert re.search(r"Khó khăn, vướng mắc chờ trả lời</span><span [^>]*data-count>2</span>", group)
    stage.approver.email = "pheduyet@example.vn"
    stage.approver.digest_enabled = True
    stage.approver.save()
    send_daily_digests(today=timezone.localdate())
    sent = [m for m in mail.outbox if m.to == ["pheduyet@example.vn"]]
    assert len(sent) == 1 and ": hơn " in sent[0].subject
    assert "Việc chờ phê duyệt: hơn 2" in sent[0].body


def test_the_cadre_does_not_decide_their_own_and_sees_an_empty_group_said_so(stage, client):
    waiting_decisions(stage, 1)
    client.force_login(stage.cadre)
    assert inbox_lines(client, "task_decisions") is None
    client.force_login(stage.unit_manager)
    # the director decides in programmes of his own unit only: nothing here
    assert inbox_lines(client, "task_decisions") == {}
    group = inbox_group(client, "task_decisions")
    assert group is not None and "Không có việc chờ." in group


def test_the_cadre_sees_drafts_reports_due_and_overdue_tasks_as_their_page_lists_them(stage, client):
    today = timezone.localdate()
    stage.make_task(status=TaskStatus.RETURNED, review_comment="Bổ sung sản phẩm.")
    stage.make_task(status=TaskStatus.DRAFT)
    # no report since it started 40 days ago (monthly reports), far from its deadline
    stage.make_task(
        status=TaskStatus.APPROVED,
        start_date=today - datetime.timedelta(days=40),
        deadline=today + datetime.timedelta(days=800),
    )
    # a month past: a deadline on a day off moves to the next working day, so yesterday's (a Saturday seen
    # on a Sunday) is not overdue yet
    stage.make_task(status=TaskStatus.APPROVED, deadline=today - datetime.timedelta(days=30))
    stage.make_task(status=TaskStatus.SUBMITTED)
    client.force_login(stage.cadre)
    lines = inbox_lines(client, "own_tasks")
    assert lines is not None
    mine = reverse("tasks:mine")
    assert lines["Việc nháp, bị trả lại cần hoàn thiện"] == (2, f"{mine}#drafts")
    assert lines["Việc đến hạn báo cáo tiến độ"] == (1, f"{mine}?progress=stale")
    assert lines["Việc quá hạn chưa hoàn thành"] == (1, f"{mine}?progress=overdue")
    assert figure(client, mine, "drafts") == 2
    assert figure(client, f"{mine}?progress=stale", "tasks") == 1
    assert figure(client, f"{mine}?progress=overdue", "tasks") == 1
    # unfiltered, the page lists the three tasks sent or under way
    assert figure(client, mine, "tasks") == 3


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


# the whole home page; "Việc của tôi" counts its drafts, reports due and overdue tasks in one query
HOME_QUERIES = {"approver": 16, "cadre": 16, "unit_manager": 23}


@pytest.mark.parametrize("role", ["approver", "cadre", "unit_manager"])
def test_the_inbox_costs_the_same_queries_at_two_sizes(stage, client, role):
    user = getattr(stage, role)
    client.force_login(user)
    waiting_decisions(stage, 1)
    stage.make_task(status=TaskStatus.RETURNED)
    small = _home_queries(client)
    waiting_decisions(stage, 6)
    for _ in range(6):
        stage.make_task(status=TaskStatus.RETURNED)
    assert _home_queries(client) == small == HOME_QUERIES[role]


def test_grading_and_self_assessments_are_due_as_the_period_ends(stage, client):
    today = timezone.localdate()
    # 2024 has ended and is not closed: its approved tasks wait for the year-end grading
    graded, waiting = (stage.make_task(status=TaskStatus.APPROVED) for _ in range(2))
    Evaluation.objects.create(task=graded, self_grade=Grade.GOOD, grade=Grade.GOOD)
    assessed = stage.make_task(status=TaskStatus.APPROVED)
    Evaluation.objects.create(
        task=assessed, self_grade=Grade.GOOD, self_assessment="Đạt.", self_assessed_at=timezone.now()
    )
    # a period ending in two years is not due yet
    later = PeriodFactory.create(
        programme=stage.programme,
        name="2027–2028",
        start_date=today,
        end_date=today + datetime.timedelta(days=730),
    )
    stage.make_task(status=TaskStatus.APPROVED, period=later, deadline=today + datetime.timedelta(days=700))

    client.force_login(stage.approver)
    lines = inbox_lines(client, "task_decisions")
    assert lines is not None
    grading = f"{reverse('tasks:grading')}?due=1"
    assert lines["Việc chờ đánh giá cuối năm"] == (2, grading)  # waiting and assessed
    assert figure(client, grading, "ungraded") == 2

    client.force_login(stage.cadre)
    lines = inbox_lines(client, "own_tasks")
    assert lines is not None
    mine = f"{reverse('tasks:mine')}?assess=due"
    assert lines["Việc chờ tự đánh giá cuối năm"] == (1, mine)  # only `waiting`
    text = client.get(mine).text
    assert (
        figure(client, mine, "tasks") == 1 and f'href="{reverse("tasks:detail", args=[waiting.pk])}"' in text
    )


def _open_registration(stage):
    """Kế hoạch 45-KH/TU of the standing committee, registration open today, at least one task each."""
    today = timezone.localdate()
    programme = ProgrammeFactory.create(
        number="45-KH/TU",
        issuing_unit=stage.world.standing,
        registration_opens=today - datetime.timedelta(days=10),
        registration_closes=today + datetime.timedelta(days=10),
    )
    return PeriodFactory.create(
        programme=programme,
        name=str(today.year),
        start_date=datetime.date(today.year, 1, 1),
        end_date=datetime.date(today.year, 12, 31),
    )


def test_the_organizer_sees_the_cadres_below_the_minimum_as_the_page_lists_them(stage, client):
    period = _open_registration(stage)
    stage.make_task(status=TaskStatus.SUBMITTED, programme=period.programme, period=period)
    client.force_login(stage.organizer)
    lines = inbox_lines(client, "registration")
    assert lines is not None
    url = reverse("tasks:registration_gaps", args=[period.pk])
    # Hùng, Minh and Sơn have none; Hạnh has sent one
    assert lines == {f"Cán bộ chưa đăng ký đủ số việc: 45-KH/TU, kỳ {period.name}": (3, url)}
    assert client.get(url).text.count("<tr><td>") == 3
    # 30-QĐ/TU's registration closed in 2024: no line for it; the cadre follows no registration
    client.force_login(stage.cadre)
    assert inbox_lines(client, "registration") is None


def test_the_registration_line_costs_the_same_queries_at_two_sizes(stage, client):
    period = _open_registration(stage)
    client.force_login(stage.organizer)
    _home_queries(client)  # warm: the session, the content types
    small = _home_queries(client)
    for i in range(6):
        cadre = CadreFactory.create(full_name=f"Ngô Văn Thêm {i}", managing_unit=stage.world.standing)
        AppointmentFactory(cadre=cadre, unit=stage.world.finance)
        stage.make_task(cadre=cadre, status=TaskStatus.SUBMITTED, programme=period.programme, period=period)
    assert _home_queries(client) == small


def test_obstacles_and_adjustments_under_the_queue_come_twenty_a_page_oldest_first(stage, client):
    waiting_decisions(stage, 23)
    client.force_login(stage.approver)
    queue = reverse("tasks:approvals")
    first = client.get(queue).text
    # the figure counts them all; the page lists the oldest 20 and goes on
    assert figure(client, queue, "obstacles") == figure(client, queue, "adjustments") == 23
    obstacles = first.split('id="obstacles"')[1].split('id="adjustments"')[0]
    assert obstacles.count("Thiếu kinh phí.") == 20
    assert "Trang 1/2" in obstacles and "obstacles_page=2" in obstacles
    second = client.get(queue, {"obstacles_page": 2}).text
    rest = second.split('id="obstacles"')[1].split('id="adjustments"')[0]
    assert rest.count("Thiếu kinh phí.") == 3 and "Trang 2/2" in rest
    # the other list stays on its first page
    adjustments = second.split('id="adjustments"')[1]
    assert adjustments.count("Lùi hạn.") == 20
