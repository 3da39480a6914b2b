"""The Excel annexes are written row after row from one query in their order (issue 18: a province's annex
has 100,000 rows): the rows come out exactly as the in-memory grouping sorts them (the Word and PDF
annexes and the closed periods' files use it), the file prints them, and the export runs a fixed number
of queries whatever the number of tasks."""

import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory
from dotpha.reports.annexes import (
    Group,
    by_cadre,
    by_grade,
    cadre_annex_items,
    grade_annex_items,
    items_of,
    task_lines,
)
from dotpha.reports.selectors import StatsFilter
from dotpha.reports.tests.factories import YearSpec, build_year
from dotpha.tasks.models import Task

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)
SMALL = YearSpec(
    excellent=3,
    good=3,
    completed=2,
    not_completed=1,
    not_evaluated=1,
    ahead=1,
    submitted=1,
    returned=1,
    rejected=1,
    drafts=1,
    cadres_per_unit=2,
)
LARGE = YearSpec(cadres_per_unit=12)  # 244 tasks assigned, over 48 cadres


def printed(items) -> list[tuple]:
    """What the file prints of each row (a cadre group's count is not printed)."""
    out: list[tuple] = []
    for item in items:
        if isinstance(item, Group):
            out.append(("group", item.number, item.label, item.note, item.rate))
        else:
            out.append(("task", item.stt, item.title, item.assignee, item.unit, item.field, item.grade))
    return out


def _another(task: Task, **changes) -> None:
    """A copy of an approved task of the year (its period, status and evaluation state) for someone else."""
    copy = Task.objects.get(pk=task.pk)
    copy.pk = None
    copy._state.adding = True
    for name, value in changes.items():
        setattr(copy, name, value)
    copy.save()


@pytest.fixture
def mixed(world, year):
    """Names whose order by given name differs from their order as whole names, or by the database's
    language (a given name starting with "Á" comes after "Minh" character by character), two cadres of
    the same name, and a second collective."""
    position = PositionFactory(name="Chuyên viên")
    first = year.tasks[0]
    for name in ("Lê Ánh", "Phạm Văn An", "Phạm Văn An", "Bùi  Hà"):
        cadre = CadreFactory.create(full_name=name, managing_unit=world.standing)
        AppointmentFactory(cadre=cadre, unit=world.finance, position=position)
        for title in ("b việc", "A việc", "Ánh việc"):
            _another(first, assignee_cadre=cadre, title=title)
    _another(first, assignee_cadre=None, assignee_unit=world.finance, title="Việc tập thể của Sở")
    return year


def test_the_streamed_annexes_hold_the_rows_of_the_grouped_lists(world, mixed):
    user, f = world.users["organizer"], StatsFilter(period=mixed.period)
    lines = task_lines(user, world.province, f, today=TODAY)
    streamed = printed(cadre_annex_items(user, world.province, f, today=TODAY))
    assert streamed == printed(items_of(by_cadre(lines)))
    labels = [row[2] for row in streamed if row[0] == "group"]
    # given names character by character: Hà (twice: "Bùi  Hà" and the Hà of the year) before Hùng, Ánh last
    assert labels.index("Bùi  Hà") < labels.index("Nguyễn Văn Hùng") < labels.index("Lê Ánh")
    assert labels.count("Phạm Văn An") == 2 and labels[-1].startswith("Tập thể: ")
    groups, items = grade_annex_items(user, world.province, f, today=TODAY)
    expected = by_grade(lines)
    assert printed(items) == printed(items_of(expected))
    assert [(g.count, g.note) for g in groups] == [(g.count, g.note) for g in expected]


def _cells(content: bytes, sheet: str) -> list[tuple]:
    ws = openpyxl.load_workbook(io.BytesIO(content), read_only=True)[sheet]
    return [row for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)]


def test_the_cadre_annex_prints_each_group_then_its_tasks(world, mixed, client):
    client.force_login(world.users["organizer"])
    response = client.get(reverse("reports:export", args=["annex_cadres"]), {"period": mixed.period.pk})
    rows = _cells(response.content, "Theo cán bộ")
    start = next(i for i, row in enumerate(rows) if row[0] == "STT")
    an = [i for i, row in enumerate(rows) if row[1] == "Phạm Văn An"]
    assert len(an) == 2
    number = rows[an[0]][0]
    assert rows[an[0]][2] == "Chuyên viên, Sở Tài chính"  # the cadre's post
    assert [row[:2] for row in rows[an[0] + 1 : an[0] + 4]] == [
        (f"{number}.1", "A việc"),
        (f"{number}.2", "b việc"),
        (f"{number}.3", "Ánh việc"),
    ]
    assert sum(1 for row in rows[start + 1 :] if "." in str(row[0])) == mixed.spec.approved + 13


@pytest.mark.parametrize("kind", ["annex_cadres", "annex_grades"])
def test_an_annex_runs_a_fixed_number_of_queries(world, client, kind):
    client.force_login(world.users["organizer"])
    counts = []
    for spec in (SMALL, LARGE):
        year = build_year(world, spec)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("reports:export", args=[kind]), {"period": year.period.pk})
        assert response.status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts
