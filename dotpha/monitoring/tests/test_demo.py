"""The demo's monitoring: what went wrong in Hòa Bình is there to see, and the data obeys the rules."""

import datetime
import itertools
from collections import Counter

import pytest
from django.db import transaction

from dotpha.demo.monitoring import build_demo_monitoring
from dotpha.demo.province import build_demo_province
from dotpha.monitoring.models import (
    CommuneFeedback,
    MonitoringAssignment,
    MonitoringPlan,
    MonitoringProgramme,
    MonitoringReport,
    MonitoringYear,
    ReportPeriod,
    Visit,
    VisitFile,
)
from dotpha.monitoring.selectors import (
    CoverageStatus,
    DueState,
    coverage_on,
    feedback_duties,
    monitoring_summary,
    plan_duties,
    report_duties,
)
from dotpha.notifications.models import Notification, NotificationKind
from dotpha.org.models import Appointment, Unit, UnitKind, UnitLevel
from dotpha.org.seed import seed_kinds_and_levels

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo_build(django_db_setup, django_db_blocker):
    """The demo province and its monitoring, built once for this module inside a transaction rolled back at
    the end; each test runs in a savepoint of it, so a test may change or delete what it likes."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_kinds_and_levels(UnitLevel, UnitKind)
        province = build_demo_province()
        monitoring = build_demo_monitoring(today=TODAY)
        yield province, monitoring
        transaction.set_rollback(True)


@pytest.fixture
def demo(demo_build, db):
    return demo_build


def test_demo_monitoring_shows_gaps_shared_cadres_late_work_and_forms(demo):
    province, monitoring = demo
    assert [y.year for y in monitoring.years] == [2025, 2026]
    coverage = coverage_on(monitoring.programme, TODAY)
    statuses = Counter(row.status for row in coverage.rows)
    assert len(coverage.rows) == len(province.communes)
    # a commune never assigned, the retired cadre's commune, a cadre following two communes
    assert statuses[CoverageStatus.UNCOVERED] >= 1
    assert statuses[CoverageStatus.CADRE_LEFT] == 1
    assert statuses[CoverageStatus.SHARED] >= 2
    assert monitoring.retired is not None
    left = next(r for r in coverage.rows if r.status == CoverageStatus.CADRE_LEFT)
    assert left.commune == monitoring.retired.commune
    # the organizers were alerted about the retirement, with a proposal
    assert Notification.objects.filter(
        kind=NotificationKind.COVERAGE_GAP, recipient__username="tochuc"
    ).exists()
    # a reassignment kept its history
    assert monitoring.reassigned is not None and monitoring.reassigned.replaces is not None
    # last year: forms from most communes, commendations, two replacement requests
    last_year = MonitoringYear.objects.get(year=2025)
    duties = feedback_duties(last_year)
    received = sum(1 for d in duties if d.is_received)
    assert 0.85 * len(duties) <= received < len(duties)
    summary = monitoring_summary(last_year, today=TODAY)
    assert summary.total.replacement_requests == 2
    assert 0.7 < summary.total.cadres_commended / summary.total.cadres_evaluated < 0.95
    # this year: plans and reports late and missing, the year-end report not due yet
    this_year = MonitoringYear.objects.get(year=2026)
    plans = Counter(d.state for d in plan_duties(this_year, today=TODAY))
    assert plans[DueState.LATE] >= 3 and plans[DueState.MISSING] >= 1 and plans[DueState.ON_TIME] > 50
    reports = Counter(d.state for d in report_duties(this_year, today=TODAY))
    assert reports[DueState.LATE] >= 3 and reports[DueState.MISSING] >= 1 and reports[DueState.PENDING] > 50
    assert 400 < Visit.objects.filter(visit_date__year=2026).count() < 900
    # the demo accounts have something to do: canbo follows xa's commune; xa has visits to confirm
    mine = MonitoringAssignment.objects.get(cadre__user__username="canbo")
    assert mine.commune == province.communes[10]
    assert Visit.objects.filter(assignment=mine, confirmed_at__isnull=True).exists()
    assert Notification.objects.filter(kind=NotificationKind.VISIT_LOGGED, recipient__username="xa").exists()


def test_demo_monitoring_obeys_the_rules(demo):
    _province, monitoring = demo
    rows = list(MonitoringAssignment.objects.select_related("appointment__position"))
    # only leadership posts (Giám đốc, Phó Trưởng ban, ...) follow a commune
    assert {a.appointment.position.is_leadership for a in rows} == {True}
    by_commune: dict[int, list[MonitoringAssignment]] = {}
    for a in rows:
        by_commune.setdefault(a.commune_id, []).append(a)
    for assignments in by_commune.values():
        assignments.sort(key=lambda a: a.start_date)
        for before, after in itertools.pairwise(assignments):
            assert before.end_date is not None and before.end_date < after.start_date
    per_cadre = Counter(a.cadre_id for a in rows if a.end_date is None)
    assert max(per_cadre.values()) == 2
    assert (
        all(a.second_commune_reason for a in rows if per_cadre[a.cadre_id] == 2 and a.end_date is None)
        is False
    )
    for visit in Visit.objects.select_related("assignment__appointment"):
        a = visit.assignment
        assert a.is_active_on(visit.visit_date) and a.cadre_present_on(visit.visit_date), visit
        assert visit.visit_date <= TODAY
    for form in CommuneFeedback.objects.select_related("assignment", "year"):
        assert form.assignment.commune_id == form.commune_id and form.assignment.cadre_id == form.cadre_id
        assert form.assignment.overlaps(form.year.first_day, form.year.last_day)
        assert not form.requests_replacement or form.replacement_reason
    assert monitoring.summary().startswith("Theo dõi xã (2025, 2026):")


def test_demo_monitoring_is_the_same_on_every_machine(demo):
    first = sorted(MonitoringAssignment.objects.values_list("commune__code", "cadre__code", "start_date"))
    visits = Visit.objects.count()
    forms = sorted(
        CommuneFeedback.objects.values_list("commune__code", "completion_level", "proposes_commendation")
    )
    CommuneFeedback.objects.all().delete()
    Visit.objects.all().delete()
    MonitoringPlan.objects.all().delete()
    MonitoringReport.objects.all().delete()
    MonitoringAssignment.objects.filter(replaces__isnull=False).delete()
    MonitoringAssignment.objects.all().delete()
    ReportPeriod.objects.all().delete()
    MonitoringYear.objects.all().delete()
    MonitoringProgramme.objects.all().delete()
    # the retirement and the transfer are part of the demo: undo them to build again
    Appointment.objects.filter(end_date=TODAY - datetime.timedelta(days=12), end_reason="retired").update(
        end_date=None, end_reason=""
    )
    Appointment.objects.filter(end_date=datetime.date(2026, 3, 20), end_reason="transferred").update(
        end_date=None, end_reason=""
    )
    build_demo_monitoring(today=TODAY)
    assert (
        sorted(MonitoringAssignment.objects.values_list("commune__code", "cadre__code", "start_date"))
        == first
    )
    assert Visit.objects.count() == visits
    assert (
        sorted(
            CommuneFeedback.objects.values_list("commune__code", "completion_level", "proposes_commendation")
        )
        == forms
    )


def test_demo_cadre_has_a_visit_with_phone_photos_one_flagged(demo):
    communes = MonitoringAssignment.objects.values_list("commune", flat=True)
    assert not Unit.objects.filter(pk__in=communes, latitude__isnull=True).exists()
    photos = VisitFile.objects.filter(visit__logged_by__username="canbo").select_related(
        "visit__assignment__commune"
    )
    assert [p.original_name for p in photos] == ["hoi-truong-xa.jpg", "khu-dan-cu.jpg"]
    assert all(p.is_photo and p.has_position and not p.is_far_from_commune for p in photos)
    assert [p.is_off_date for p in photos] == [False, True]
