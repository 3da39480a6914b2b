"""The monitoring results that feed the annual cadre rating (Kết luận 1016-KL/TU: "lấy kết quả theo dõi xã
làm cơ sở đánh giá, xếp loại chất lượng"): one input per year-end evaluation form about the cadre, graded
with the commune's completion level, noting a proposal to commend or a request to replace.

Registered with `dotpha.ratings.inputs` by `MonitoringConfig.ready()` when the ratings app is installed.
"""

from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse

from dotpha.monitoring.models import CommuneFeedback


def _under(paths: Iterable[str], prefix: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    return q


def monitoring_cadres(*, year: int, managing_paths: Iterable[str]) -> set[int]:
    """The cadres with a form that year, managed under the given subtrees."""
    forms = CommuneFeedback.objects.filter(year__year=year).filter(
        _under(managing_paths, "cadre__managing_unit__")
    )
    return set(forms.values_list("cadre_id", flat=True).distinct())


def _note(form: CommuneFeedback) -> str:
    notes = []
    if form.proposes_commendation:
        notes.append("Đảng ủy xã đề nghị biểu dương, khen thưởng")
    if form.requests_replacement:
        notes.append(f"Đảng ủy xã đề nghị thay thế: {form.replacement_reason}")
    return "; ".join(notes)


def monitoring_inputs(*, year: int, cadre_ids: Iterable[int]) -> dict:
    from dotpha.ratings.inputs import RatingInput

    forms = (
        CommuneFeedback.objects.filter(year__year=year, cadre_id__in=list(cadre_ids))
        .select_related("commune")
        .order_by("cadre_id", "commune__name", "pk")
    )
    found: dict[int, list[RatingInput]] = {}
    for form in forms:
        found.setdefault(form.cadre_id, []).append(
            RatingInput(
                source="monitoring",
                label=f"Theo dõi {form.commune.name} (phiếu nhận xét năm {year})",
                grade=form.completion_level,
                ref=form.pk,
                url=reverse("monitoring:feedback_detail", args=[form.pk]),
                note=_note(form),
            )
        )
    return found


def register() -> None:
    from dotpha.ratings.inputs import register_provider

    register_provider("monitoring", monitoring_inputs, cadres=monitoring_cadres)
