"""Precision and recall of the look-alikes shown (top 3 at or above the threshold) on the labelled pairs:
`manage.py lookalike_eval`. Part of `make bench`."""

from collections import Counter

from django.core.management.base import BaseCommand

from dotpha.tasks.lookalike_eval import PAIRS, measure, scored_pairs
from dotpha.tasks.lookalikes import THRESHOLD, TOP


class Command(BaseCommand):
    help = "Đo độ chính xác và độ bao phủ của việc giống nhau trên tập cặp có nhãn."

    def handle(self, *args, **options):
        pairs = scored_pairs()
        labels = dict(sorted(Counter(p.label for p in pairs).items()))
        groups = len({p.group for p in pairs})
        self.stdout.write(f"{PAIRS.name}: {len(pairs)} cặp, {groups} nhóm, {labels}")
        self.stdout.write(f"Hiện tối đa {TOP} việc giống mỗi việc, từ ngưỡng trở lên.")
        self.stdout.write("ngưỡng  precision  recall  F1")
        sweep = [measure(pairs, threshold) for threshold in range(50, 100, 2)]
        for m in sweep:
            mark = "  ← đang dùng" if m.threshold == THRESHOLD else ""
            self.stdout.write(f"{m.threshold:>6}  {m.precision:>9.3f}  {m.recall:>6.3f}  {m.f1:.3f}{mark}")
        best = max(sweep, key=lambda m: (round(m.f1, 3), m.precision))
        chosen = measure(pairs, THRESHOLD)
        self.stdout.write(f"F1 cao nhất ở ngưỡng {best.threshold}.")
        self.stdout.write(
            f"Ngưỡng đang dùng {THRESHOLD}: "
            f"precision {chosen.precision:.3f} ({chosen.true_shown}/{chosen.shown}), "
            f"recall {chosen.recall:.3f} ({chosen.true_shown}/{chosen.repeats})"
        )
        self.stdout.write(f"  hiện nhầm theo loại: {dict(chosen.false_by_kind.most_common())}")
        self.stdout.write(f"  bỏ sót theo cách sửa: {dict(chosen.missed_by_edit.most_common())}")
