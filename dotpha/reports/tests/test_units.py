"""Where a unit's figures count: mergers followed once, splits to the earliest successor, history kept."""

import datetime

import pytest

from dotpha.org.models import UnitMerger
from dotpha.org.tests.factories import make_unit
from dotpha.reports.selectors import UnitInfo, UnitMap, unit_map

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_ways")]
DAY = datetime.date(2025, 7, 1)


def effective(umap: UnitMap, unit_id: int) -> UnitInfo:
    found = umap.effective(unit_id)
    assert found is not None
    return found


def row(umap: UnitMap, unit_id: int) -> UnitInfo:
    found = umap.row(unit_id)
    assert found is not None
    return found


def test_a_merged_commune_counts_under_its_successor(world):
    umap = unit_map(world.province)
    assert effective(umap, world.old_commune.pk).pk == world.commune.pk
    assert row(umap, world.old_commune.pk).pk == world.commune.pk
    # its dissolved district still holds its own rows (its committee), never the commune's
    assert row(umap, world.district.pk).pk == world.district.pk
    assert world.old_commune.pk in umap.home_ids(within=world.commune.pk)
    assert world.old_commune.pk not in umap.home_ids(within=world.district.pk)


def test_units_below_a_merged_unit_follow_it(world):
    hamlet = make_unit(world.old_commune, "Thôn Cũ", "P-H1-X1-T1", "commune")
    umap = unit_map(world.province)
    assert effective(umap, hamlet.pk).pk == world.commune.pk


def test_a_chain_of_mergers_is_followed_to_the_end(world):
    newest = make_unit(world.province, "Xã Hợp Nhất", "P-X9", "commune", valid_from=DAY)
    UnitMerger.objects.create(predecessor=world.commune, successor=newest, effective_date=DAY)
    umap = unit_map(world.province)
    assert effective(umap, world.old_commune.pk).pk == newest.pk
    # seen from the commune merged away, its own history stays with it
    assert effective(unit_map(world.commune), world.old_commune.pk).pk == world.commune.pk


def test_a_split_goes_to_the_earliest_successor(world):
    later = make_unit(world.province, "Xã Tách Sau", "P-X8", "commune", valid_from=DAY)
    UnitMerger.objects.create(
        predecessor=world.old_commune, successor=later, effective_date=DAY + datetime.timedelta(days=1)
    )
    assert effective(unit_map(world.province), world.old_commune.pk).pk == world.commune.pk


def test_a_merger_cycle_in_the_data_does_not_hang(world):
    UnitMerger.objects.create(predecessor=world.commune, successor=world.old_commune, effective_date=DAY)
    umap = unit_map(world.province)
    assert umap.effective(world.old_commune.pk) is not None


def test_a_unit_seen_from_its_own_subtree(world):
    umap = unit_map(world.home_affairs)
    assert umap.root.pk == world.home_affairs.pk
    assert set(umap.placement) == {world.home_affairs.pk}
    assert row(umap, world.home_affairs.pk).pk == world.home_affairs.pk


def test_a_merger_recorded_ahead_of_its_date_hands_nothing_over_before_it(world):
    """As for scope (`dotpha.org.lineage`): a figure follows a merger from its effective date, not from the
    day it was recorded, so the board and the drill-down agree with who may see what."""
    ward = make_unit(world.province, "Phường Sắp Nhập", "P-X9", "ward")
    UnitMerger.objects.create(
        predecessor=ward, successor=world.other_commune, effective_date=DAY.replace(year=2027)
    )
    before = unit_map(world.province, on=datetime.date(2026, 12, 31))
    assert effective(before, ward.pk).pk == ward.pk
    assert row(before, ward.pk).pk == ward.pk
    after = unit_map(world.province, on=datetime.date(2027, 7, 1))
    assert effective(after, ward.pk).pk == world.other_commune.pk
    # the merger of 2025, long in effect, is followed either way
    assert effective(before, world.old_commune.pk).pk == world.commune.pk
