"""Proposing ratings from the year's tasks, and the authority's decision: every refusal, history kept."""

import pytest

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.notifications.models import Notification
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import make_user
from dotpha.programmes.models import Grade
from dotpha.ratings import inputs as rating_inputs
from dotpha.ratings.inputs import RatingInput, register_provider
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.ratings.services import rating_decide, rating_propose
from dotpha.tasks.models import Evaluation, TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def graded(stage):
    """The deputy of Sở Nội vụ: three tasks in 2024, two excellent and one good; one draft (ignored)."""
    deputy = stage.cadre.cadre
    for grade in (Grade.EXCELLENT, Grade.EXCELLENT, Grade.GOOD):
        task = stage.make_task(status=TaskStatus.APPROVED)
        Evaluation.objects.create(task=task, self_grade=grade, grade=grade)
    stage.make_task(status=TaskStatus.DRAFT)
    return deputy


def test_the_organizer_proposes_from_the_years_graded_tasks(world, stage, graded):
    # when
    run = rating_propose(actor=stage.organizer, year=2024, unit=world.province)
    # then
    assert (run.created, run.updated, run.unchanged) == (1, 0, 0)
    rating = AnnualRating.objects.get(cadre=graded, year=2024)
    assert rating.proposed_level == RatingLevel.EXCELLENT
    assert rating.authority_unit == world.standing
    assert [i["grade"] for i in rating.inputs] == ["excellent", "excellent", "good"]
    assert rating.level == ""
    history = rating.history.get()
    assert history.history_user == stage.organizer
    assert history.history_change_reason == "Lập đề xuất xếp loại từ kết quả trong năm"
    # again with nothing new: nothing changes, no history row
    assert rating_propose(actor=stage.organizer, year=2024, unit=world.province).unchanged == 1
    assert rating.history.count() == 1


def test_a_new_result_refreshes_the_proposal_but_keeps_the_decision(world, stage, graded):
    rating_propose(actor=stage.organizer, year=2024, unit=world.province)
    rating = AnnualRating.objects.get(cadre=graded)
    rating_decide(actor=stage.approver, rating=rating, level=RatingLevel.GOOD, comment="Hoàn thành tốt.")
    task = stage.make_task(status=TaskStatus.APPROVED)
    Evaluation.objects.create(task=task, self_grade=Grade.NOT_COMPLETED, grade=Grade.NOT_COMPLETED)
    assert rating_propose(actor=stage.organizer, year=2024, unit=world.province).updated == 1
    rating.refresh_from_db()
    assert (rating.proposed_level, rating.level) == (RatingLevel.COMPLETED, RatingLevel.GOOD)
    assert rating.differs_from_proposal


def test_only_organizers_over_the_unit_propose(world, stage, graded):
    for actor in (stage.approver, stage.unit_manager, stage.inspector):
        with pytest.raises(PermissionDeniedError):
            rating_propose(actor=actor, year=2024, unit=world.province)
    with pytest.raises(ApplicationError):
        rating_propose(actor=stage.organizer, year=1900, unit=world.province)
    assert not AnnualRating.objects.exists()


def test_the_authority_decides_with_a_comment(world, stage, graded):
    rating_propose(actor=stage.organizer, year=2024, unit=world.province)
    rating = AnnualRating.objects.get(cadre=graded)
    # when
    decided = rating_decide(actor=stage.approver, rating=rating, level=RatingLevel.GOOD, comment="  Tốt.  ")
    # then
    assert (decided.level, decided.comment, decided.decided_by) == (RatingLevel.GOOD, "Tốt.", stage.approver)
    assert decided.history.latest().history_change_reason == "Quyết định mức xếp loại"
    notice = Notification.objects.get(recipient=stage.cadre)
    assert "Hoàn thành tốt nhiệm vụ" in notice.title


def test_refusals_of_a_decision(world, stage, graded, approver_with_cadre):
    rating_propose(actor=stage.organizer, year=2024, unit=world.province)
    rating = AnnualRating.objects.get(cadre=graded)
    for actor in (stage.organizer, stage.unit_manager, stage.cadre, stage.inspector, stage.commune):
        with pytest.raises(PermissionDeniedError):
            rating_decide(actor=actor, rating=rating, level=RatingLevel.GOOD, comment="x")
    with pytest.raises(ApplicationError, match="bốn mức"):
        rating_decide(actor=stage.approver, rating=rating, level="best", comment="x")
    with pytest.raises(ApplicationError, match="nhận xét"):
        rating_decide(actor=stage.approver, rating=rating, level=RatingLevel.GOOD, comment="  ")
    # nobody rates themself, even an approver of the standing committee
    minh = Cadre.objects.get(full_name="Trần Quang Minh")
    own = AnnualRating.objects.create(cadre=minh, year=2024, authority_unit=world.standing)
    with pytest.raises(PermissionDeniedError, match="tự xếp loại"):
        rating_decide(actor=approver_with_cadre, rating=own, level=RatingLevel.GOOD, comment="x")
    rating.refresh_from_db()
    assert rating.level == ""


def test_another_provider_adds_its_inputs(world, stage, graded, monkeypatch):
    """The extension point the commune-monitoring module will use."""
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    monkeypatch.setattr(rating_inputs, "_PROVIDERS", dict(rating_inputs._PROVIDERS))

    def feedback(*, year, cadre_ids):
        item = RatingInput(source="monitoring", label="Phiếu nhận xét của Phường Hòa Bình", grade=Grade.GOOD)
        return {ward_chair.pk: [item]} if ward_chair.pk in cadre_ids else {}

    register_provider("monitoring", feedback, cadres=lambda *, year, managing_paths: {ward_chair.pk})
    rating_propose(actor=stage.organizer, year=2024, unit=world.province)
    rating = AnnualRating.objects.get(cadre=ward_chair)
    assert rating.proposed_level == RatingLevel.GOOD
    assert rating.inputs[0]["source"] == "monitoring"
    assert rating.authority_unit == world.other_commune
    assert make_user("khac", Role.APPROVER, world.other_commune)  # its authority is the ward's committee
