"""visible_to: every list, detail, count and search goes through these selectors."""

import pytest

from dotpha.accounts.access import cadres_visible_to, units_visible_to
from dotpha.structure.selectors import search_cadres, search_units

pytestmark = pytest.mark.django_db


def names(qs):
    return {x.name if hasattr(x, "name") else x.full_name for x in qs}


def test_organizer_at_province_sees_every_unit_and_cadre(world):
    user = world.users["organizer"]
    assert units_visible_to(user).count() == 11
    assert cadres_visible_to(user).count() == 7


def test_unit_manager_sees_own_subtree_only(world):
    user = world.users["unit_manager"]
    assert names(units_visible_to(user)) == {"Sở Nội vụ"}
    assert names(cadres_visible_to(user)) == {"Nguyễn Văn Hùng", "Đặng Thị Hạnh"}


def test_cadre_sees_self_only(world):
    user = world.users["cadre"]
    assert names(cadres_visible_to(user)) == {"Đặng Thị Hạnh"}
    assert names(units_visible_to(user)) == {"Sở Nội vụ"}


def test_commune_committee_sees_its_commune_and_what_was_merged_into_it(world):
    user = world.users["commune_committee"]
    assert names(units_visible_to(user)) == {"Xã Tân Lập", "Xã Đông Cũ"}
    # The retired chairman of the old commune is part of the new commune's history.
    assert names(cadres_visible_to(user)) == {"Lê Văn Sơn", "Phạm Văn Cũ"}


def test_commune_committee_does_not_see_another_commune(world):
    user = world.users["commune_committee"]
    assert not units_visible_to(user).filter(pk=world.other_commune.pk).exists()
    assert not cadres_visible_to(user).filter(full_name="Vũ Thị Lan").exists()


def test_approver_sees_the_cadres_its_standing_committee_manages(world):
    user = world.users["approver"]
    assert {"Nguyễn Văn Hùng", "Đặng Thị Hạnh", "Trần Quang Minh", "Lê Văn Sơn"} <= names(
        cadres_visible_to(user)
    )
    assert "Vũ Thị Lan" not in names(cadres_visible_to(user))


def test_user_without_role_sees_nothing(world):
    user = world.users["nobody"]
    assert units_visible_to(user).count() == 0
    assert cadres_visible_to(user).count() == 0


def test_search_needs_no_diacritics_and_respects_scope(world):
    organizer = world.users["organizer"]
    assert names(search_cadres(organizer, "nguyen van")) == {"Nguyễn Văn Hùng"}
    assert names(search_cadres(organizer, "dang")) == {"Đặng Thị Hạnh"}
    assert names(search_units(organizer, "TAN LAP")) == {"Xã Tân Lập"}
    assert names(search_units(organizer, "sở nội vụ")) == {"Sở Nội vụ"}
    manager = world.users["unit_manager"]
    assert names(search_cadres(manager, "tran")) == set()


def test_inactive_user_sees_nothing(world):
    user = world.users["inspector"]
    user.is_active = False
    user.save()
    user.refresh_from_db()
    assert units_visible_to(user).count() == 0
