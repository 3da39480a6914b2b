"""The look-alike matcher measured on the labelled pairs the repo keeps (`lookalike_pairs.csv`, written by
`manage.py lookalike_pairs` from the demo's texts): in each group, one task and the titles it is compared
with; the look-alikes shown are the top `TOP` at or above the threshold, as in the approval queue.

Precision: of the look-alikes shown, how many are the same task again. Recall: of the repeats, how many are
shown."""

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from dotpha.tasks.lookalikes import TOP, lookalike_text, similarity

PAIRS = Path(__file__).resolve().parent / "lookalike_pairs.csv"
REPEAT = "repeat"


@dataclass(frozen=True)
class Pair:
    group: str
    label: str
    edit: str
    score: int


@dataclass(frozen=True)
class Measure:
    threshold: int
    shown: int
    true_shown: int
    repeats: int
    # what was shown that is not a repeat, by its kind ("another_place", "same_field", "other_field")
    false_by_kind: Counter
    # the repeats not shown, by their edits
    missed_by_edit: Counter

    @property
    def precision(self) -> float:
        return self.true_shown / self.shown if self.shown else 1.0

    @property
    def recall(self) -> float:
        return self.true_shown / self.repeats if self.repeats else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def scored_pairs(path: Path = PAIRS) -> list[Pair]:
    with path.open(encoding="utf-8", newline="") as source:
        return [
            Pair(
                row["group"],
                row["label"],
                row["edit"],
                similarity(lookalike_text(row["title"]), lookalike_text(row["candidate"])),
            )
            for row in csv.DictReader(source)
        ]


def measure(pairs: list[Pair], threshold: int) -> Measure:
    groups: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        groups[pair.group].append(pair)
    shown = true_shown = 0
    false_by_kind: Counter = Counter()
    missed_by_edit: Counter = Counter()
    for members in groups.values():
        # the closest first; on a tie the file's order (the queue breaks ties by the newest task)
        ranked = sorted((p for p in members if p.score >= threshold), key=lambda p: -p.score)[:TOP]
        for pair in ranked:
            shown += 1
            if pair.label == REPEAT:
                true_shown += 1
            else:
                false_by_kind[pair.edit] += 1
        for pair in members:
            if pair.label == REPEAT and pair not in ranked:
                missed_by_edit[pair.edit] += 1
    repeats = sum(1 for p in pairs if p.label == REPEAT)
    return Measure(threshold, shown, true_shown, repeats, false_by_kind, missed_by_edit)
