import datetime

import pytest

from dotpha.accounts.access import has_role_over, units_visible_to
from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Appointment, Cadre, EndReason, Position, Unit, UnitMerger
from dotpha.org.tests.factories import kind, make_unit, make_user
from dotpha.structure.selectors import unit_cadre_count, unit_predecessors
from dotpha.structure.services import (
    appointment_end,
    appointment_start,
    cadre_create,
    cadre_update,
    position_set_leadership,
    unit_close,
    unit_create,
    unit_merge,
    unit_split,
    unit_update,
)

pytestmark = pytest.mark.django_db


def test_unit_create_places_node_under_parent_and_records_actor(world):
    # given
    organizer = world.users["organizer"]
    # when
    unit = unit_create(
        actor=organizer, parent=world.province, name="Sở Y tế", code="P-SYT", kind=kind("department")
    )
    # then
    unit.refresh_from_db()
    assert Unit.objects.get_parent(unit) == world.province
    assert unit.level.code == "province"
    assert unit.search_text == "so y te"
    record = unit.history.get()
    assert record.history_type == "+" and record.history_user == organizer


def test_unit_create_refuses_duplicate_code_and_outsiders(world):
    with pytest.raises(ApplicationError, match="đã được dùng"):
        unit_create(
            actor=world.users["organizer"],
            parent=world.province,
            name="X",
            code="P-SNV",
            kind=kind("department"),
        )
    for role in ["unit_manager", "approver", "inspector", "cadre", "commune_committee"]:
        with pytest.raises(PermissionDeniedError):
            unit_create(
                actor=world.users[role],
                parent=world.province,
                name="X",
                code=f"X-{role}",
                kind=kind("department"),
            )
    assert not Unit.objects.filter(name="X").exists()


def test_unit_update_rejects_end_before_start(world):
    with pytest.raises(ApplicationError, match="sau ngày bắt đầu"):
        unit_update(actor=world.users["organizer"], unit=world.commune, valid_to=datetime.date(2025, 1, 1))
    world.commune.refresh_from_db()
    assert world.commune.valid_to is None


def test_unit_merge_closes_predecessors_ends_appointments_and_keeps_history(world):
    # given two wards to merge, one with a sitting chairman
    organizer = world.users["organizer"]
    chair = Appointment.objects.get(cadre__full_name="Vũ Thị Lan")
    # when
    unit_merge(
        actor=organizer,
        predecessors=[world.other_commune],
        successor=world.commune,
        effective_date=datetime.date(2026, 1, 1),
        decision_number="12/NQ-UBTVQH",
    )
    # then
    world.other_commune.refresh_from_db()
    chair.refresh_from_db()
    assert world.other_commune.valid_to == datetime.date(2025, 12, 31)
    assert (chair.end_date, chair.end_reason) == (datetime.date(2025, 12, 31), EndReason.MERGED)
    assert {u.name for u in unit_predecessors(world.commune)} == {"Xã Đông Cũ", "Phường Hòa Bình"}
    # the successor's count now includes the merged ward's cadre, each person once
    assert unit_cadre_count(world.commune) == 3
    merger = UnitMerger.objects.get(predecessor=world.other_commune)
    assert merger.history.get().history_user == organizer
    assert chair.history.latest().history_user == organizer


def test_unit_merge_refuses_self_and_child(world):
    organizer = world.users["organizer"]
    with pytest.raises(ApplicationError, match="chính nó"):
        unit_merge(
            actor=organizer,
            predecessors=[world.commune],
            successor=world.commune,
            effective_date=datetime.date(2026, 1, 1),
        )
    with pytest.raises(ApplicationError, match="cấp dưới"):
        unit_merge(
            actor=organizer,
            predecessors=[world.district],
            successor=world.old_commune,
            effective_date=datetime.date(2026, 1, 1),
        )
    assert UnitMerger.objects.count() == 1


def test_unit_merge_refused_for_non_organizer(world):
    with pytest.raises(PermissionDeniedError):
        unit_merge(
            actor=world.users["commune_committee"],
            predecessors=[world.other_commune],
            successor=world.commune,
            effective_date=datetime.date(2026, 1, 1),
        )
    world.other_commune.refresh_from_db()
    assert world.other_commune.valid_to is None


