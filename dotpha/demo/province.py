"""The demo province of Hòa Sơn, in the two-level shape of 1 July 2025, with its district-era history.

Deterministic: the same seed gives the same units, cadres, appointments and accounts on every machine.
"""

import datetime
import random
from dataclasses import dataclass, field

from django.db import transaction

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.demo.names import full_name
from dotpha.demo.places import unique_place_names
from dotpha.org.models import Appointment, Cadre, EndReason, Position, Unit, UnitKind, UnitLevel, UnitMerger
from dotpha.org.seed import is_leadership_title

ROOT_CODE = "HS"
DEMO_PASSWORD = "Dotpha@2025"
REFORM_DAY = datetime.date(2025, 7, 1)
LAST_DISTRICT_DAY = REFORM_DAY - datetime.timedelta(days=1)

DEPARTMENTS = [
    "Văn phòng UBND tỉnh",
    "Sở Nội vụ",
    "Sở Tài chính",
    "Sở Tư pháp",
    "Sở Công Thương",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Khoa học và Công nghệ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Dân tộc và Tôn giáo",
    "Thanh tra tỉnh",
    "Sở Ngoại vụ",
    "Ban Quản lý các khu công nghiệp",
    "Đài Phát thanh và Truyền hình tỉnh",
    "Trường Chính trị tỉnh",
    "Quỹ Đầu tư phát triển tỉnh",
    "Ban Quản lý dự án đầu tư xây dựng tỉnh",
    "Liên minh Hợp tác xã tỉnh",
]
CENTRAL_AGENCIES = [
    "Công an tỉnh",
    "Bộ Chỉ huy Quân sự tỉnh",
    "Thuế tỉnh",
    "Kho bạc Nhà nước khu vực",
    "Ngân hàng Nhà nước chi nhánh tỉnh",
    "Tòa án nhân dân tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
]
PARTY_AGENCIES = [
    ("Ủy ban Kiểm tra Tỉnh ủy", "party_agency", "UBKT"),
    ("Văn phòng Tỉnh ủy", "office", "VP"),
    ("Ban Tuyên giáo và Dân vận Tỉnh ủy", "party_agency", "BTGDV"),
    ("Ban Nội chính Tỉnh ủy", "party_agency", "BNC"),
]
COMMUNE_POSITIONS = [
    "Bí thư Đảng ủy",
    "Phó Bí thư Thường trực Đảng ủy",
    "Chủ tịch HĐND",
    "Chủ tịch UBND",
    "Phó Chủ tịch UBND",
    "Phó Chủ tịch UBND",
    "Phó Chủ tịch HĐND",
    "Chủ tịch Ủy ban MTTQ",
]
POSITIONS = [
    ("Bí thư Tỉnh ủy", True, 1),
    ("Phó Bí thư Tỉnh ủy", False, 2),
    ("Chủ tịch HĐND tỉnh", True, 3),
    ("Phó Chủ tịch HĐND tỉnh", False, 4),
    ("Chủ tịch UBND tỉnh", True, 5),
    ("Phó Chủ tịch UBND tỉnh", False, 6),
    ("Trưởng ban", True, 10),
    ("Phó Trưởng ban", False, 11),
    ("Chủ nhiệm", True, 10),
    ("Phó Chủ nhiệm", False, 11),
    ("Chánh Văn phòng", True, 10),
    ("Phó Chánh Văn phòng", False, 11),
    ("Giám đốc", True, 12),
    ("Phó Giám đốc", False, 13),
    ("Thủ trưởng", True, 12),
    ("Phó Thủ trưởng", False, 13),
    ("Chuyên viên", False, 40),
    ("Bí thư Huyện ủy", True, 20),
    ("Phó Bí thư Huyện ủy", False, 21),
    ("Bí thư Đảng ủy", True, 30),
    ("Phó Bí thư Thường trực Đảng ủy", False, 31),
    ("Chủ tịch HĐND", True, 32),
    ("Chủ tịch UBND", True, 33),
    ("Phó Chủ tịch UBND", False, 34),
    ("Phó Chủ tịch HĐND", False, 32),
    ("Chủ tịch Ủy ban MTTQ", True, 35),
]


