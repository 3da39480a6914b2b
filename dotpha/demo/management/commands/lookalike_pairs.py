"""Writes again the labelled pairs of look-alike titles (dotpha/tasks/lookalike_pairs.csv) from the demo's
task texts: the same file for the same seed (see dotpha.demo.lookalike_pairs for the edit rules)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from dotpha.demo.lookalike_pairs import write

PAIRS = Path(__file__).resolve().parents[3] / "tasks" / "lookalike_pairs.csv"


class Command(BaseCommand):
    help = "Viết lại tập cặp việc có nhãn để đo cách nhận ra việc giống nhau."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--out", type=Path, default=PAIRS)

    def handle(self, *args, seed: int, out: Path, **options):
        count = write(out, seed)
        self.stdout.write(f"{count} cặp → {out}")
