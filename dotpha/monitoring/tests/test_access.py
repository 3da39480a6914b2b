"""Who may open what in commune monitoring: every URL with every role of `world.users` (allowed 200,
forbidden 403, not disclosed 404, already sent 302) and anonymous (sent to the login page).

The data (this year): Hạnh (user "canbo", Sở Nội vụ) follows Xã Tân Lập (committee "xa"), with a visit
and a form sent by its committee; Minh (Sở Tài chính, no account) follows Phường Hòa Bình, with a form
sent by its committee ("xa2").
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.monitoring.models import CompletionLevel, VisitKind
from dotpha.monitoring.services import commune_feedback_submit, visit_log

pytestmark = pytest.mark.django_db

ROLES = ["organizer", "approver", "unit_manager", "cadre", "commune_committee", "inspector", "nobody"]
OVERSEERS = {"organizer", "approver", "inspector"}
SEE_TAN_LAP = OVERSEERS | {"unit_manager", "cadre", "commune_committee"}


def table(allowed: set[str], *, visible: set[str] | None = None, default: int = 200) -> dict[str, int]:
    """`allowed` get `default`; the others who may see the object (`visible`) get 403; the rest 404."""
    visible = allowed if visible is None else visible
    return {role: default if role in allowed else 403 if role in visible else 404 for role in ROLES}


ALL = table(set(ROLES))


@pytest.fixture
def data(live_stage):
    stage = live_stage
    today = timezone.localdate()
    visit = visit_log(
        actor=stage.cadre_user,
        assignment=stage.tan_lap,
        visit_date=today,
        kind=VisitKind.WORKING_VISIT,
        content="Làm việc với Đảng ủy xã.",
    )
    tan_lap_form = commune_feedback_submit(
        actor=stage.committee,
        year=stage.year,
        commune=stage.world.commune,
        cadre=stage.hanh,
        completion_level=CompletionLevel.GOOD,
        comments="Tốt.",
    )
    hoa_binh_form = commune_feedback_submit(
        actor=stage.other_committee,
        year=stage.year,
        commune=stage.world.other_commune,
        cadre=stage.minh,
        completion_level=CompletionLevel.COMPLETED,
        comments="Hoàn thành.",
    )
    return stage, visit, tan_lap_form, hoa_binh_form


def cases(data):
    stage, _visit, tan_lap_form, hoa_binh_form = data
    a1, a2, year = stage.tan_lap.pk, stage.hoa_binh.pk, stage.year.pk
    half = stage.half_year.pk
    see_a2 = OVERSEERS
    return [
        ("home", reverse("monitoring:home"), ALL),
        (
            "coverage board",
            reverse("monitoring:board"),
            table(OVERSEERS) | _forbid_rest(OVERSEERS),
        ),
        ("summary", reverse("monitoring:summary"), table(OVERSEERS) | _forbid_rest(OVERSEERS)),
        (
            "open a year",
            reverse("monitoring:year_create"),
            table({"organizer"}) | _forbid_rest({"organizer"}),
        ),
        ("assignment list", reverse("monitoring:assignment_list"), ALL),
        (
            "assign",
            reverse("monitoring:assignment_create"),
            table({"organizer"}) | _forbid_rest({"organizer"}),
        ),
        ("own commune's assignment", reverse("monitoring:assignment_detail", args=[a1]), table(SEE_TAN_LAP)),
        ("other assignment", reverse("monitoring:assignment_detail", args=[a2]), table(see_a2)),
        (
            "reassign",
            reverse("monitoring:assignment_reassign", args=[a1]),
            table({"organizer"}, visible=SEE_TAN_LAP),
        ),
        (
            "reassign other",
            reverse("monitoring:assignment_reassign", args=[a2]),
            table({"organizer"}, visible=see_a2),
        ),
        (
            "end assignment",
            reverse("monitoring:assignment_end", args=[a1]),
            table({"organizer"}, visible=SEE_TAN_LAP),
        ),
        (
            "cadre left",
            reverse("monitoring:cadre_left", args=[a1]),
            table({"organizer"}, visible=SEE_TAN_LAP),
        ),
        ("plan", reverse("monitoring:plan_submit", args=[a1, year]), table({"cadre"}, visible=SEE_TAN_LAP)),
        ("other's plan", reverse("monitoring:plan_submit", args=[a2, year]), table(set(), visible=see_a2)),
        ("log a visit", reverse("monitoring:visit_log", args=[a1]), table({"cadre"}, visible=SEE_TAN_LAP)),
        (
            "report",
            reverse("monitoring:report_submit", args=[a1, half]),
            table({"cadre"}, visible=SEE_TAN_LAP),
        ),
        (
            "other's report",
            reverse("monitoring:report_submit", args=[a2, half]),
            table(set(), visible=see_a2),
        ),
        (
            # sent already: the committee is sent to the read-only form; the cadre sees no form about her
            "send form (sent)",
            reverse("monitoring:feedback_submit", args=[a1, year]),
            table({"commune_committee"}, visible=SEE_TAN_LAP - {"cadre"}, default=302),
        ),
        (
            "send other commune's form",
            reverse("monitoring:feedback_submit", args=[a2, year]),
            table(set(), visible=see_a2),
        ),
        ("form list", reverse("monitoring:feedback_list"), ALL),
        (
            "own commune's form",
            reverse("monitoring:feedback_detail", args=[tan_lap_form.pk]),
            table(SEE_TAN_LAP - {"cadre"}),
        ),
        (
            "other commune's form",
            reverse("monitoring:feedback_detail", args=[hoa_binh_form.pk]),
            table(see_a2),
        ),
        (
            "correct form",
            reverse("monitoring:feedback_correct", args=[tan_lap_form.pk]),
            table({"organizer"}, visible=SEE_TAN_LAP - {"cadre"}),
        ),
        (
            "own commune",
            reverse("monitoring:commune_detail", args=[stage.world.commune.pk]),
            table(OVERSEERS | {"commune_committee"}),
        ),
        (
            "other commune",
            reverse("monitoring:commune_detail", args=[stage.world.other_commune.pk]),
            table(OVERSEERS),
        ),
        ("visit list", reverse("monitoring:visit_list"), ALL),
        ("plan list", reverse("monitoring:plan_list"), ALL),
        ("report list", reverse("monitoring:report_list"), ALL),
        ("summary links", reverse("monitoring:plan_list") + f"?year={year}&status=missing", ALL),
    ]


def _forbid_rest(allowed: set[str]) -> dict[str, int]:
    return {role: 403 for role in ROLES if role not in allowed}


def test_every_monitoring_page_with_every_role(data, client):
    stage = data[0]
    failures = []
    for label, url, expected in cases(data):
        for role, status in expected.items():
            client.force_login(stage.world.users[role])
            got = client.get(url).status_code
            if got != status:
                failures.append(f"{label} as {role}: expected {status}, got {got}")
    assert failures == []


def test_anonymous_is_sent_to_login(data, client):
    for label, url, _ in cases(data):
        response = client.get(url)
        assert response.status_code == 302, label
        assert response.url.startswith(reverse("login")), label


def test_confirming_a_visit_with_every_role(data, client):
    stage, visit, *_ = data
    url = reverse("monitoring:visit_confirm", args=[visit.pk])
    expected = table({"commune_committee"}, visible=SEE_TAN_LAP, default=302)
    for role in [
        "organizer",
        "approver",
        "unit_manager",
        "cadre",
        "inspector",
        "nobody",
        "commune_committee",
    ]:
        client.force_login(stage.world.users[role])
        assert client.get(url).status_code == 405, role
        assert client.post(url).status_code == expected[role], role
    visit.refresh_from_db()
    assert visit.confirmed_by == stage.committee
    client.logout()
    assert client.post(url).status_code == 302


def test_a_commune_committee_lists_only_its_own_communes_forms(data, client):
    stage = data[0]
    client.force_login(stage.committee)
    page = client.get(reverse("monitoring:feedback_list")).content.decode()
    assert "Xã Tân Lập" in page and "Phường Hòa Bình" not in page
    client.force_login(stage.other_committee)
    page = client.get(reverse("monitoring:feedback_list")).content.decode()
    assert "Phường Hòa Bình" in page and "Xã Tân Lập" not in page


def test_a_cadre_sees_only_their_own_assignments(data, client):
    stage = data[0]
    client.force_login(stage.cadre_user)
    page = client.get(reverse("monitoring:assignment_list")).content.decode()
    assert "Xã Tân Lập" in page and "Phường Hòa Bình" not in page
    # and no form about herself
    forms = client.get(reverse("monitoring:feedback_list")).content.decode()
    assert "Tốt." not in forms and 'data-figure="progress">0/0<' in forms