@dataclass
class DemoProvince:
    root: Unit
    standing_committee: Unit
    organisation_board: Unit
    departments: list[Unit] = field(default_factory=list)
    communes: list[Unit] = field(default_factory=list)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.kinds = {k.code: k for k in UnitKind.objects.all()}
        self.levels = {lv.code: lv for lv in UnitLevel.objects.all()}
        self.positions = {
            name: Position.objects.get_or_create(
                name=name,
                defaults={"is_head": head, "rank": rank, "is_leadership": is_leadership_title(name)},
            )[0]
            for name, head, rank in POSITIONS
        }
        self.cadre_seq = 0

    def unit(
        self, parent: Unit | None, name: str, code: str, kind: str, level: str | None = None, **dates
    ) -> Unit:
        kind_obj = self.kinds[kind]
        level_obj = self.levels[level] if level else kind_obj.default_level
        if parent is not None and level_obj is None:
            level_obj = parent.level
        node = Unit(name=name, code=code, kind=kind_obj, level=level_obj, **dates)
        if parent is None:
            return Unit.objects.add_root(instance=node)
        return Unit.objects.add_child(Unit.objects.get(pk=parent.pk), instance=node)

    def cadre(
        self, managing_unit: Unit, *, gender: str | None = None, born: tuple[int, int] = (1966, 1988)
    ) -> Cadre:
        self.cadre_seq += 1
        gender = gender or self.rng.choices(["male", "female"], weights=[64, 36])[0]
        name = full_name(self.rng, gender)
        cadre = Cadre(
            code=f"CB{self.cadre_seq:05d}",
            full_name=name,
            gender=gender,
            birth_year=self.rng.randint(*born),
            is_party_member=self.rng.random() > 0.03,
            phone=f"09{self.rng.randint(10_000_000, 99_999_999)}",
            email=f"cb{self.cadre_seq:05d}@hoason.gov.vn",
            managing_unit=managing_unit,
        )
        cadre.save()
        return cadre

    def appoint(
        self, cadre: Cadre, position: str, unit: Unit, start: datetime.date, end=None, reason=""
    ) -> Appointment:
        return Appointment.objects.create(
            cadre=cadre,
            position=self.positions[position],
            unit=unit,
            start_date=start,
            end_date=end,
            end_reason=reason,
        )

    def start_date(self, earliest: int = 2015, latest: int = 2024) -> datetime.date:
        return datetime.date(self.rng.randint(earliest, latest), self.rng.randint(1, 12), 1)


