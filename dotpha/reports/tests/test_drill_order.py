"""The records behind a figure come in Vietnamese name order (given name, Đ after D, a collective's tasks
after the people's), read from the name index; counted up to a bound, the pages of a longer list walk that
index and show the same order as a shorter list's, which is ordered in Python."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.org.tests.factories import CadreFactory
from dotpha.reports.rollups import rebuild
from dotpha.reports.selectors import StatsFilter, drilldown
from dotpha.reports.selectors.drilldown import Drill, drill_page, drill_tasks
from dotpha.structure.services import cadre_update
from dotpha.tasks.models import TaskStatus
from dotpha.tests.test_access import TaskStage

pytestmark = pytest.mark.django_db

# by given name: An, Ánh, Dũng, Đức, Hà; the code points put "Đỗ Văn Đức" after every other name
NAMES = ["Đỗ Văn Đức", "Vũ Văn Dũng", "Nguyễn Thị Ánh", "Lê Thị Hà", "Trần Văn An"]
IN_ORDER = ["Trần Văn An", "Nguyễn Thị Ánh", "Vũ Văn Dũng", "Đỗ Văn Đức", "Lê Thị Hà"]


@pytest.fixture
def listed(world):
    """Two approved tasks of each named cadre, created out of order, and one of a collective."""
    stage = TaskStage(world)
    cadres = {name: CadreFactory.create(full_name=name, code=f"DO-{i}") for i, name in enumerate(NAMES)}
    for round_ in (1, 2):
        for name in NAMES:
            stage.task(TaskStatus.APPROVED, assignee_cadre=cadres[name], title=f"Việc {round_} của {name}")
    stage.task(
        TaskStatus.APPROVED, assignee_cadre=None, assignee_unit=world.board, title="Việc của tập thể Ban"
    )
    return stage, cadres


def _assignees(html: str) -> list[str]:
    """The assignee column of the drill-down's rows, in the page's order."""
    rows = re.findall(r'<tr data-task="\d+">(.*?)</tr>', html, re.S)
    return [re.sub(r"<[^>]+>", "", re.split(r"</td>\s*<td>", row)[1]).strip() for row in rows]


def _names(response) -> list[str]:
    return [name for name in _assignees(response.text) if name]


def test_the_list_behind_a_figure_is_in_vietnamese_name_order(world, client, listed):
    stage, _cadres = listed
    client.force_login(world.users["organizer"])
    response = client.get(reverse("reports:tasks"), {"m": "approved", "period": stage.period.pk})
    assert response.status_code == 200
    shown = _names(response)
    people = [name for name in shown if name in NAMES]
    assert people == [name for name in IN_ORDER for _ in (1, 2)]
    assert len(shown) == 11 and shown[-1] not in NAMES  # the collective last
    assert '<strong data-figure="count">11</strong> việc' in response.text


def test_a_corrected_name_moves_the_cadre_in_the_list(world, client, listed):
    stage, cadres = listed
    cadre_update(actor=world.users["organizer"], cadre=cadres["Lê Thị Hà"], full_name="Lê Thị Ái")
    client.force_login(world.users["organizer"])
    response = client.get(reverse("reports:tasks"), {"m": "approved", "period": stage.period.pk})
    # "Ái" comes before "An": she leads the list she closed
    assert _names(response)[:3] == ["Lê Thị Ái", "Lê Thị Ái", "Trần Văn An"]


def test_a_list_past_the_bound_pages_the_index_in_the_same_order(world, listed, monkeypatch):
    stage, _cadres = listed
    tasks, _umap = drill_tasks(
        world.users["organizer"],
        Drill(root=world.province, filter=StatsFilter(period=stage.period), measure="approved"),
        today=timezone.localdate(),
    )
    within = [t.pk for n in (1, 2, 3, 4) for t in drill_page(tasks, n, 3).rows]
    assert len(within) == 11
    monkeypatch.setattr(drilldown, "COUNT_BOUND", 7)
    first, last = drill_page(tasks, 1, 3), drill_page(tasks, 99, 3)
    assert first.total.more and first.total.value == 7
    assert first.page.paginator.num_pages == 3  # pages end at the bound
    past = [t.pk for n in (1, 2, 3) for t in drill_page(tasks, n, 3).rows]
    assert past == within[:9]
    assert last.page.number == 3 and [t.pk for t in last.rows] == within[6:9]


def test_past_the_bound_the_page_says_so(world, client, listed, monkeypatch):
    stage, _cadres = listed
    monkeypatch.setattr(drilldown, "COUNT_BOUND", 7)
    client.force_login(world.users["organizer"])
    response = client.get(reverse("reports:tasks"), {"m": "approved", "period": stage.period.pk})
    assert 'hơn <strong data-figure="count">7</strong> việc' in response.text
    assert _names(response)[:2] == ["Trần Văn An", "Trần Văn An"]


def test_the_cadre_table_is_in_vietnamese_name_order(world, client, listed):
    stage, _cadres = listed
    client.force_login(world.users["organizer"])
    response = client.get(reverse("reports:tasks"), {"m": "cadres", "period": stage.period.pk})
    shown = re.findall(r'data-drill="cadre">([^<]+)</a>', response.text)
    assert shown == IN_ORDER


PROGRESS = ("on_track", "stale", "at_risk", "overdue")


@pytest.mark.parametrize("today", [datetime.date(2024, 6, 10), datetime.date(2025, 3, 1)])
def test_a_progress_list_reads_the_state_the_sums_stored_which_is_the_live_state(world, year, today):
    """While the sums hold for the day, a progress figure's list reads the states stored with them (the
    board's own count, task by task); it is the list the states computed at read time give."""
    organizer = world.users["organizer"]
    f = StatsFilter(period=year.period)
    found = {}
    for measure in PROGRESS:
        drill = Drill(root=world.province, filter=f, measure=measure)
        rebuild(today - datetime.timedelta(days=1))  # the sums of another day: the states are computed
        live, _ = drill_tasks(organizer, drill, today=today)
        assert "reports_countedtask" not in str(live.query)
        rebuild(today)
        stored, _ = drill_tasks(organizer, drill, today=today)
        assert "reports_countedtask" in str(stored.query)
        found[measure] = sorted(stored.values_list("pk", flat=True))
        assert found[measure] == sorted(live.values_list("pk", flat=True))
    assert any(found.values()), found