def test_cadre_create_and_update_record_history(world):
    organizer = world.users["organizer"]
    cadre = cadre_create(
        actor=organizer,
        code="N1",
        full_name="  Bùi   Thị  Nga ",
        gender="female",
        managing_unit=world.standing,
        birth_year=1980,
    )
    assert cadre.full_name == "Bùi Thị Nga"
    assert cadre.search_text == "bui thi nga"
    cadre_update(actor=organizer, cadre=cadre, phone="0912345678")
    assert [h.history_type for h in cadre.history.order_by("history_date")] == ["+", "~"]
    assert all(h.history_user == organizer for h in cadre.history.all())


def test_cadre_create_rejects_bad_gender_without_saving(world):
    with pytest.raises(Exception):  # noqa: B017 - Django's ValidationError from full_clean
        cadre_create(
            actor=world.users["organizer"],
            code="N2",
            full_name="Bùi Văn A",
            gender="x",
            managing_unit=world.standing,
        )
    assert not Cadre.objects.filter(code="N2").exists()


def test_appointment_start_and_end(world):
    organizer = world.users["organizer"]
    cadre = Cadre.objects.get(full_name="Trần Quang Minh")
    position = Position.objects.create(name="Phó Giám đốc Sở")
    appointment = appointment_start(
        actor=organizer,
        cadre=cadre,
        position=position,
        unit=world.home_affairs,
        start_date=datetime.date(2026, 1, 5),
    )
    with pytest.raises(ApplicationError, match="đang giữ"):
        appointment_start(
            actor=organizer,
            cadre=cadre,
            position=position,
            unit=world.home_affairs,
            start_date=datetime.date(2026, 2, 1),
        )
    with pytest.raises(ApplicationError, match="Ngày kết thúc"):
        appointment_end(
            actor=organizer,
            appointment=appointment,
            end_date=datetime.date(2025, 1, 1),
            end_reason=EndReason.RETIRED,
        )
    appointment_end(
        actor=organizer,
        appointment=appointment,
        end_date=datetime.date(2026, 11, 1),
        end_reason=EndReason.TRANSFERRED,
    )
    appointment.refresh_from_db()
    assert appointment.end_reason == EndReason.TRANSFERRED
    with pytest.raises(ApplicationError, match="đã kết thúc"):
        appointment_end(
            actor=organizer,
            appointment=appointment,
            end_date=datetime.date(2026, 11, 2),
            end_reason=EndReason.RETIRED,
        )
    assert [h.history_type for h in appointment.history.order_by("history_date")] == ["+", "~"]


def test_appointment_refused_in_a_unit_no_longer_in_force(world):
    cadre = Cadre.objects.get(full_name="Trần Quang Minh")
    with pytest.raises(ApplicationError, match="không còn hiệu lực"):
        appointment_start(
            actor=world.users["organizer"],
            cadre=cadre,
            position=Position.objects.get(name="Giám đốc"),
            unit=world.old_commune,
            start_date=datetime.date(2026, 1, 1),
        )


def test_appointment_refused_for_unit_manager(world):
    cadre = Cadre.objects.get(full_name="Trần Quang Minh")
    with pytest.raises(PermissionDeniedError):
        appointment_start(
            actor=world.users["unit_manager"],
            cadre=cadre,
            position=Position.objects.get(name="Giám đốc"),
            unit=world.home_affairs,
            start_date=datetime.date(2026, 1, 1),
        )


def test_unit_close_keeps_the_reason_and_refuses_a_unit_with_posts_or_an_outsider(world):
    organizer = world.users["organizer"]
    with pytest.raises(ApplicationError, match="còn cán bộ đang giữ chức danh"):
        unit_close(
            actor=organizer, unit=world.finance, end_date=datetime.date(2025, 12, 31), reason="Giải thể"
        )
    with pytest.raises(ApplicationError, match="Nhập lý do"):
        unit_close(actor=organizer, unit=world.standing, end_date=datetime.date(2025, 12, 31), reason="  ")
    with pytest.raises(PermissionDeniedError):
        unit_close(
            actor=world.users["approver"],
            unit=world.standing,
            end_date=datetime.date(2025, 12, 31),
            reason="x",
        )
    unit_close(actor=organizer, unit=world.standing, end_date=datetime.date(2025, 12, 31), reason="Giải thể")
    world.standing.refresh_from_db()
    assert world.standing.valid_to == datetime.date(2025, 12, 31)
    record = world.standing.history.first()
    assert (record.history_change_reason, record.history_user) == ("Giải thể", organizer)


