"""A unit split between several successors (structure.services.unit_split): its history counts once in the
statistics, under the successor named first, while every successor's people read it on their pages."""

import datetime

import pytest

from dotpha.accounts.models import Role
from dotpha.org.tests.factories import make_unit, make_user
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.reports.selectors import StatsFilter, dashboard
from dotpha.reports.selectors.drilldown import Drill, drill_tasks
from dotpha.structure.services import unit_split
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.selectors import tasks_visible_to
from dotpha.tasks.tests.factories import TaskFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_ways")]

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture
def split(world):
    """Phường Hòa Bình's three collective tasks of 2026, one at Xã Tân Lập; then, from 01/07/2026, the ward
    is split: Phường Bắc is named first (the main successor), Phường Nam second."""
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=world.standing)
    period = PeriodFactory.create(programme=programme, name="2026")
    common = {
        "programme": programme,
        "period": period,
        "author": world.users["organizer"],
        "authority_unit": world.standing,
        "status": TaskStatus.APPROVED,
    }
    for n in range(3):
        TaskFactory.create(title=f"Việc của phường {n}", assignee_unit=world.other_commune, **common)
    TaskFactory.create(title="Việc của xã", assignee_unit=world.commune, **common)
    north = make_unit(world.province, "Phường Bắc", "P-X3", "ward")
    south = make_unit(world.province, "Phường Nam", "P-X4", "ward")
    unit_split(
        actor=world.users["organizer"],
        predecessor=world.other_commune,
        successors=[north, south],
        effective_date=datetime.date(2026, 7, 1),
    )
    return north, south, StatsFilter(period=period)


def test_the_province_counts_a_split_units_tasks_once_under_the_main_successor(world, split):
    north, south, f = split
    board = dashboard(world.users["organizer"], world.province, f, today=TODAY)
    rows = {r.label: r.figures.total for r in board.units}
    assert board.total.figures.total == 4 == sum(rows.values())
    assert rows["Phường Bắc"] == 3 and rows["Xã Tân Lập"] == 1
    assert rows.get("Phường Nam", 0) == 0 and "Phường Hòa Bình" not in rows
    # each successor's own board: the main one holds the history, the other none of it
    assert dashboard(world.users["organizer"], north, f, today=TODAY).total.figures.total == 3
    assert dashboard(world.users["organizer"], south, f, today=TODAY).total.figures.total == 0
    # and so do the lists the figures open
    drilled = {
        unit.name: drill_tasks(
            world.users["organizer"], Drill(root=world.province, filter=f, row=unit), today=TODAY
        )[0].count()
        for unit in (north, south)
    }
    assert drilled == {"Phường Bắc": 3, "Phường Nam": 0}


def test_the_second_successors_people_still_read_the_split_units_tasks(world, split):
    _north, south, _f = split
    organizer = make_user("tochuc-nam", Role.ORGANIZER, south)
    titles = set(tasks_visible_to(organizer).values_list("title", flat=True))
    assert titles == {f"Việc của phường {n}" for n in range(3)}
    assert Task.objects.count() == 4
