"""Commune monitoring over the shared `world`: Quy định 26-QĐ/TU of the standing committee over the
province, a year with its deadlines, and two assignments made through the services:

- Đặng Thị Hạnh (deputy director of Sở Nội vụ, user "canbo") follows Xã Tân Lập (committee user "xa");
- Trần Quang Minh (director of Sở Tài chính, no account) follows Phường Hòa Bình (committee user "xa2").

Nguyễn Văn Hùng, director of Sở Nội vụ (user "giamdoc"), follows nothing: the same-agency candidate.
"""

import datetime
from dataclasses import dataclass

from dotpha.accounts.models import Role, User
from dotpha.monitoring.models import MonitoringAssignment, MonitoringProgramme, MonitoringYear, ReportPeriod
from dotpha.monitoring.services import assignment_create, monitoring_programme_create, monitoring_year_create
from dotpha.org.models import Appointment, Cadre
from dotpha.org.tests.factories import make_user

YEAR = 2026


@dataclass
class Stage:
    world: object
    programme: MonitoringProgramme
    year: MonitoringYear
    organizer: User
    cadre_user: User  # canbo: Đặng Thị Hạnh
    committee: User  # xa: Đảng ủy Xã Tân Lập
    other_committee: User  # xa2: Đảng ủy Phường Hòa Bình
    hanh: Cadre
    hung: Cadre
    minh: Cadre
    tan_lap: MonitoringAssignment  # Hạnh → Xã Tân Lập
    hoa_binh: MonitoringAssignment  # Minh → Phường Hòa Bình

    @property
    def half_year(self) -> ReportPeriod:
        return self.year.report_periods.order_by("due_date").first()  # type: ignore[return-value]

    @property
    def year_end(self) -> ReportPeriod:
        return self.year.report_periods.order_by("due_date").last()  # type: ignore[return-value]

    def post(self, cadre: Cadre) -> Appointment:
        return Appointment.objects.get(cadre=cadre, end_date__isnull=True, unit__level__code="province")

    def day(self, month: int, day: int) -> datetime.date:
        return datetime.date(self.year.year, month, day)


def open_year(world, year: int) -> tuple[MonitoringProgramme, MonitoringYear]:
    """Quy định 26-QĐ/TU over the province and its year, through the services."""
    organizer = world.users["organizer"]
    programme = monitoring_programme_create(
        actor=organizer,
        number="26-QĐ/TU",
        title="Quy định cán bộ lãnh đạo các cơ quan, đơn vị cấp tỉnh theo dõi các xã, phường",
        issued_on=datetime.date(2022, 12, 14),
        issuing_unit=world.standing,
        scope_unit=world.province,
    )
    monitoring_year = monitoring_year_create(
        actor=organizer,
        programme=programme,
        year=year,
        plan_deadline=datetime.date(year, 1, 31),
        form_deadline=datetime.date(year, 12, 31),
    )
    return programme, monitoring_year


def build_stage(world, year: int, start: datetime.date) -> Stage:
    organizer = world.users["organizer"]
    programme, monitoring_year = open_year(world, year)
    hanh = Cadre.objects.get(full_name="Đặng Thị Hạnh")
    hung = Cadre.objects.get(full_name="Nguyễn Văn Hùng")
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    common = {"actor": organizer, "programme": programme, "decision_date": start, "start_date": start}
    tan_lap = assignment_create(commune=world.commune, cadre=hanh, decision_number="15-QĐ/TU", **common)
    hoa_binh = assignment_create(
        commune=world.other_commune, cadre=minh, decision_number="16-QĐ/TU", **common
    )
    other_committee = make_user("xa2", Role.COMMUNE_COMMITTEE, world.other_commune)
    return Stage(
        world=world,
        programme=programme,
        year=monitoring_year,
        organizer=organizer,
        cadre_user=world.users["cadre"],
        committee=world.users["commune_committee"],
        other_committee=other_committee,
        hanh=hanh,
        hung=hung,
        minh=minh,
        tan_lap=tan_lap,
        hoa_binh=hoa_binh,
    )
