"""Tree paths across mergers: what a unit inherited, and who inherited a unit.

A unit merged into another lives on in its successor: a role on the successor covers the predecessor's
history (visibility), its open business (approving and evaluating tasks registered before the merger)
and the people who must hear about it. Part of org's data layer, so that access
(`dotpha.accounts.access`) and the statistics can use it.
"""

import datetime
from collections.abc import Iterable

from django.db.models import Q
from django.utils import timezone

from dotpha.org.models import Unit, UnitMerger


def minimal_prefixes(paths: set[str]) -> set[str]:
    """Drop every path that another path of the set already covers."""
    kept: list[str] = []
    for path in sorted(paths):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return set(kept)


def predecessors_by_path(
    paths: set[str] | tuple[str, ...], *, on: datetime.date | None = None
) -> dict[str, set[str]]:
    """For each path, itself and the paths of the units merged into its subtree, transitively, by mergers
    in effect on `on` (today): a merger recorded ahead of time hands nothing over before its date. One
    query per generation of mergers, whatever the number of paths."""
    on = on or timezone.localdate()
    covered = {path: {path} for path in paths}
    frontier = {path: {path} for path in paths}
    while any(frontier.values()):
        q = Q(pk__in=[])
        for found in frontier.values():
            for path in found:
                q |= Q(successor__path__startswith=path)
        in_effect = UnitMerger.objects.filter(q, effective_date__lte=on)
        pairs = list(in_effect.values_list("successor__path", "predecessor__path"))
        next_frontier: dict[str, set[str]] = {}
        for origin, found in frontier.items():
            new = {
                predecessor
                for successor, predecessor in pairs
                if any(successor.startswith(p) for p in found)
                and not any(predecessor.startswith(c) for c in covered[origin])
            }
            covered[origin] |= new
            next_frontier[origin] = new
        frontier = next_frontier
    return covered


def successor_paths(unit: Unit, *, on: datetime.date | None = None) -> list[str]:
    """The unit's path and the paths of the units it was merged into, directly or later on, by mergers in
    effect on `on` (today)."""
    return successor_paths_by_unit([unit], on=on)[unit.pk]


def successor_paths_by_unit(
    units: Iterable[Unit], *, on: datetime.date | None = None
) -> dict[int, list[str]]:
    """`successor_paths` of many units (a batch's notifications), by unit id: one query per generation of
    mergers, whatever the number of units."""
    on = on or timezone.localdate()
    paths = {unit.pk: [unit.path] for unit in units}
    seen = {pk: {pk} for pk in paths}
    frontier = {pk: {pk} for pk in paths}  # unit -> the successors found in the last generation
    while any(frontier.values()):
        rows = list(
            UnitMerger.objects.filter(
                predecessor_id__in=set().union(*frontier.values()), effective_date__lte=on
            ).values_list("predecessor_id", "successor_id", "successor__path")
        )
        next_frontier: dict[int, set[int]] = {}
        for origin, found in frontier.items():
            next_frontier[origin] = set()
            for predecessor_id, successor_id, path in rows:
                if predecessor_id in found and successor_id not in seen[origin]:
                    seen[origin].add(successor_id)
                    paths[origin].append(path)
                    next_frontier[origin].add(successor_id)
        frontier = next_frontier
    return paths


def ancestor_paths(path: str) -> list[str]:
    """The path of the unit and of every unit above it."""
    step = Unit.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]
