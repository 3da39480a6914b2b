"""Where a unit's figures count now: the unit tree seen from one root, with mergers followed.

A task counts under its *home unit* (see `selectors.base`). The home unit may be a unit that no longer
exists: a commune merged on 1 July 2025 into a new one, or a unit under a district that was dissolved. Its
figures count under the unit it became part of, once:

- the *effective unit* of a unit is the successor of its deepest merged ancestor-or-self (followed through
  later mergers), or the unit itself when neither it nor an ancestor was merged away;
- when a unit was split between several successors (one predecessor, several successors) its figures go to
  the earliest successor (by date, then by record), once: a task does not say which part it went to.
  `structure.services.unit_split` writes the main successor, named first, as the earliest; every successor's
  people still read the history on their pages (scope follows every successor);
- the *row* of a unit is the child of the root that holds its effective unit (or the root itself).
- Seen from a unit that was itself merged away, mergers of that unit and of its ancestors are ignored: its
  dashboard shows its own history as it was.

Two queries, whatever the number of tasks: the mergers, then the units that can count under the root (the
root's subtree and the subtrees of every unit merged into it, directly or not).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from dotpha.org.models import Unit, UnitMerger

STEP = Unit.steplen


@dataclass(frozen=True)
class UnitInfo:
    pk: int
    path: str
    name: str
    kind_name: str
    level_id: int
    level_name: str
    level_rank: int
    valid_to: datetime.date | None

    @property
    def is_historical(self) -> bool:
        return self.valid_to is not None


@dataclass
class UnitMap:
    root: UnitInfo
    units: dict[int, UnitInfo]
    # unit id -> (effective unit id, row id); only units that count under the root
    placement: dict[int, tuple[int, int]] = field(default_factory=dict)

    def effective(self, unit_id: int) -> UnitInfo | None:
        placed = self.placement.get(unit_id)
        return self.units[placed[0]] if placed else None

    def row(self, unit_id: int) -> UnitInfo | None:
        placed = self.placement.get(unit_id)
        return self.units[placed[1]] if placed else None

    def children(self) -> list[UnitInfo]:
        """The root's direct children: the rows of a dashboard (in force first, in tree order)."""
        depth = len(self.root.path) + STEP
        kids = [u for u in self.units.values() if len(u.path) == depth and u.path.startswith(self.root.path)]
        return sorted(kids, key=lambda u: (u.is_historical, u.path))

    def home_ids(
        self, *, within: int | None = None, exactly: bool = False, level_id: int | None = None
    ) -> list[int]:
        """Home-unit ids whose effective unit lies under `within` (default: the root), or is `within` itself
        when `exactly`, and is of `level_id` when given. The filter the drill-down lists use."""
        target = self.units[within] if within is not None else self.root
        ids = []
        for unit_id, (effective_id, _row) in self.placement.items():
            eff = self.units[effective_id]
            inside = eff.pk == target.pk if exactly else eff.path.startswith(target.path)
            if inside and (level_id is None or eff.level_id == level_id):
                ids.append(unit_id)
        return sorted(ids)


def _successors(root_path: str, on: datetime.date) -> dict[str, tuple[int, str]]:
    """predecessor path -> (successor id, successor path), the earliest successor for a split, by mergers in
    effect on `on`: one recorded ahead of its date hands nothing over before then, as for scope
    (`dotpha.org.lineage`)."""
    rows = (
        UnitMerger.objects.filter(effective_date__lte=on)
        .order_by("effective_date", "pk")
        .values_list("predecessor__path", "successor_id", "successor__path")
    )
    found: dict[str, tuple[int, str]] = {}
    for pred_path, succ_id, succ_path in rows:
        # seen from a unit merged away, its own merger and its ancestors' do not apply
        if root_path.startswith(pred_path):
            continue
        found.setdefault(pred_path, (succ_id, succ_path))
    return found


def _lineage_paths(root_path: str, successors: dict[str, tuple[int, str]]) -> list[str]:
    """The root's path and the paths of every unit whose figures flow into its subtree through mergers."""
    covered = [root_path]
    changed = True
    while changed:
        changed = False
        for pred_path, (_succ_id, succ_path) in successors.items():
            if any(pred_path.startswith(c) for c in covered):
                continue
            if any(succ_path.startswith(c) for c in covered):
                covered.append(pred_path)
                changed = True
    return covered


def _effective_path(path: str, successors: dict[str, tuple[int, str]]) -> str:
    seen: set[str] = set()
    while True:
        for k in range(len(path), 0, -STEP):
            hit = successors.get(path[:k])
            if hit is not None:
                break
        else:
            return path
        if path in seen:  # a merger cycle in the data: stop where we are
            return path
        seen.add(path)
        path = hit[1]


def unit_map(root: Unit, *, on: datetime.date | None = None) -> UnitMap:
    successors = _successors(root.path, on or timezone.localdate())
    lineage = _lineage_paths(root.path, successors)
    q = Q(pk__in=[])
    for path in lineage:
        q |= Q(path__startswith=path)
    rows = Unit.objects.filter(q).values_list(
        "pk", "path", "name", "kind__name", "level_id", "level__name", "level__rank", "valid_to"
    )
    units = {row[0]: UnitInfo(*row) for row in rows}
    by_path = {u.path: u.pk for u in units.values()}
    root_info = units[root.pk]
    result = UnitMap(root=root_info, units=units)
    row_len = len(root.path) + STEP
    for unit in units.values():
        eff_path = _effective_path(unit.path, successors)
        if not eff_path.startswith(root.path) or eff_path not in by_path:
            continue
        row_path = eff_path if eff_path == root.path else eff_path[:row_len]
        result.placement[unit.pk] = (by_path[eff_path], by_path[row_path])
    return result
