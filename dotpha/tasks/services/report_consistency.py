"""Does a progress report agree with the task's own record (its targets and milestones)? The one rule,
kept apart from the service so the form and the tests read it as it is.

A report contradicts the record when
1. it says the task is done (100%) while a target is below its goal or a milestone is not done; or
2. its percentage is more than CONTRADICTION_GAP points away from what the record shows: the average share
   of the targets' goals reached (each share capped at 100%, a target with no value yet at 0%), or, for a
   task without targets, the share of milestones done.
A task with neither targets nor milestones has no record to contradict. A contradiction is a warning the
reporter may overrule by confirming the figures, not a refusal: the record may lag behind the work.
"""

from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from dotpha.core.errors import ConfirmationRequiredError
from dotpha.tasks.errors import TaskRefusal
from dotpha.tasks.models import Milestone, Target

CONTRADICTION_GAP = 50


def _amount(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _share(value: Decimal | None, goal: Decimal) -> Decimal:
    if value is None:
        return Decimal(0)
    if goal <= 0:
        return Decimal(1)
    return min(value / goal, Decimal(1))


def _percent(share: Decimal) -> int:
    return int((share * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def progress_contradiction(
    percent_done: int,
    *,
    targets: Iterable[Target],
    values: Mapping[int, Decimal],
    milestones: Iterable[Milestone],
) -> ConfirmationRequiredError | None:
    """The warning to raise when `percent_done` contradicts the record, else None. `values` are the target
    values sent with the report (by target id); a target without one keeps the value it has reached."""
    targets = list(targets)
    milestones = list(milestones)
    if not targets and not milestones:
        return None
    reached = {t.pk: values.get(t.pk, t.achieved_value) for t in targets}
    if percent_done == 100:
        missing = [
            _("chỉ tiêu “%(target)s” mới đạt %(reached)s/%(goal)s %(unit)s")
            % {
                "target": t.name,
                "reached": _amount(reached[t.pk] or Decimal(0)),
                "goal": _amount(t.target_value),
                "unit": t.unit_of_measure,
            }
            for t in targets
            if _share(reached[t.pk], t.target_value) < 1
        ] + [
            _("mốc “%(milestone)s” chưa hoàn thành") % {"milestone": m.title}
            for m in milestones
            if m.done_on is None
        ]
        if missing:
            return ConfirmationRequiredError(
                _(
                    "Báo cáo hoàn thành 100%% nhưng %(missing)s. Kiểm tra lại số liệu, "
                    "hoặc xác nhận nếu số liệu đúng."
                )
                % {"missing": "; ".join(missing)},
                code=TaskRefusal.PROGRESS_CONTRADICTS_TARGETS,
            )
        return None
    if targets:
        shown = _percent(
            sum((_share(reached[t.pk], t.target_value) for t in targets), Decimal(0)) / len(targets)
        )
        measure = _("các chỉ tiêu đạt bình quân %(percent)s%% giá trị phải đạt") % {"percent": shown}
    else:
        shown = _percent(Decimal(sum(m.done_on is not None for m in milestones)) / len(milestones))
        measure = _("đã hoàn thành %(percent)s%% số mốc") % {"percent": shown}
    if abs(percent_done - shown) > CONTRADICTION_GAP:
        return ConfirmationRequiredError(
            _(
                "Tỷ lệ báo cáo %(percent)s%% khác xa số liệu của việc: %(measure)s. Kiểm tra lại số liệu, "
                "hoặc xác nhận nếu số liệu đúng."
            )
            % {"percent": percent_done, "measure": measure},
            code=TaskRefusal.PROGRESS_CONTRADICTS_TARGETS,
        )
    return None
