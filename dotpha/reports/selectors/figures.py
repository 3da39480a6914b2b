"""One line of figures (a unit, a field, a year, ...) and how grouped counts add up into it."""

from dataclasses import dataclass, field, fields

from dotpha.reports.selectors.base import MEASURES, PROGRESS_MEASURE

APPROVED = "approved"
DONE = "done"


@dataclass
class Figures:
    total: int = 0
    submitted: int = 0
    returned: int = 0
    rejected: int = 0
    approved: int = 0
    cadres: int = 0
    on_track: int = 0
    stale: int = 0
    at_risk: int = 0
    overdue: int = 0
    done: int = 0
    excellent: int = 0
    good: int = 0
    completed: int = 0
    not_completed: int = 0
    ahead: int = 0

    def add(
        self, *, status: str, progress: str | None, grade: str | None, ahead: bool | None, n: int
    ) -> None:
        """Counts `n` tasks with these values."""
        self.total += n
        setattr(self, status, getattr(self, status) + n)
        if status != APPROVED:
            return
        state = PROGRESS_MEASURE.get(progress) if progress else None
        if grade and state != DONE:
            # graded: counted by the grade, never also on track or overdue (`base.measure_q` alike)
            state = None
        if state:
            setattr(self, state, getattr(self, state) + n)
        if grade:
            setattr(self, grade, getattr(self, grade) + n)
        if ahead:
            self.ahead += n

    def merge(self, other: "Figures") -> None:
        for f in fields(self):
            if f.name != "cadres":
                setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    # Derived figures and rates (percent of the approved tasks; None when there is none).
    @property
    def evaluated(self) -> int:
        return self.excellent + self.good + self.completed + self.not_completed

    @property
    def finished(self) -> int:
        """Completed at least: excellently, well or completed."""
        return self.excellent + self.good + self.completed

    def _rate(self, n: int) -> float | None:
        return 100 * n / self.approved if self.approved else None

    @property
    def excellent_rate(self) -> float | None:
        return self._rate(self.excellent)

    @property
    def finished_rate(self) -> float | None:
        return self._rate(self.finished)

    @property
    def ahead_rate(self) -> float | None:
        return self._rate(self.ahead)

    @property
    def overdue_rate(self) -> float | None:
        return self._rate(self.overdue)

    @property
    def at_risk_rate(self) -> float | None:
        return self._rate(self.at_risk)

    def as_dict(self) -> dict[str, int]:
        return {code: getattr(self, code) for code, _label in MEASURES}


RATES = [
    ("excellent_rate", "Tỷ lệ hoàn thành xuất sắc"),
    ("finished_rate", "Tỷ lệ hoàn thành trở lên"),
    ("ahead_rate", "Tỷ lệ trước kế hoạch"),
    ("at_risk_rate", "Tỷ lệ có nguy cơ chậm"),
    ("overdue_rate", "Tỷ lệ quá hạn"),
]


@dataclass
class StatsRow:
    """A line of a statistics table. `params` select its tasks in the drill-down list (with the filter's);
    `links` (measure -> address) are filled by the view."""

    key: str
    label: str
    figures: Figures = field(default_factory=Figures)
    params: dict[str, str] = field(default_factory=dict)
    note: str = ""
    unit_id: int | None = None
    is_historical: bool = False
    order: int = 0
    links: dict[str, str] = field(default_factory=dict)
    # a closed period's figures that changed since its snapshot: measure -> the frozen value (filled by the
    # view, `snapshots.mark_changes`)
    frozen: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict:
        """The row as plain data: what the API answers (with the rates) and a snapshot freezes."""
        return {
            "key": self.key,
            "label": self.label,
            "note": self.note,
            "unit_id": self.unit_id,
            "is_historical": self.is_historical,
            "figures": self.figures.as_dict(),
        }


class CadreSets:
    """Distinct cadres per row: a cadre counts once in a row however many tasks they have there."""

    def __init__(self) -> None:
        self.sets: dict[str, set[int]] = {}

    def add(self, key: str, cadre_id: int) -> None:
        self.sets.setdefault(key, set()).add(cadre_id)

    def apply(self, row: StatsRow) -> None:
        row.figures.cadres = len(self.sets.get(row.key, ()))
