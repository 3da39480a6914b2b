"""The labelled look-alike pairs the repo keeps are the generator's: written again, the file is the same."""

import csv

from dotpha.demo.lookalike_pairs import pairs, write
from dotpha.tasks.lookalike_eval import PAIRS


def test_the_kept_file_is_what_the_generator_writes(tmp_path):
    again = tmp_path / "pairs.csv"
    count = write(again)
    assert again.read_text(encoding="utf-8") == PAIRS.read_text(encoding="utf-8")
    assert count >= 300


def test_every_group_has_repeats_related_and_unrelated_titles():
    rows = pairs()
    labels_by_group: dict[str, set[str]] = {}
    for group, label, _edit, title, candidate in rows:
        labels_by_group.setdefault(group, set()).add(label)
        assert title != candidate
    assert all(labels == {"repeat", "related", "unrelated"} for labels in labels_by_group.values())
    with PAIRS.open(encoding="utf-8") as kept:
        assert next(csv.reader(kept)) == ["group", "label", "edit", "title", "candidate"]