def test_unit_update_changes_the_code_unless_taken(world):
    organizer = world.users["organizer"]
    with pytest.raises(ApplicationError, match="“P-STC” đã được dùng"):
        unit_update(actor=organizer, unit=world.home_affairs, code="P-STC")
    unit_update(actor=organizer, unit=world.home_affairs, code="P-SNV2", name="  Sở Nội vụ tỉnh ")
    world.home_affairs.refresh_from_db()
    assert (world.home_affairs.code, world.home_affairs.name) == ("P-SNV2", "Sở Nội vụ tỉnh")


def test_position_leadership_needs_every_unit_holding_it(world):
    director = Position.objects.get(name="Giám đốc")
    commune_organizer = make_user("tochucxa", Role.ORGANIZER, world.commune)
    with pytest.raises(PermissionDeniedError):
        position_set_leadership(actor=commune_organizer, position=director, is_leadership=False)
    position_set_leadership(actor=world.users["organizer"], position=director, is_leadership=False)
    director.refresh_from_db()
    assert not director.is_leadership and director.history.first().history_user == world.users["organizer"]


def _two_wards(world) -> tuple[Unit, Unit]:
    return (
        make_unit(world.province, "Phường Bắc", "P-X3", "ward"),
        make_unit(world.province, "Phường Nam", "P-X4", "ward"),
    )


def test_unit_split_closes_the_unit_ends_its_posts_and_records_one_row_per_successor(world):
    # given Phường Hòa Bình, whose chairwoman sits, split between two new wards
    organizer = world.users["organizer"]
    north, south = _two_wards(world)
    chair = Appointment.objects.get(cadre__full_name="Vũ Thị Lan")
    # when
    mergers = unit_split(
        actor=organizer,
        predecessor=world.other_commune,
        successors=[north, south],
        effective_date=datetime.date(2026, 1, 1),
        decision_number="15/NQ-UBTVQH",
    )
    # then
    world.other_commune.refresh_from_db()
    chair.refresh_from_db()
    assert world.other_commune.valid_to == datetime.date(2025, 12, 31)
    assert world.other_commune.history.first().history_user == organizer
    assert (chair.end_date, chair.end_reason) == (datetime.date(2025, 12, 31), EndReason.MERGED)
    assert chair.history.latest().history_user == organizer
    rows = UnitMerger.objects.filter(predecessor=world.other_commune).order_by("pk")
    assert [(m.successor, m.effective_date, m.decision_number) for m in rows] == [
        (north, datetime.date(2026, 1, 1), "15/NQ-UBTVQH"),
        (south, datetime.date(2026, 1, 1), "15/NQ-UBTVQH"),
    ]
    assert mergers == list(rows)
    assert [m.history.get().history_user for m in rows] == [organizer, organizer]
    for ward in (north, south):
        ward.refresh_from_db()
        assert ward.valid_from == datetime.date(2026, 1, 1)
        assert [u.name for u in unit_predecessors(ward)] == ["Phường Hòa Bình"]


def test_the_organizers_of_either_part_read_the_split_units_history(world):
    north, south = _two_wards(world)
    unit_split(
        actor=world.users["organizer"],
        predecessor=world.other_commune,
        successors=[north, south],
        effective_date=datetime.date(2025, 7, 2),
    )
    for ward in (north, south):
        organizer = make_user(f"tochuc-{ward.code}", Role.ORGANIZER, ward)
        approver = make_user(f"btv-{ward.code}", Role.APPROVER, ward)
        assert has_role_over(organizer, Role.ORGANIZER, world.other_commune)
        assert has_role_over(approver, Role.APPROVER, world.other_commune)
        assert units_visible_to(organizer).filter(pk=world.other_commune.pk).exists()
        assert not units_visible_to(organizer).filter(pk=world.commune.pk).exists()


@pytest.mark.parametrize(
    ("successors", "code", "message"),
    [
        (lambda w, n, s: [n], "split_too_few", "ít nhất hai đơn vị"),
        (lambda w, n, s: [n, n], "split_duplicate", "chỉ được chọn một lần"),
        (lambda w, n, s: [n, w.other_commune], "split_self", "chính nó"),
        (lambda w, n, s: [n, s], "split_into_child", "đơn vị cấp dưới"),
    ],
)
def test_unit_split_refusals_change_nothing(world, successors, code, message):
    north = make_unit(world.province, "Phường Bắc", "P-X3", "ward")
    below = make_unit(world.other_commune, "Khu phố 1", "P-X2-K1", "ward")
    history = world.other_commune.history.count()
    with pytest.raises(ApplicationError, match=message) as refused:
        unit_split(
            actor=world.users["organizer"],
            predecessor=world.other_commune,
            successors=successors(world, north, below),
            effective_date=datetime.date(2026, 1, 1),
        )
    assert refused.value.code == code
    _assert_untouched(world, history)


