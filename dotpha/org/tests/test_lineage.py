"""Paths across mergers: a 2019 commune merged in 2020, whose successor merged again on 01/07/2025."""

import datetime

import pytest

from dotpha.org.lineage import ancestor_paths, predecessors_by_path, successor_paths, successor_paths_by_unit
from dotpha.org.models import UnitMerger
from dotpha.org.tests.factories import make_unit


@pytest.fixture
def chain(world):
    """Xã A (gone 2020) → Xã B (gone 2025) → the world's Xã Tân Lập; Xã C split between two wards."""
    district = world.district
    a = make_unit(district, "Xã A", "P-H1-A", "commune", valid_to=datetime.date(2019, 12, 31))
    b = make_unit(district, "Xã B", "P-H1-B", "commune", valid_to=datetime.date(2025, 6, 30))
    c = make_unit(district, "Xã C", "P-H1-C", "commune", valid_to=datetime.date(2025, 6, 30))
    UnitMerger.objects.create(predecessor=a, successor=b, effective_date=datetime.date(2020, 1, 1))
    UnitMerger.objects.create(
        predecessor=b, successor=world.commune, effective_date=datetime.date(2025, 7, 1)
    )
    UnitMerger.objects.create(
        predecessor=c, successor=world.commune, effective_date=datetime.date(2025, 7, 1)
    )
    UnitMerger.objects.create(
        predecessor=c, successor=world.other_commune, effective_date=datetime.date(2025, 7, 1)
    )
    return a, b, c


def test_a_successor_inherits_every_generation(world, chain):
    a, b, c = chain
    found = predecessors_by_path({world.commune.path, world.other_commune.path})
    assert found[world.commune.path] == {world.commune.path, world.old_commune.path, a.path, b.path, c.path}
    assert found[world.other_commune.path] == {world.other_commune.path, c.path}


def test_a_grant_high_in_the_tree_adds_nothing_it_already_covers(world, chain):
    assert predecessors_by_path({world.province.path}) == {world.province.path: {world.province.path}}
    assert predecessors_by_path({world.board.path}) == {world.board.path: {world.board.path}}


def test_an_old_unit_leads_to_all_its_successors(world, chain):
    a, b, c = chain
    assert successor_paths(a) == [a.path, b.path, world.commune.path]
    assert sorted(successor_paths(c)) == sorted([c.path, world.commune.path, world.other_commune.path])
    assert successor_paths(world.home_affairs) == [world.home_affairs.path]


def test_the_successors_of_many_units_are_found_together(world, chain, django_assert_num_queries):
    """One query per generation of mergers (a → b → Tân Lập is the longest: three, the last finding
    nothing), each unit its own successors as when asked alone."""
    a, b, c = chain
    units = [a, b, c, world.home_affairs]
    with django_assert_num_queries(3):
        found = successor_paths_by_unit(units)
    assert found[a.pk] == [a.path, b.path, world.commune.path]
    assert found[b.pk] == [b.path, world.commune.path]
    assert sorted(found[c.pk]) == sorted([c.path, world.commune.path, world.other_commune.path])
    assert found[world.home_affairs.pk] == [world.home_affairs.path]


def test_ancestor_paths_run_from_the_root_down(world):
    assert ancestor_paths(world.old_commune.path) == [
        world.province.path,
        world.district.path,
        world.old_commune.path,
    ]


def test_a_merger_recorded_ahead_of_its_date_hands_nothing_over_yet(world):
    ward = make_unit(world.province, "Phường Mới", "P-X9", "ward")
    due = datetime.date(2030, 7, 1)
    UnitMerger.objects.create(predecessor=world.other_commune, successor=ward, effective_date=due)
    assert predecessors_by_path({ward.path}, on=datetime.date(2030, 6, 30)) == {ward.path: {ward.path}}
    assert predecessors_by_path({ward.path}, on=due) == {ward.path: {ward.path, world.other_commune.path}}
    assert successor_paths(world.other_commune, on=datetime.date(2030, 6, 30)) == [world.other_commune.path]
    assert successor_paths(world.other_commune, on=due) == [world.other_commune.path, ward.path]
