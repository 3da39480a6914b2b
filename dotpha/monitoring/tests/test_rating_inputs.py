"""The year-end forms feed the annual cadre rating as graded inputs."""

import pytest

from dotpha.monitoring.models import CompletionLevel
from dotpha.monitoring.services import commune_feedback_submit

pytestmark = pytest.mark.django_db


def test_forms_are_rating_inputs_of_the_cadre(stage):
    from dotpha.ratings.inputs import gather, rated_cadres

    form = commune_feedback_submit(
        actor=stage.committee,
        year=stage.year,
        commune=stage.world.commune,
        cadre=stage.hanh,
        completion_level=CompletionLevel.EXCELLENT,
        comments="Xuất sắc.",
        proposes_commendation=True,
        today=stage.day(12, 10),
    )
    assert stage.hanh.pk in rated_cadres(year=stage.year.year, managing_paths=[stage.world.standing.path])
    inputs = [
        i
        for i in gather(year=stage.year.year, cadre_ids=[stage.hanh.pk])[stage.hanh.pk]
        if i.source == "monitoring"
    ]
    assert len(inputs) == 1
    [item] = inputs
    assert (item.grade, item.ref, item.url) == ("excellent", form.pk, f"/monitoring/feedback/{form.pk}/")
    assert item.label == "Theo dõi Xã Tân Lập (phiếu nhận xét năm 2026)"
    assert item.note == "Đảng ủy xã đề nghị biểu dương, khen thưởng"