def _assert_untouched(world, history: int) -> None:
    world.other_commune.refresh_from_db()
    assert world.other_commune.valid_to is None and world.other_commune.history.count() == history
    assert not UnitMerger.objects.filter(predecessor=world.other_commune).exists()
    assert Appointment.objects.get(cadre__full_name="Vũ Thị Lan").end_date is None


def test_a_unit_already_merged_or_split_is_not_split_again(world):
    north, south = _two_wards(world)
    with pytest.raises(ApplicationError, match="đã được sáp nhập hoặc chia tách") as refused:
        unit_split(
            actor=world.users["organizer"],
            predecessor=world.old_commune,
            successors=[north, south],
            effective_date=datetime.date(2026, 1, 1),
        )
    assert refused.value.code == "split_duplicate"
    assert list(
        UnitMerger.objects.filter(predecessor=world.old_commune).values_list("successor", flat=True)
    ) == [world.commune.pk]


def test_unit_split_needs_an_organizer_over_every_unit_involved(world):
    # a ward's organizer splits its ward into a quarter of its own and a neighbouring commune
    commune_organizer = make_user("tochucphuong", Role.ORGANIZER, world.other_commune)
    quarter = make_unit(world.province, "Phường Bắc", "P-X3", "ward")
    history = world.other_commune.history.count()
    with pytest.raises(PermissionDeniedError):
        unit_split(
            actor=commune_organizer,
            predecessor=world.other_commune,
            successors=[quarter, world.commune],
            effective_date=datetime.date(2026, 1, 1),
        )
    _assert_untouched(world, history)


def test_unit_close_refuses_a_unit_with_child_units_in_force(world):
    # given the people's committee: its two departments have no end, and Sở Nội vụ's posts are not ours
    organizer = world.users["organizer"]
    people = Unit.objects.get(code="P-UBND")
    with pytest.raises(ApplicationError) as refused:
        unit_close(actor=organizer, unit=people, end_date=datetime.date(2025, 12, 31), reason="Giải thể")
    assert refused.value.code == "unit_has_children"
    assert refused.value.message == (
        "“Ủy ban nhân dân tỉnh” còn 2 đơn vị trực thuộc đang hoạt động: đóng, sáp nhập hoặc chia tách "
        "các đơn vị đó trước."
    )
    people.refresh_from_db()
    assert people.valid_to is None
    # a child that ends by that day does not hold the closing back: the dissolved district's commune
    unit_close(actor=organizer, unit=world.district, end_date=datetime.date(2025, 6, 30), reason="Giải thể")
    world.district.refresh_from_db()
    assert world.district.valid_to == datetime.date(2025, 6, 30)


def test_an_end_date_set_by_unit_update_follows_the_closing_rules(world):
    """The edit form and an import row set `valid_to` through unit_update: a unit with posts or child units
    in force is not closed that way either, and nothing changes."""
    organizer = world.users["organizer"]
    people = Unit.objects.get(code="P-UBND")
    end = datetime.date(2025, 12, 31)
    with pytest.raises(ApplicationError) as posts:
        unit_update(actor=organizer, unit=world.finance, name="Sở Tài chính (cũ)", valid_to=end)
    assert posts.value.code == "unit_has_posts"
    with pytest.raises(ApplicationError) as children:
        unit_update(actor=organizer, unit=people, valid_to=end)
    assert children.value.code == "unit_has_children"
    for unit in (world.finance, people):
        unit.refresh_from_db()
        assert unit.valid_to is None
    assert world.finance.name == "Sở Tài chính"
    # an edit that leaves the end date as it is, or a unit free to close, goes through
    unit_update(actor=organizer, unit=world.standing, valid_to=end)
    world.standing.refresh_from_db()
    assert world.standing.valid_to == end
    unit_update(actor=organizer, unit=world.standing, name="Ban Thường vụ Tỉnh ủy khóa XX", valid_to=end)
