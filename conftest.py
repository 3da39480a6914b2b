"""Shared fixtures: a small province with a merger, and one user per role."""

import datetime
from dataclasses import dataclass

import pytest

from dotpha.accounts.models import Role, User
from dotpha.org.models import EndReason, Unit, UnitKind, UnitLevel, UnitMerger
from dotpha.org.seed import seed_kinds_and_levels
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory, make_unit, make_user


@dataclass
class World:
    province: Unit
    standing: Unit
    board: Unit
    home_affairs: Unit
    finance: Unit
    commune: Unit
    other_commune: Unit
    old_commune: Unit
    district: Unit
    users: dict[str, User]


def pytest_collection_modifyitems(items):
    """Tests on a transactional database (the race tests) last, browser tests at the very end: the flush
    after each empties the tables the migrations filled, and serialized_rollback puts them back only at the
    start of the next test that asks for it."""

    def flushes(item) -> bool:
        marker = item.get_closest_marker("django_db")
        return marker is not None and bool(marker.kwargs.get("transaction"))

    items.sort(key=lambda item: (item.get_closest_marker("browser") is not None, flushes(item)))


@pytest.fixture
def world(db) -> World:
    seed_kinds_and_levels(UnitLevel, UnitKind)
    province = make_unit(None, "Tỉnh Thử Nghiệm", "P", "province")
    committee = make_unit(province, "Tỉnh ủy Thử Nghiệm", "P-TU", "party_committee", level=province.level)
    standing = make_unit(
        committee, "Ban Thường vụ Tỉnh ủy", "P-BTV", "standing_committee", level=province.level
    )
    board = make_unit(committee, "Ban Tổ chức Tỉnh ủy", "P-BTC", "organisation_board", level=province.level)
    people = make_unit(province, "Ủy ban nhân dân tỉnh", "P-UBND", "peoples_committee", level=province.level)
    home_affairs = make_unit(people, "Sở Nội vụ", "P-SNV")
    finance = make_unit(people, "Sở Tài chính", "P-STC")
    district = make_unit(
        province, "Huyện ủy Cũ", "P-H1", "district_committee", valid_to=datetime.date(2025, 6, 30)
    )
    old_commune = make_unit(district, "Xã Đông Cũ", "P-H1-X1", "commune", valid_to=datetime.date(2025, 6, 30))
    commune = make_unit(province, "Xã Tân Lập", "P-X1", "commune", valid_from=datetime.date(2025, 7, 1))
    other_commune = make_unit(
        province, "Phường Hòa Bình", "P-X2", "ward", valid_from=datetime.date(2025, 7, 1)
    )
    UnitMerger.objects.create(
        predecessor=old_commune, successor=commune, effective_date=datetime.date(2025, 7, 1)
    )

    director = CadreFactory.create(full_name="Nguyễn Văn Hùng", managing_unit=standing)
    AppointmentFactory(cadre=director, unit=home_affairs, position=PositionFactory(name="Giám đốc"))
    deputy = CadreFactory.create(full_name="Đặng Thị Hạnh", gender="female", managing_unit=standing)
    AppointmentFactory(cadre=deputy, unit=home_affairs, position=PositionFactory(name="Phó Giám đốc"))
    finance_head = CadreFactory.create(full_name="Trần Quang Minh", managing_unit=standing)
    AppointmentFactory(cadre=finance_head, unit=finance, position=PositionFactory(name="Giám đốc"))
    secretary = CadreFactory.create(full_name="Lê Văn Sơn", managing_unit=standing)
    AppointmentFactory(
        cadre=secretary,
        unit=commune,
        position=PositionFactory(name="Bí thư Đảng ủy"),
        start_date=datetime.date(2025, 7, 1),
    )
    AppointmentFactory(
        cadre=secretary,
        unit=old_commune,
        position=PositionFactory(name="Bí thư Đảng ủy"),
        start_date=datetime.date(2020, 1, 1),
        end_date=datetime.date(2025, 6, 30),
        end_reason=EndReason.MERGED,
    )
    old_only = CadreFactory.create(full_name="Phạm Văn Cũ", managing_unit=old_commune)
    AppointmentFactory(
        cadre=old_only,
        unit=old_commune,
        position=PositionFactory(name="Chủ tịch UBND"),
        start_date=datetime.date(2016, 1, 1),
        end_date=datetime.date(2024, 12, 31),
        end_reason=EndReason.RETIRED,
    )
    ward_chair = CadreFactory.create(full_name="Vũ Thị Lan", gender="female", managing_unit=other_commune)
    AppointmentFactory(
        cadre=ward_chair,
        unit=other_commune,
        position=PositionFactory(name="Chủ tịch UBND"),
        start_date=datetime.date(2025, 7, 1),
    )
    staff = CadreFactory.create(full_name="Hoàng Minh Tâm", managing_unit=board)
    AppointmentFactory(cadre=staff, unit=board, position=PositionFactory(name="Chuyên viên"))

    users = {
        "organizer": make_user("tochuc", Role.ORGANIZER, province, staff),
        "approver": make_user("thuongtruc", Role.APPROVER, standing),
        "unit_manager": make_user("giamdoc", Role.UNIT_MANAGER, home_affairs, director),
        "cadre": make_user("canbo", Role.CADRE, home_affairs, deputy),
        "commune_committee": make_user("xa", Role.COMMUNE_COMMITTEE, commune, secretary),
        "inspector": make_user("kiemtra", Role.INSPECTOR, province),
        "nobody": make_user("khongquyen"),
    }
    return World(
        province, standing, board, home_affairs, finance, commune, other_commune, old_commune, district, users
    )
