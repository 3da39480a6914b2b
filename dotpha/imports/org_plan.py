"""What an import of units and cadres would do, row by row: the parser's answer, the preview's content and
the apply step's instructions. Rows carry codes, not unit objects: the apply step re-reads the tree."""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from dotpha.imports.reader import Issue
from dotpha.org.models import UnitKind, UnitLevel


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> str:
        return {"create": "Tạo mới", "update": "Cập nhật", "unchanged": "Giữ nguyên"}[self.value]


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class UnitRowPlan:
    row: int
    code: str
    name: str
    parent_code: str
    kind: UnitKind
    level: UnitLevel
    valid_from: datetime.date | None
    valid_to: datetime.date | None
    action: Action
    values: dict[str, Any] = field(default_factory=dict)  # the fields an update writes
    changes: list[Change] = field(default_factory=list)


@dataclass
class CadreRowPlan:
    row: int
    code: str
    full_name: str
    action: Action | None  # None: a further row of a cadre given at `same_as_row` (another position)
    same_as_row: int | None = None
    values: dict[str, Any] = field(default_factory=dict)  # every field for a create, the changed ones else
    managing_unit_code: str | None = None  # set when the row writes the managing unit
    changes: list[Change] = field(default_factory=list)
    unit_code: str = ""
    position: str = ""
    start_date: datetime.date | None = None
    creates_appointment: bool = False
    creates_position: bool = False


@dataclass
class OrgImportSummary:
    units_created: int = 0
    units_updated: int = 0
    units_unchanged: int = 0
    cadres_created: int = 0
    cadres_updated: int = 0
    cadres_unchanged: int = 0
    appointments_created: int = 0
    positions_created: int = 0

    @property
    def changes_anything(self) -> bool:
        return any(
            (
                self.units_created,
                self.units_updated,
                self.cadres_created,
                self.cadres_updated,
                self.appointments_created,
                self.positions_created,
            )
        )

    def describe(self) -> str:
        return (
            f"Đơn vị: tạo mới {self.units_created}, cập nhật {self.units_updated}, "
            f"giữ nguyên {self.units_unchanged}. "
            f"Cán bộ: tạo mới {self.cadres_created}, cập nhật {self.cadres_updated}, "
            f"giữ nguyên {self.cadres_unchanged}. "
            f"Bổ nhiệm mới: {self.appointments_created}. Chức danh mới: {self.positions_created}."
        )


@dataclass
class OrgImportPlan:
    units: list[UnitRowPlan] = field(default_factory=list)
    cadres: list[CadreRowPlan] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    actor_id: int | None = None  # the plan was checked against this user's scope

    @property
    def is_valid(self) -> bool:
        return not self.issues

    @property
    def is_empty(self) -> bool:
        return not self.units and not self.cadres

    def summary(self) -> OrgImportSummary:
        summary = OrgImportSummary()
        for unit in self.units:
            if unit.action == Action.CREATE:
                summary.units_created += 1
            elif unit.action == Action.UPDATE:
                summary.units_updated += 1
            else:
                summary.units_unchanged += 1
        for cadre in self.cadres:
            if cadre.action == Action.CREATE:
                summary.cadres_created += 1
            elif cadre.action == Action.UPDATE:
                summary.cadres_updated += 1
            elif cadre.action == Action.UNCHANGED:
                summary.cadres_unchanged += 1
            summary.appointments_created += cadre.creates_appointment
            summary.positions_created += cadre.creates_position  # set on the first row naming it
        return summary