@transaction.atomic
def build_demo_province(seed: int = 2025) -> DemoProvince:
    b = _Builder(seed)
    root = b.unit(None, "Tỉnh Hòa Sơn", ROOT_CODE, "province")
    committee = b.unit(root, "Tỉnh ủy Hòa Sơn", "HS-TU", "party_committee", "province")
    standing = b.unit(committee, "Ban Thường vụ Tỉnh ủy", "HS-BTV", "standing_committee", "province")
    board = b.unit(committee, "Ban Tổ chức Tỉnh ủy", "HS-BTC", "organisation_board", "province")
    demo = DemoProvince(root=root, standing_committee=standing, organisation_board=board)
    party_agencies = [
        b.unit(committee, name, f"HS-{code}", kind, "province") for name, kind, code in PARTY_AGENCIES
    ]
    council = b.unit(root, "Hội đồng nhân dân tỉnh", "HS-HDND", "peoples_council", "province")
    council_office = b.unit(council, "Văn phòng Đoàn ĐBQH và HĐND tỉnh", "HS-VPHDND", "office", "province")
    people = b.unit(root, "Ủy ban nhân dân tỉnh", "HS-UBND", "peoples_committee", "province")
    front = b.unit(root, "Ủy ban MTTQ Việt Nam tỉnh", "HS-MTTQ", "mass_organisation", "province")
    demo.departments = [
        b.unit(people, name, f"HS-S{i:02d}", "department") for i, name in enumerate(DEPARTMENTS, start=1)
    ]
    agencies = [
        b.unit(root, name, f"HS-TW{i:02d}", "central_agency") for i, name in enumerate(CENTRAL_AGENCIES, 1)
    ]

    # Provincial leaders, managed by the Provincial Standing Committee.
    leader = b.cadre(standing, born=(1966, 1972))
    b.appoint(leader, "Bí thư Tỉnh ủy", committee, datetime.date(2020, 10, 15))
    deputies = [b.cadre(standing, born=(1966, 1975)) for _ in range(3)]
    b.appoint(deputies[0], "Phó Bí thư Tỉnh ủy", committee, datetime.date(2020, 10, 15))
    b.appoint(deputies[0], "Chủ tịch HĐND tỉnh", council, datetime.date(2021, 6, 20))
    b.appoint(deputies[1], "Phó Bí thư Tỉnh ủy", committee, datetime.date(2020, 10, 15))
    b.appoint(deputies[1], "Chủ tịch UBND tỉnh", people, datetime.date(2021, 6, 20))
    b.appoint(deputies[2], "Phó Bí thư Tỉnh ủy", standing, datetime.date(2020, 10, 15))
    for _ in range(2):
        b.appoint(b.cadre(standing), "Phó Chủ tịch HĐND tỉnh", council, b.start_date(2021, 2023))
    for _ in range(4):
        b.appoint(b.cadre(standing), "Phó Chủ tịch UBND tỉnh", people, b.start_date(2021, 2024))
    b.appoint(b.cadre(standing), "Chánh Văn phòng", council_office, b.start_date(2019, 2022))
    b.appoint(b.cadre(standing), "Phó Chánh Văn phòng", council_office, b.start_date(2019, 2023))
    for agency in [board, *party_agencies, front]:
        head, deputy = (
            ("Chánh Văn phòng", "Phó Chánh Văn phòng")
            if agency.kind.code == "office"
            else ("Trưởng ban", "Phó Trưởng ban")
        )
        b.appoint(b.cadre(standing), head, agency, b.start_date(2018, 2023))
        for _ in range(2):
            b.appoint(b.cadre(standing), deputy, agency, b.start_date(2018, 2024))
    board_staff = []
    for _ in range(8):
        staff = b.cadre(board, born=(1980, 1996))
        b.appoint(staff, "Chuyên viên", board, b.start_date(2016, 2024))
        board_staff.append(staff)
    department_heads = {}
    for unit in [*demo.departments, *agencies]:
        head, deputy = (
            ("Giám đốc", "Phó Giám đốc") if unit in demo.departments else ("Thủ trưởng", "Phó Thủ trưởng")
        )
        chief = b.cadre(standing, born=(1966, 1978))
        b.appoint(chief, head, unit, b.start_date(2017, 2024))
        department_heads[unit.pk] = chief
        for _ in range(b.rng.randint(2, 3)):
            b.appoint(b.cadre(standing), deputy, unit, b.start_date(2016, 2025))
        # Someone who left: the unit's history shows who held a post before.
        former = b.cadre(standing, born=(1958, 1964))
        b.appoint(
            former,
            deputy,
            unit,
            b.start_date(2010, 2015),
            end=b.start_date(2020, 2024),
            reason=b.rng.choice([EndReason.RETIRED, EndReason.TRANSFERRED]),
        )

    # District era: 8 district committees with 330 communes, merged three into one on 1 July 2025.
    places = unique_place_names(b.rng, 8 + 330 + 110)
    district_names, old_names, new_names = places[:8], places[8:338], places[338:]
    old_by_district: list[list[Unit]] = []
    for d, name in enumerate(district_names, start=1):
        district = b.unit(
            root,
            f"Huyện ủy {name}",
            f"HS-H{d:02d}",
            "district_committee",
            valid_from=datetime.date(1991, 10, 1),
            valid_to=LAST_DISTRICT_DAY,
        )
        secretary = b.cadre(standing, born=(1962, 1970))
        b.appoint(
            secretary,
            "Bí thư Huyện ủy",
            district,
            datetime.date(2020, 8, 1),
            end=LAST_DISTRICT_DAY,
            reason=EndReason.MERGED,
        )
        olds = []
        for c in range(len(old_names) * d // 8 - len(old_names) * (d - 1) // 8):
            index = len(old_names) * (d - 1) // 8 + c
            kind = "township" if c == 0 else "commune"
            label = "Thị trấn" if kind == "township" else "Xã"
            olds.append(
                b.unit(
                    district,
                    f"{label} {old_names[index]}",
                    f"HS-H{d:02d}-X{c + 1:03d}",
                    kind,
                    valid_to=LAST_DISTRICT_DAY,
                )
            )
        old_by_district.append(olds)

    old_units = [u for olds in old_by_district for u in olds]
    for i, name in enumerate(new_names):
        is_ward = i < 10
        commune = b.unit(
            root,
            f"{'Phường' if is_ward else 'Xã'} {name}",
            f"HS-X{i + 1:03d}",
            "ward" if is_ward else "commune",
            valid_from=REFORM_DAY,
        )
        demo.communes.append(commune)
        group = old_units[i * 3 : i * 3 + 3]
        for old in group:
            UnitMerger.objects.create(
                predecessor=old,
                successor=commune,
                effective_date=REFORM_DAY,
                decision_number="1665/NQ-UBTVQH15",
            )
        for p, position in enumerate(COMMUNE_POSITIONS):
            managed_by = standing if p in (0, 3) else commune
            cadre = b.cadre(managed_by, born=(1968, 1992))
            # Before the reform the same people led the old communes; their old posts ended with the merger.
            if b.rng.random() < 0.8:
                b.appoint(
                    cadre,
                    position,
                    b.rng.choice(group),
                    b.start_date(2016, 2021),
                    end=LAST_DISTRICT_DAY,
                    reason=EndReason.MERGED,
                )
            b.appoint(cadre, position, commune, REFORM_DAY)

    demo.accounts = _demo_accounts(demo, deputies[2], department_heads, board_staff)
    return demo


def _demo_accounts(
    demo: DemoProvince, standing_deputy: Cadre, heads: dict[int, Cadre], board_staff: list[Cadre]
):
    home_affairs = demo.departments[1]
    head = heads[home_affairs.pk]
    deputy = Appointment.objects.filter(
        unit=home_affairs, position__name="Phó Giám đốc", end_date__isnull=True
    ).first()
    commune = demo.communes[10]
    commune_secretary = Appointment.objects.get(unit=commune, position__name="Bí thư Đảng ủy").cadre
    inspector_cadre = Appointment.objects.filter(unit__code="HS-UBKT", end_date__isnull=True).first()
    plan = [
        ("tochuc", Role.ORGANIZER, demo.root, board_staff[0]),
        ("thuongtruc", Role.APPROVER, demo.standing_committee, standing_deputy),
        ("giamdoc", Role.UNIT_MANAGER, home_affairs, head),
        ("canbo", Role.CADRE, home_affairs, deputy.cadre if deputy else None),
        ("xa", Role.COMMUNE_COMMITTEE, commune, commune_secretary),
        ("kiemtra", Role.INSPECTOR, demo.root, inspector_cadre.cadre if inspector_cadre else None),
    ]
    accounts = []
    for username, role, unit, cadre in plan:
        user = User(username=username, cadre=cadre, first_name=cadre.full_name if cadre else username)
        user.set_password(DEMO_PASSWORD)
        user.save()
        RoleGrant.objects.create(user=user, role=role, unit=unit)
        accounts.append((username, str(Role(role).label), unit.name))
    admin = User(username="quantri", is_staff=True, is_superuser=True, first_name="Quản trị hệ thống")
    admin.set_password(DEMO_PASSWORD)
    admin.save()
    accounts.append(("quantri", "Quản trị hệ thống (superuser)", "toàn hệ thống"))
    return accounts


def demo_exists() -> bool:
    return Unit.objects.filter(code=ROOT_CODE).exists()
