"""A province the size of Hòa Bình in 2023, written with bulk_create for speed: 151 communes followed by 141
cadres (10 of them follow two communes), 657 visits, one form per commune, 129 cadres proposed for
commendation. Smaller sizes build the same shape, to show a selector's queries do not grow."""

import datetime
from dataclasses import dataclass

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.core.search import normalize_search
from dotpha.monitoring.models import (
    CommuneFeedback,
    CompletionLevel,
    MonitoringAssignment,
    MonitoringProgramme,
    MonitoringYear,
    ReportPeriod,
    Visit,
    VisitKind,
)
from dotpha.monitoring.services import default_report_periods
from dotpha.org.models import Appointment, Cadre, Unit, UnitKind, UnitLevel
from dotpha.org.tests.factories import PositionFactory, make_unit

YEAR = 2023


@dataclass
class ScaleProvince:
    root: Unit
    programme: MonitoringProgramme
    year: MonitoringYear
    communes: int
    cadres: int
    visits: int
    commended: int


def _children(root: Unit, specs: list[tuple[str, str, UnitKind, UnitLevel]], offset: int) -> list[Unit]:
    units = [
        Unit(
            name=name,
            code=code,
            kind=kind,
            level=level,
            path=Unit._get_path(root.path, root.depth + 1, offset + i + 1),
            depth=root.depth + 1,
            numchild=0,
            search_text=normalize_search(name),
        )
        for i, (name, code, kind, level) in enumerate(specs)
    ]
    return Unit.objects.bulk_create(units)


def build_scale_province(
    *,
    code: str,
    organizer: User,
    issuing_unit: Unit,
    communes: int = 151,
    cadres: int = 141,
    visits: int = 657,
    commended: int = 129,
    agencies: int = 30,
) -> ScaleProvince:
    assert cadres <= communes <= 2 * cadres and commended <= cadres
    root = make_unit(None, f"Tỉnh {code}", code, "province")
    province_level = UnitLevel.objects.get(code="province")
    commune_level = UnitLevel.objects.get(code="commune")
    department = UnitKind.objects.get(code="department")
    commune_kind = UnitKind.objects.get(code="commune")
    agency_units = _children(
        root,
        [
            (f"Sở số {i + 1} {code}", f"{code}-S{i + 1:02d}", department, province_level)
            for i in range(agencies)
        ],
        0,
    )
    commune_units = _children(
        root,
        [
            (f"Xã số {i + 1:03d} {code}", f"{code}-X{i + 1:03d}", commune_kind, commune_level)
            for i in range(communes)
        ],
        agencies,
    )
    Unit.objects.filter(pk=root.pk).update(numchild=agencies + communes)
    RoleGrant.objects.create(user=organizer, role=Role.ORGANIZER, unit=root)

    position = PositionFactory.create(name="Phó Giám đốc")
    people = Cadre.objects.bulk_create(
        Cadre(
            code=f"{code}-CB{i:04d}",
            full_name=f"Nguyễn Văn {code} {i:04d}",
            gender="male",
            managing_unit=issuing_unit,
            search_text=normalize_search(f"Nguyễn Văn {code} {i:04d}"),
        )
        for i in range(cadres)
    )
    posts = Appointment.objects.bulk_create(
        Appointment(
            cadre=cadre,
            position=position,
            unit=agency_units[i % agencies],
            start_date=datetime.date(2020, 1, 1),
        )
        for i, cadre in enumerate(people)
    )

    programme = MonitoringProgramme.objects.create(
        number=f"26-QĐ/TU {code}",
        title="Quy định cán bộ lãnh đạo các cơ quan, đơn vị cấp tỉnh theo dõi các xã, phường, thị trấn",
        issued_on=datetime.date(2022, 12, 14),
        issuing_unit=issuing_unit,
        scope_unit=root,
    )
    year = MonitoringYear.objects.create(
        programme=programme,
        year=YEAR,
        plan_deadline=datetime.date(YEAR, 1, 31),
        form_deadline=datetime.date(YEAR, 12, 31),
    )
    ReportPeriod.objects.bulk_create(
        ReportPeriod(
            year=year, name=p.name, covers_from=p.covers_from, covers_to=p.covers_to, due_date=p.due_date
        )
        for p in default_report_periods(YEAR)
    )
    start = datetime.date(YEAR, 1, 1)
    # Commune j is followed by cadre j; the communes beyond the cadres go to the first cadres, a second each.
    assignments = MonitoringAssignment.objects.bulk_create(
        MonitoringAssignment(
            programme=programme,
            cadre=people[j % cadres],
            appointment=posts[j % cadres],
            commune=commune,
            decision_number="12-QĐ/TU",
            decision_date=datetime.date(2022, 12, 30),
            start_date=start,
            second_commune_reason="Cơ quan thiếu lãnh đạo." if j >= cadres else "",
            created_by=organizer,
        )
        for j, commune in enumerate(commune_units)
    )
    kinds = list(VisitKind.values)
    Visit.objects.bulk_create(
        Visit(
            assignment=assignments[k % communes],
            visit_date=start + datetime.timedelta(days=k % 360),
            kind=kinds[k % len(kinds)],
            content="Dự hội nghị, làm việc với Đảng ủy xã.",
            logged_by=organizer,
        )
        for k in range(visits)
    )
    CommuneFeedback.objects.bulk_create(
        CommuneFeedback(
            year=year,
            commune=a.commune,
            cadre=a.cadre,
            assignment=a,
            completion_level=CompletionLevel.GOOD,
            comments="Hoàn thành tốt nhiệm vụ theo dõi xã.",
            proposes_commendation=people.index(a.cadre) < commended,
            submitted_on=datetime.date(YEAR, 12, 20),
            submitted_by=organizer,
        )
        for a in assignments
    )
    return ScaleProvince(root, programme, year, communes, cadres, visits, commended)
