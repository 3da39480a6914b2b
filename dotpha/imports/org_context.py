"""What the unit and cadre parsers look up in the database, fetched once for the whole file: the units
and cadres the file names, the catalogues of kinds, levels and positions, and the actor's scope."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from dotpha.accounts.access import can_manage_org
from dotpha.accounts.models import User
from dotpha.core.search import normalize_search
from dotpha.org.models import Appointment, Cadre, Position, Unit, UnitKind, UnitLevel


@dataclass
class UnitRef:
    """A unit a row may name: one already in the tree, or one the "Đơn vị" sheet creates.
    `anchor` is the nearest existing unit at or above it, which decides the actor's scope; `placed` is
    False when the sheet row could not say where the unit goes (that row already carries the error)."""

    code: str
    unit: Unit | None
    anchor: Unit | None
    placed: bool = True
    valid_from: datetime.date | None = None
    valid_to: datetime.date | None = None

    def is_active_on(self, day: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )


class Catalogue[T: (UnitKind, UnitLevel)]:
    """Kinds and levels found by code or by name, ignoring case and diacritics; "Cấp huyện (trước ...)"
    is also found as "cấp huyện" and "huyện"."""

    def __init__(self, items: Iterable[T]) -> None:
        self._by_key: dict[str, T] = {}
        items = list(items)
        for item in items:
            self._by_key.setdefault(normalize_search(item.code), item)
        for item in items:
            name = normalize_search(item.name)
            short = normalize_search(re.sub(r"\(.*?\)", " ", item.name))
            for key in (name, short, short.removeprefix("cap ")):
                if key:
                    self._by_key.setdefault(key, item)

    def find(self, text: str) -> T | None:
        return self._by_key.get(normalize_search(text))


class OrgImportContext:
    def __init__(self, *, actor: User, unit_codes: set[str], cadre_codes: set[str]) -> None:
        self.actor = actor
        self.today = timezone.localdate()
        self.kinds = Catalogue(UnitKind.objects.select_related("default_level"))
        self.levels = Catalogue(UnitLevel.objects.all())
        self.units_by_code = {
            u.code: u for u in Unit.objects.filter(code__in=unit_codes).select_related("kind", "level")
        }
        parent_paths = {u.path[: -Unit.steplen] for u in self.units_by_code.values() if u.depth > 1}
        codes_by_path = dict(Unit.objects.filter(path__in=parent_paths).values_list("path", "code"))
        self._parent_codes = {
            u.code: codes_by_path.get(u.path[: -Unit.steplen], "") for u in self.units_by_code.values()
        }
        self.cadres_by_code = {
            c.code: c for c in Cadre.objects.filter(code__in=cadre_codes).select_related("managing_unit")
        }
        self.open_appointments = set(
            Appointment.objects.filter(cadre__code__in=cadre_codes, end_date__isnull=True).values_list(
                "cadre_id", "position_id", "unit_id"
            )
        )
        self.positions = {normalize_search(p.name): p for p in Position.objects.all()}
        self.new_positions: dict[str, str] = {}  # normalised name -> name as first written in the file
        self.planned: dict[str, UnitRef] = {}  # units the "Đơn vị" sheet names, by code
        self._scope: dict[int | None, bool] = {}

    def parent_code_of(self, unit: Unit) -> str:
        return self._parent_codes.get(unit.code, "")

    def existing_ref(self, code: str) -> UnitRef | None:
        unit = self.units_by_code.get(code)
        if unit is None:
            return None
        return UnitRef(code, unit, unit, valid_from=unit.valid_from, valid_to=unit.valid_to)

    def unit_ref(self, code: str) -> UnitRef | None:
        """A unit by code, as the "Đơn vị" sheet leaves it (its new dates count)."""
        return self.planned.get(code) or self.existing_ref(code)

    def can_manage(self, unit: Unit | None) -> bool:
        key = unit.pk if unit is not None else None
        if key not in self._scope:
            self._scope[key] = can_manage_org(self.actor, unit)
        return self._scope[key]

    def ref_in_scope(self, ref: UnitRef) -> bool:
        if ref.anchor is None:  # a new root unit
            return self.actor.is_superuser
        return self.can_manage(ref.anchor)
