"""Who may post the rating page's new forms (the checklist's first two columns, the group of similar duties):
every role of `world.users` and anonymously, on the deputy director's 2026 rating (managed by the standing
committee). Allowed 302, forbidden 403, a rating the user cannot see 404. The decision and the pages are in
dotpha/reports/tests/test_access.py."""

import pytest
from django.urls import reverse

from dotpha.programmes.models import Grade
from dotpha.ratings.models import AnnualRating, DutyGroup
from dotpha.ratings.services import rating_propose
from dotpha.ratings.tests.conftest import year_tasks

pytestmark = pytest.mark.django_db

ROLES = ["organizer", "approver", "unit_manager", "cadre", "commune_committee", "inspector", "nobody"]
# the readers who see the deputy's rating but may not write these columns
SEEING = {"organizer": 403, "approver": 403, "unit_manager": 403, "cadre": 403, "inspector": 403}
HIDDEN = {"commune_committee": 404, "nobody": 404}


def columns(prefix):
    codes = ("politics-ethics", "innovation", "self-criticism")
    return {f"{prefix}-p_{code}": "8" for code in codes}


@pytest.fixture
def rating(world, stage):
    year_tasks(stage, 2026, [Grade.GOOD])
    rating_propose(actor=stage.organizer, year=2026, unit=world.province)
    return AnnualRating.objects.get(year=2026)


def cases(rating):
    return [
        ("self-score", "ratings:self_score", columns("self"), {**SEEING, **HIDDEN, "cadre": 302}),
        ("unit's proposal", "ratings:unit_score", columns("unit"), {**SEEING, **HIDDEN, "organizer": 302}),
        (
            "group of similar duties",
            "ratings:duty_group",
            {"duty_group": DutyGroup.STAFF},
            {**SEEING, **HIDDEN, "organizer": 302},
        ),
    ]


def test_every_action_with_every_role(world, rating, client):
    failures = []
    for label, name, data, expected in cases(rating):
        for role in ROLES:
            client.force_login(world.users[role])
            got = client.post(reverse(name, args=[rating.pk]), data).status_code
            if got != expected[role]:
                failures.append(f"{label} as {role}: expected {expected[role]}, got {got}")
    assert failures == []
    rating.refresh_from_db()
    scores = rating.general_scores.all()
    assert {(s.self_points, s.unit_points) for s in scores} == {
        (8, 8)
    }  # written by the cadre and organizer only
    assert (rating.duty_group, rating.duty_group_set) == (DutyGroup.STAFF, True)


def test_anonymous_is_sent_to_login(world, rating, client):
    for label, name, data, _expected in cases(rating):
        response = client.post(reverse(name, args=[rating.pk]), data)
        assert response.status_code == 302 and response.url.startswith(reverse("login")), label
    assert not rating.general_scores.exists()
