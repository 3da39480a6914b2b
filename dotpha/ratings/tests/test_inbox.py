"""The ratings' line of the home page's "Việc cần làm": the approver sees the ratings waiting for their
decision, counted as the list it opens shows them; a decision takes one off."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.core.tests.inbox_page import inbox_lines
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory
from dotpha.programmes.models import Grade
from dotpha.ratings.models import RatingLevel
from dotpha.tasks.models import Evaluation, TaskStatus

pytestmark = pytest.mark.django_db

LINE = "Xếp loại cán bộ năm 2024 chờ quyết định"


def propose(stage, client, cadres: int) -> None:
    """An evaluated task for Hạnh and for `cadres - 1` more cadres of Sở Nội vụ, then the 2024 proposal."""
    people = [stage.cadre.cadre]
    for i in range(cadres - 1):
        cadre = CadreFactory.create(full_name=f"Ngô Văn Thêm {i}", managing_unit=stage.world.standing)
        AppointmentFactory(
            cadre=cadre, unit=stage.world.home_affairs, position=PositionFactory(name="Phó Giám đốc")
        )
        people.append(cadre)
    for cadre in people:
        task = stage.make_task(cadre=cadre, status=TaskStatus.APPROVED)
        Evaluation.objects.create(task=task, self_grade=Grade.GOOD, grade=Grade.GOOD)
    client.force_login(stage.organizer)
    assert client.post(reverse("ratings:propose"), {"year": "2024"}).status_code == 302


def rows_on(client, url: str) -> int:
    text = client.get(url).text
    found = re.search(r'data-figure="rows">(\d+)<', text)
    assert found is not None
    assert text.count("<tr data-rating=") == int(found.group(1))
    return int(found.group(1))


def test_the_approver_sees_the_ratings_to_decide_as_the_list_shows_them(stage, client):
    propose(stage, client, 3)
    client.force_login(stage.approver)
    lines = inbox_lines(client, "ratings")
    assert lines is not None
    count, url = lines[LINE]
    assert count == 3 and rows_on(client, url) == 3
    decided = re.search(r'data-rating="(\d+)"', client.get(url).text)
    assert decided is not None
    client.post(
        reverse("ratings:decide", args=[decided.group(1)]),
        {"level": RatingLevel.GOOD, "comment": "Hoàn thành tốt."},
    )
    assert inbox_lines(client, "ratings") == {LINE: (2, url)}
    assert rows_on(client, url) == 2
    # the organizer proposes but does not decide: the group is not theirs; the cadre neither
    for user in (stage.organizer, stage.cadre):
        client.force_login(user)
        assert inbox_lines(client, "ratings") is None


def _home_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    return len(queries)


def test_the_line_costs_the_same_queries_at_two_sizes(stage, client):
    propose(stage, client, 1)
    client.force_login(stage.approver)
    _home_queries(client)  # warm: the session, the content types
    small = _home_queries(client)
    propose(stage, client, 6)
    client.force_login(stage.approver)
    _home_queries(client)
    assert _home_queries(client) == small
