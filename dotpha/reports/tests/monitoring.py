"""Commune monitoring of the reports' known year (2024), made through the services, over the shared `world`:

- Đặng Thị Hạnh (Sở Nội vụ, user "canbo") follows two communes: Xã Đông Cũ and Xã An Bình (the standing
  committee's reason given); 2 + 1 visits; both communes send a form proposing her for commendation;
- Trần Quang Minh (Sở Tài chính, user "canbo2") follows Xã Minh Khai; 2 visits; its form proposes nothing.

So the province counts 2 cadres and 3 assignments, 3/3 communes covered, 5 visits, 3/3 forms, 1 cadre
proposed for commendation (of 2 evaluated) by 2 forms; Sở Nội vụ alone: 1 cadre, 2 assignments, 3 visits,
2/2 forms, 1 cadre proposed by 2 forms. Nobody sent a plan or a report: every one is missing.
"""

import datetime
from dataclasses import dataclass

from dotpha.accounts.models import Role
from dotpha.monitoring.models import CompletionLevel, MonitoringAssignment, MonitoringYear, VisitKind
from dotpha.monitoring.services import assignment_create, commune_feedback_submit, visit_log
from dotpha.monitoring.tests.stage import open_year
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import make_unit, make_user

YEAR = 2024
START = datetime.date(YEAR, 1, 5)
FORMS_DAY = datetime.date(YEAR, 12, 20)


@dataclass
class MonitoringKnownYear:
    year: MonitoringYear
    hanh_first: MonitoringAssignment
    hanh_second: MonitoringAssignment
    minh: MonitoringAssignment


def build_monitoring(world) -> MonitoringKnownYear:
    organizer = world.users["organizer"]
    programme, year = open_year(world, YEAR)
    an_binh = make_unit(world.province, "Xã An Bình", "P-X3", "commune")
    minh_khai = make_unit(world.province, "Xã Minh Khai", "P-X4", "commune")
    hanh = Cadre.objects.get(full_name="Đặng Thị Hạnh")
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    common = {"actor": organizer, "programme": programme, "decision_date": START, "start_date": START}
    first = assignment_create(commune=world.old_commune, cadre=hanh, decision_number="15-QĐ/TU", **common)
    second = assignment_create(
        commune=an_binh,
        cadre=hanh,
        decision_number="16-QĐ/TU",
        second_commune_reason="Sở Nội vụ chưa có lãnh đạo thứ hai.",
        **common,
    )
    third = assignment_create(commune=minh_khai, cadre=minh, decision_number="17-QĐ/TU", **common)
    minh_user = make_user("canbo2", Role.CADRE, world.finance, minh)
    for actor, assignment, days in (
        (world.users["cadre"], first, (3, 9)),
        (world.users["cadre"], second, (4,)),
        (minh_user, third, (5, 10)),
    ):
        for month in days:
            visit_log(
                actor=actor,
                assignment=assignment,
                visit_date=datetime.date(YEAR, month, 12),
                kind=VisitKind.WORKING_VISIT,
                content="Làm việc với Đảng ủy xã.",
                today=FORMS_DAY,
            )
    for code, commune, cadre, commend in (
        ("xadongcu", world.old_commune, hanh, True),
        ("xaanbinh", an_binh, hanh, True),
        ("xaminhkhai", minh_khai, minh, False),
    ):
        commune_feedback_submit(
            actor=make_user(code, Role.COMMUNE_COMMITTEE, commune),
            year=year,
            commune=commune,
            cadre=cadre,
            completion_level=CompletionLevel.EXCELLENT if commend else CompletionLevel.GOOD,
            comments="Thường xuyên nắm tình hình cơ sở.",
            proposes_commendation=commend,
            today=FORMS_DAY,
        )
    return MonitoringKnownYear(year=year, hanh_first=first, hanh_second=second, minh=third)
