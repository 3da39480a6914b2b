"""The shapes of a dashboard's grouped lines, before Python adds them into rows (`dashboard.fold`):
counted from the tasks (`dashboard.counted_facts`) or read from the rollups (`rolled.rolled_facts`)."""

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class Tables:
    """The grouped lines added up per table, so that `fold` adds each figure once per home unit rather than
    once per line. Lines: (home, *state, n), (home, field, *state, n), (home, kind, *state, n) with state =
    (status, progress, grade, ahead); cadres: (home, cadre), (home, field, cadre), (home, kind, cadre). The
    rollups' queries return them so (with the root as home when every line counts under it); `add_up`
    makes them from the counted lines."""

    homes: list[tuple]
    fields: list[tuple]
    kinds: list[tuple]
    cadre_homes: set[tuple]
    cadre_fields: set[tuple]
    cadre_kinds: set[tuple]


@dataclass
class Facts:
    """What the database returns for a dashboard, before Python adds it up."""

    # (home_unit, field_id, kind, status, progress, grade, ahead, n)
    lines: list[tuple] = field(default_factory=list)
    # (home_unit, cadre_id, field_id, kind) of approved individual tasks, distinct
    cadres: list[tuple] = field(default_factory=list)
    # (home_unit, year, status, grade, ahead, n) over year-kind periods, whatever period is chosen
    trend: list[tuple] = field(default_factory=list)
    # the lines already added up by table (the rollups); None: `fold` adds `lines` and `cadres` up
    tables: Tables | None = None


def add_up(facts: Facts) -> Tables:
    homes: Counter[tuple] = Counter()
    fields_: Counter[tuple] = Counter()
    kinds: Counter[tuple] = Counter()
    for home, field_id, kind, *state, n in facts.lines:
        homes[(home, *state)] += n
        fields_[(home, field_id, *state)] += n
        kinds[(home, kind, *state)] += n
    return Tables(
        homes=[(*key, n) for key, n in homes.items()],
        fields=[(*key, n) for key, n in fields_.items()],
        kinds=[(*key, n) for key, n in kinds.items()],
        cadre_homes={(home, cadre) for home, cadre, _field, _kind in facts.cadres},
        cadre_fields={(home, field_id, cadre) for home, cadre, field_id, _kind in facts.cadres},
        cadre_kinds={(home, kind, cadre) for home, cadre, _field, kind in facts.cadres},
    )
