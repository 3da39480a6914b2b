"""Sở Nội vụ's own plan over the `web` stage (current year): its director (`giamdoc`, unit manager of the
department and nothing else) runs it for the staff the department manages. Beside them: a namesake deputy
director of Sở Tài chính, the finance department's own staff member, and a retired staff member."""

import datetime
from dataclasses import dataclass

import pytest

from dotpha.accounts.models import Role, User
from dotpha.org.models import Cadre, EndReason
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory, make_user
from dotpha.programmes.models import Period, Programme
from dotpha.programmes.tests.factories import PeriodFactory, ProgrammeFactory
from dotpha.tasks.models import Task, TaskStatus


@dataclass
class Department:
    web: object
    plan: Programme
    period: Period
    director: User
    staff: User  # Hoàng Công Phong, Chuyên viên, Sở Nội vụ: managed by the department
    finance_deputy: Cadre  # Hoàng Công Phong, Phó Giám đốc, Sở Tài chính: managed by the province
    finance_staff: Cadre  # Sở Tài chính's own staff member
    retired: Cadre  # a Sở Nội vụ staff member whose post ended last year

    def task(self, status: str = TaskStatus.SUBMITTED, **kwargs) -> Task:
        kwargs.setdefault("programme", self.plan)
        kwargs.setdefault("period", self.period)
        kwargs.setdefault("cadre", self.staff.cadre)
        kwargs.setdefault("author", self.staff)
        return self.web.task(status=status, **kwargs)  # type: ignore[attr-defined]


@pytest.fixture(name="department")
def department_fixture(web) -> Department:
    """Import `department_fixture` (and `web_fixture`) in a test module to use the `department` fixture."""
    world = web.world
    year = web.today.year
    plan = ProgrammeFactory.create(
        number="15/KH-SNV",
        title="Kế hoạch thực hiện việc đột phá, đổi mới của công chức Sở Nội vụ",
        issuing_unit=world.home_affairs,
        registration_opens=web.today - datetime.timedelta(days=30),
        registration_closes=web.today + datetime.timedelta(days=30),
    )
    period = PeriodFactory.create(
        programme=plan,
        name=str(year),
        start_date=datetime.date(year, 1, 1),
        end_date=datetime.date(year, 12, 31),
    )
    specialist = PositionFactory(name="Chuyên viên")
    phong = CadreFactory.create(full_name="Hoàng Công Phong", managing_unit=world.home_affairs)
    AppointmentFactory(cadre=phong, unit=world.home_affairs, position=specialist)
    namesake = CadreFactory.create(full_name="Hoàng Công Phong", managing_unit=world.standing)
    AppointmentFactory(cadre=namesake, unit=world.finance, position=PositionFactory(name="Phó Giám đốc"))
    finance_staff = CadreFactory.create(full_name="Ngô Thị Thoa", managing_unit=world.finance)
    AppointmentFactory(cadre=finance_staff, unit=world.finance, position=specialist)
    retired = CadreFactory.create(full_name="Bùi Văn Lộc", managing_unit=world.home_affairs)
    AppointmentFactory(
        cadre=retired,
        unit=world.home_affairs,
        position=specialist,
        start_date=datetime.date(2010, 1, 1),
        end_date=datetime.date(year - 1, 6, 30),
        end_reason=EndReason.RETIRED,
    )
    return Department(
        web=web,
        plan=plan,
        period=period,
        director=world.users["unit_manager"],
        staff=make_user("phong", Role.CADRE, world.home_affairs, phong),
        finance_deputy=namesake,
        finance_staff=finance_staff,
        retired=retired,
    )
