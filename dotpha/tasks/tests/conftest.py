"""A programme over the shared `world`: Quy định 30-QĐ/TU of the provincial standing committee, period 2024,
registration from 01/01 to 31/03/2024, 1 to 5 tasks per assignee, monthly reports."""

import datetime
from dataclasses import dataclass

import pytest

from dotpha.accounts.models import Role, User
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import make_user
from dotpha.programmes.models import Field, Period, Programme
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory, field
from dotpha.tasks.models import Task, TaskOrigin, TaskStatus
from dotpha.tasks.tests.factories import TaskFactory

IN_WINDOW = datetime.date(2024, 2, 15)
AFTER_WINDOW = datetime.date(2024, 4, 20)


@dataclass
class Stage:
    world: object
    programme: Programme
    period: Period
    field: Field
    cadre: User  # Đặng Thị Hạnh, deputy director of Sở Nội vụ, managed by the standing committee
    unit_manager: User  # Nguyễn Văn Hùng, director of Sở Nội vụ
    approver: User  # the standing committee's approver (no cadre)
    organizer: User
    inspector: User
    commune: User
    nobody: User

    def make_task(self, *, cadre: Cadre | None = None, status: str = TaskStatus.DRAFT, **kwargs) -> Task:
        """A task written straight to the database (no service), for the given state."""
        unit = kwargs.pop("assignee_unit", None)
        if unit is None:
            cadre = cadre or self.cadre.cadre
        author = kwargs.pop("author", None) or (self.cadre if unit is None else self.unit_manager)
        authority = kwargs.pop("authority_unit", None) or (
            cadre.managing_unit if cadre is not None and cadre.managing_unit else self.programme.issuing_unit
        )
        extra = {}
        if status == TaskStatus.APPROVED:
            extra = {"approved_on": datetime.date(2024, 4, 1), "approved_by": self.approver}
        return TaskFactory.create(
            programme=kwargs.pop("programme", self.programme),
            period=kwargs.pop("period", self.period),
            assignee_cadre=cadre if unit is None else None,
            assignee_unit=unit,
            accountable_cadre=kwargs.pop("accountable_cadre", None)
            or (self.unit_manager.cadre if unit else None),
            author=author,
            authority_unit=authority,
            status=status,
            origin=kwargs.pop("origin", TaskOrigin.REGISTERED),
            field=self.field,
            **extra,
            **kwargs,
        )


@pytest.fixture
def stage(world) -> Stage:
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=world.standing)
    period = PeriodFactory.create(programme=programme, name="2024")
    users = world.users
    return Stage(
        world=world,
        programme=programme,
        period=period,
        field=field("giai-phong-mat-bang"),
        cadre=users["cadre"],
        unit_manager=users["unit_manager"],
        approver=users["approver"],
        organizer=users["organizer"],
        inspector=users["inspector"],
        commune=users["commune_committee"],
        nobody=users["nobody"],
    )


@pytest.fixture
def approver_with_cadre(world) -> User:
    """Trần Quang Minh also sits on the standing committee: he approves others' tasks, never his own."""
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    return make_user("minh", Role.APPROVER, world.standing, minh)
