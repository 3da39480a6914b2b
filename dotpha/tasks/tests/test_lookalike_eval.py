"""The matcher on the labelled pairs: every repeat shown at the threshold in use, and what it shows wrongly
only the same kind of task for another place; `manage.py lookalike_eval` prints the figures."""

from io import StringIO

from django.core.management import call_command

from dotpha.tasks.lookalike_eval import measure, scored_pairs
from dotpha.tasks.lookalikes import THRESHOLD


def test_at_the_threshold_every_repeat_is_shown_and_few_others():
    result = measure(scored_pairs(), THRESHOLD)
    assert result.repeats >= 200
    assert result.recall == 1.0
    assert result.precision >= 0.85
    assert set(result.false_by_kind) <= {"another_place"}


def test_a_higher_threshold_trades_recall_for_precision():
    pairs = scored_pairs()
    higher = measure(pairs, 94)
    assert higher.precision > measure(pairs, THRESHOLD).precision
    assert higher.recall < 1.0


def test_the_command_prints_precision_recall_and_the_threshold():
    out = StringIO()
    call_command("lookalike_eval", stdout=out)
    m = measure(scored_pairs(), THRESHOLD)
    line = (
        f"Ngưỡng đang dùng {THRESHOLD}: precision {m.precision:.3f} ({m.true_shown}/{m.shown}), "
        f"recall {m.recall:.3f} ({m.true_shown}/{m.repeats})"
    )
    assert line in out.getvalue()
