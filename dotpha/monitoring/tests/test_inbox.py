"""Commune monitoring's group of the home page's "Việc cần làm", as the commune committee, the monitoring
cadre and the organizer see it: each count equals what the linked page lists."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dotpha.core.tests.inbox_page import inbox_lines
from dotpha.monitoring.inbox import DUE_WITHIN_DAYS
from dotpha.monitoring.services import visit_log
from dotpha.org.tests.factories import make_unit

pytestmark = pytest.mark.django_db


def log_visits(stage, n: int) -> None:
    for i in range(n):
        visit_log(
            actor=stage.cadre_user,
            assignment=stage.tan_lap,
            visit_date=timezone.localdate() - datetime.timedelta(days=i),
            kind="party_conference",
            content=f"Dự hội nghị lần {i + 1}.",
        )


def page(client, url: str) -> str:
    return client.get(url).text


def test_the_committee_sees_its_visits_to_confirm_and_forms_to_send(live_stage, client):
    log_visits(live_stage, 2)
    client.force_login(live_stage.committee)
    lines = inbox_lines(client, "monitoring")
    assert lines is not None
    home = reverse("monitoring:home")
    assert lines["Lượt đi cơ sở chờ xác nhận"] == (2, f"{home}#visits")
    assert lines["Phiếu nhận xét cán bộ theo dõi chưa gửi"] == (1, f"{home}#forms-title")
    text = page(client, home)
    visits = re.search(r'data-list="visits">(.*?)</div>\s*</section>', text, re.S)
    assert visits is not None and visits.group(1).count("<form ") == 2
    assert text.count("Điền phiếu nhận xét") == 1


def _due_on_the_page(text: str, today: datetime.date) -> int:
    """The plans and reports the monitoring page offers to send ("Gửi …" buttons), due within the window."""
    soon = today + datetime.timedelta(days=DUE_WITHIN_DAYS)
    due = 0
    for d, m, y, button in re.findall(r"\(hạn (\d\d)/(\d\d)/(\d{4})\).*?btn-sm (btn-\w+)", text, re.S):
        day = datetime.date(int(y), int(m), int(d))
        due += button == "btn-primary" and day <= soon
    return due


def test_the_monitoring_cadre_sees_the_plans_and_reports_due(live_stage, client):
    client.force_login(live_stage.cadre_user)
    lines = inbox_lines(client, "monitoring")
    assert lines is not None
    label = "Kế hoạch, báo cáo theo dõi xã đến hạn hoặc quá hạn"
    count, url = lines[label]
    # the plan of January at least, never sent
    assert count >= 1 and url == reverse("monitoring:home")
    assert count == _due_on_the_page(page(client, url), timezone.localdate())


def test_the_organizer_sees_the_communes_without_a_monitor_as_the_board_lists_them(live_stage, client):
    stage = live_stage
    client.force_login(stage.organizer)
    # Minh leaves his post: Phường Hòa Bình has nobody to follow it
    client.post(
        reverse("monitoring:cadre_left", args=[stage.hoa_binh.pk]),
        {"end_date": f"{timezone.localdate():%d/%m/%Y}", "end_reason": "retired"},
    )
    lines = inbox_lines(client, "monitoring")
    assert lines is not None
    board = f"{reverse('monitoring:board')}?status=gap"
    assert lines["Xã chưa có cán bộ theo dõi"] == (1, board)
    assert page(client, board).count("data-commune=") == 1
    # the inspector follows the same communes, read-only
    client.force_login(stage.world.users["inspector"])
    assert inbox_lines(client, "monitoring") == {"Xã chưa có cán bộ theo dõi": (1, board)}
    assert page(client, board).count("data-commune=") == 1
    # the cadre, who oversees nothing, has no such line
    client.force_login(stage.cadre_user)
    assert "Xã chưa có cán bộ theo dõi" not in (inbox_lines(client, "monitoring") or {})


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["organizer", "committee", "cadre_user"])
def test_the_group_costs_the_same_queries_at_two_sizes(live_stage, client, role):
    stage = live_stage
    client.force_login(getattr(stage, role))
    log_visits(stage, 1)
    _home_queries(client)  # warm: the session, the content types
    small = _home_queries(client)
    log_visits(stage, 5)
    for i in range(5):
        make_unit(
            stage.world.province, f"Xã Mới {i}", f"P-XM{i}", "commune", valid_from=datetime.date(2025, 7, 1)
        )
    assert _home_queries(client) == small
