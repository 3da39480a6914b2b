"""The issuing body: the standing committee decides for its party committee, whichever of the two a
programme, a cadre's managing unit or an approver's grant names; nobody outside gains anything."""

import datetime

import pytest

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.org.models import Unit
from dotpha.org.tests.factories import make_user
from dotpha.programmes.authority import can_issue_decisions, issuing_body
from dotpha.programmes.models import Decision
from dotpha.programmes.selectors import decisions_visible_to
from dotpha.programmes.services import decision_create
from dotpha.programmes.tests.factories import DecisionFactory, PeriodFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

REFUSED = "Bạn không có quyền ban hành quyết định của đơn vị này."


def committee() -> Unit:
    return Unit.objects.get(code="P-TU")


def test_the_standing_committee_issues_for_its_party_committee(world):
    assert issuing_body(committee()) == world.standing
    assert issuing_body(world.standing) == world.standing
    # units without a standing committee issue their own decisions
    assert issuing_body(world.home_affairs) == world.home_affairs
    assert issuing_body(world.commune) == world.commune


def test_approvers_of_the_committee_or_its_standing_committee_sign_the_same_decisions(world):
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=committee())
    period = PeriodFactory.create(programme=programme, name="2024")
    thuongtruc = world.users["approver"]  # granted on the standing committee
    bithu = make_user("bithu", Role.APPROVER, committee())

    def issue(actor, number: str, day: datetime.date, **extra) -> Decision:
        return decision_create(
            actor=actor,
            programme=programme,
            period=period,
            number=number,
            title="Đợt",
            signed_on=day,
            **extra,
        )

    first = issue(thuongtruc, "125-QĐ/TU", datetime.date(2024, 4, 15))
    second = issue(bithu, "126-QĐ/TU", datetime.date(2024, 4, 20), issuing_unit=world.standing)
    assert (first.issuing_unit, second.issuing_unit) == (world.standing, world.standing)
    for user in (thuongtruc, bithu):
        assert can_issue_decisions(user, world.standing)
        assert set(decisions_visible_to(user)) == {first, second}
    # one number series: the same number in the same year is the same decision, whoever enters it
    with pytest.raises(ApplicationError, match="đã được nhập"):
        issue(bithu, "125-QĐ/TU", datetime.date(2024, 5, 2))


@pytest.mark.parametrize("who", ["commune_approver", "district_approver", "unit_manager", "organizer"])
def test_nobody_outside_the_managing_authority_issues_its_decisions(world, who):
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=committee())
    period = PeriodFactory.create(programme=programme, name="2024")
    actor = {
        "commune_approver": lambda: make_user("pd-xa", Role.APPROVER, world.commune),
        "district_approver": lambda: make_user("pd-huyen", Role.APPROVER, world.district),
        "unit_manager": lambda: world.users["unit_manager"],
        "organizer": lambda: world.users["organizer"],
    }[who]()
    for unit in (None, committee(), world.standing):
        with pytest.raises(PermissionDeniedError) as exc:
            decision_create(
                actor=actor,
                programme=programme,
                period=period,
                number="125-QĐ/TU",
                title="Đợt 1",
                signed_on=datetime.date(2024, 4, 15),
                issuing_unit=unit,
            )
        assert exc.value.message == REFUSED
    assert not can_issue_decisions(actor, world.standing)
    assert not Decision.objects.exists()


def test_a_decision_filed_under_the_party_committee_is_the_standing_committees_too(world):
    """Decisions entered before the rule (under "Tỉnh ủy") stay found and usable by both approvers."""
    programme = ProgrammeFactory.create(number="30-QĐ/TU", issuing_unit=committee())
    period = PeriodFactory.create(programme=programme, name="2024")
    bithu = make_user("bithu", Role.APPROVER, committee())
    legacy = DecisionFactory.create(
        programme=programme,
        period=period,
        number="90-QĐ/TU",
        issuing_unit=committee(),
        created_by=bithu,
    )
    thuongtruc = world.users["approver"]
    for user in (thuongtruc, bithu):
        assert can_issue_decisions(user, committee())
        assert legacy in decisions_visible_to(user)
    commune_approver = make_user("pd-xa", Role.APPROVER, world.commune)
    assert not can_issue_decisions(commune_approver, committee())
    assert legacy not in decisions_visible_to(commune_approver)
    assert legacy not in decisions_visible_to(world.users["unit_manager"])
