"""Units in the order lists and pickers show them: grouped by kind in the order of the kinds' seed (the
party committee and its agencies, the departments, ..., then the communes and wards), and by name in
Vietnamese alphabetical order within a kind."""

from django.db.models import Case, IntegerField, Value, When
from django.db.models.expressions import Expression

from dotpha.core.collation import collated, vietnamese_key
from dotpha.org.seed import KINDS

_KIND_RANK = {code: index for index, (code, _name, _level) in enumerate(KINDS)}


def kind_rank(prefix: str = "") -> Case:
    """A kind a province added itself comes after the seeded ones."""
    return Case(
        *[When(**{f"{prefix}kind__code": code}, then=Value(rank)) for code, rank in _KIND_RANK.items()],
        default=Value(len(_KIND_RANK)),
        output_field=IntegerField(),
    )


def unit_order(prefix: str = "") -> list[Expression | str]:
    """`order_by(*unit_order())`, or `unit_order("commune__")` through a relation."""
    return [kind_rank(prefix), collated(f"{prefix}name"), f"{prefix}pk"]


def unit_sort_key(unit) -> tuple:
    """The same order for a Python sort of units (their kind loaded)."""
    return _KIND_RANK.get(unit.kind.code, len(_KIND_RANK)), vietnamese_key(unit.name)
