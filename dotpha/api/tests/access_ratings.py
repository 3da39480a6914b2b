"""The ratings list in the API access table, with the expectations of the page /ratings/
(dotpha/reports/tests/test_access.py): readers of reports get their scope's list, the others are refused
(403)."""

from django.urls import reverse

from dotpha.api.tests.access import ApiCase
from dotpha.org.models import Cadre
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.tests.test_access import ROLES

READERS = {"organizer", "approver", "unit_manager", "commune_committee", "inspector"}


def cases(world) -> list[ApiCase]:
    AnnualRating.objects.create(
        cadre=Cadre.objects.get(full_name="Đặng Thị Hạnh"),
        year=2024,
        authority_unit=world.standing,
        proposed_level=RatingLevel.GOOD,
    )
    expected = {role: 200 if role in READERS else 403 for role in ROLES}
    return [ApiCase("rating_list", "get", reverse("api:rating_list") + "?year=2024", expected)]
