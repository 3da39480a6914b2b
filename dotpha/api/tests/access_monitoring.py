"""Commune monitoring in the API access table, with the expectations of the pages' table
(dotpha/monitoring/tests/test_access.py).

The data (this year): Hạnh (user "canbo", Sở Nội vụ) follows Xã Tân Lập (committee "xa"), with a visit and a
form sent by its committee; Minh (Sở Tài chính, no account) follows Phường Hòa Bình, with a form sent by its
committee ("xa2"). Every write acts on a fresh assignment of Xã Tân Lập (the open one is ended first), so each
role meets the same situation."""

import datetime
import itertools
from typing import Any

from django.urls import reverse
from django.utils import timezone

from dotpha.api.tests.access import ALL, ApiCase, only, seen_but
from dotpha.monitoring.models import AssignmentEndReason, CompletionLevel, MonitoringAssignment, VisitKind
from dotpha.monitoring.services import assignment_create, assignment_end, commune_feedback_submit, visit_log
from dotpha.monitoring.tests.stage import Stage, build_stage
from dotpha.org.models import Cadre
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory

OVERSEERS = {"organizer", "approver", "inspector"}
SEE_TAN_LAP = OVERSEERS | {"unit_manager", "cadre", "commune_committee"}
_numbers = itertools.count(100)
_years_ahead = itertools.count(1)


def monitoring_stage(world) -> Stage:
    """This year from 1 January (the services date plans, visits and forms today)."""
    year = timezone.localdate().year
    return build_stage(world, year, datetime.date(year, 1, 1))


class Fresh:
    """A new assignment of Xã Tân Lập for each call: the open one ends on its first day, the next starts the
    day after the latest end."""

    def __init__(self, stage: Stage) -> None:
        self.stage = stage
        self.world: Any = stage.world
        self.last: MonitoringAssignment | None = None

    def next_start(self) -> datetime.date:
        stage = self.stage
        rows = MonitoringAssignment.objects.filter(commune=self.world.commune)
        for open_row in rows.filter(end_date__isnull=True):
            assignment_end(
                actor=stage.organizer,
                assignment=open_row,
                end_date=open_row.start_date,
                end_reason=AssignmentEndReason.OTHER,
            )
        return max(r.end_date for r in rows.all() if r.end_date) + datetime.timedelta(days=1)

    def assignment(self, cadre: Cadre | None = None) -> MonitoringAssignment:
        start = self.next_start()
        self.last = assignment_create(
            actor=self.stage.organizer,
            programme=self.stage.programme,
            commune=self.world.commune,
            cadre=cadre or self.stage.hanh,
            decision_number=f"{next(_numbers)}-QĐ/TU",
            decision_date=start,
            start_date=start,
        )
        return self.last

    def url(self, name: str):
        return lambda: reverse(f"api:{name}", args=[self.assignment().pk])

    def visit_url(self) -> str:
        assignment = self.assignment()
        visit = visit_log(
            actor=self.stage.cadre_user,
            assignment=assignment,
            visit_date=assignment.start_date,
            kind=VisitKind.WORKING_VISIT,
            content="Dự họp Đảng ủy xã.",
        )
        return reverse("api:monitoring_visit_confirm", args=[visit.pk])

    def feedback_body(self) -> dict:
        """A colleague of Hạnh in Sở Nội vụ follows the commune: its committee owes a form about him."""
        colleague = CadreFactory.create(
            full_name=f"Ngô Văn Thử {next(_numbers)}", managing_unit=self.world.standing
        )
        AppointmentFactory(
            cadre=colleague, unit=self.world.home_affairs, position=PositionFactory(name="Phó Giám đốc")
        )
        assignment = self.assignment(colleague)
        return {
            "assignment_id": assignment.pk,
            "year_id": self.stage.year.pk,
            "completion_level": CompletionLevel.GOOD,
            "comments": "Thường xuyên nắm tình hình cơ sở.",
        }


def cases(world) -> list[ApiCase]:
    stage = monitoring_stage(world)
    today = timezone.localdate()
    visit_log(
        actor=stage.cadre_user,
        assignment=stage.tan_lap,
        visit_date=today,
        kind=VisitKind.WORKING_VISIT,
        content="Làm việc với Đảng ủy xã.",
    )
    tan_lap_form = commune_feedback_submit(
        actor=stage.committee,
        year=stage.year,
        commune=world.commune,
        cadre=stage.hanh,
        completion_level=CompletionLevel.GOOD,
        comments="Tốt.",
    )
    hoa_binh_form = commune_feedback_submit(
        actor=stage.other_committee,
        year=stage.year,
        commune=world.other_commune,
        cadre=stage.minh,
        completion_level=CompletionLevel.COMPLETED,
        comments="Hoàn thành.",
    )
    a1, a2 = stage.tan_lap.pk, stage.hoa_binh.pk
    fresh = Fresh(stage)

    def create_body() -> dict:
        start = fresh.next_start()
        return {
            "programme_id": stage.programme.pk,
            "commune_id": world.commune.pk,
            "cadre_id": stage.hanh.pk,
            "decision_number": f"{next(_numbers)}-QĐ/TU",
            "decision_date": start.isoformat(),
            "start_date": start.isoformat(),
        }

    def end_body() -> dict:
        assert fresh.last is not None
        return {"end_date": fresh.last.start_date.isoformat(), "end_reason": AssignmentEndReason.REASSIGNED}

    def reassign_body() -> dict:
        assert fresh.last is not None
        start = fresh.last.start_date + datetime.timedelta(days=1)
        return {
            "cadre_id": stage.hung.pk,
            "decision_number": f"{next(_numbers)}-QĐ/TU",
            "decision_date": start.isoformat(),
            "start_date": start.isoformat(),
        }

    def visit_body() -> dict:
        assert fresh.last is not None
        return {
            "visit_date": fresh.last.start_date.isoformat(),
            "kind": VisitKind.PARTY_CONFERENCE,
            "content": "Dự hội nghị.",
        }

    def year_body() -> dict:
        year = stage.year.year + next(_years_ahead)
        return {
            "programme_id": stage.programme.pk,
            "year": year,
            "plan_deadline": f"{year}-02-15",
            "form_deadline": f"{year}-12-20",
        }

    seen_by_committee_side = SEE_TAN_LAP - {"cadre"}
    return [
        ApiCase("monitoring_year_list", "get", reverse("api:monitoring_year_list"), ALL),
        ApiCase(
            "monitoring_year_create",
            "post",
            reverse("api:monitoring_year_create"),
            only({"organizer"}, ok=201, denied=403),
            body=year_body,
        ),
        ApiCase("monitoring_assignment_list", "get", reverse("api:monitoring_assignment_list"), ALL),
        ApiCase(
            "monitoring_assignment_get",
            "get",
            reverse("api:monitoring_assignment_get", args=[a1]),
            only(SEE_TAN_LAP),
        ),
        ApiCase(
            "monitoring_assignment_get",
            "get",
            reverse("api:monitoring_assignment_get", args=[a2]),
            only(OVERSEERS),
            label="other commune",
        ),
        ApiCase(
            "monitoring_coverage", "get", reverse("api:monitoring_coverage"), only(OVERSEERS, denied=403)
        ),
        ApiCase("monitoring_visit_list", "get", reverse("api:monitoring_visit_list"), ALL),
        ApiCase("monitoring_feedback_list", "get", reverse("api:monitoring_feedback_list"), ALL),
        ApiCase(
            "monitoring_feedback_get",
            "get",
            reverse("api:monitoring_feedback_get", args=[tan_lap_form.pk]),
            only(seen_by_committee_side),
        ),
        ApiCase(
            "monitoring_feedback_get",
            "get",
            reverse("api:monitoring_feedback_get", args=[hoa_binh_form.pk]),
            only(OVERSEERS),
            label="other commune",
        ),
        # writes, each role on a fresh assignment
        ApiCase(
            "monitoring_assignment_create",
            "post",
            reverse("api:monitoring_assignment_create"),
            only({"organizer"}, ok=201, denied=403),
            body=create_body,
        ),
        ApiCase(
            "monitoring_assignment_end",
            "post",
            fresh.url("monitoring_assignment_end"),
            seen_but(SEE_TAN_LAP, {"organizer"}),
            body=end_body,
        ),
        ApiCase(
            "monitoring_assignment_successors",
            "get",
            reverse("api:monitoring_assignment_successors", args=[a1]),
            seen_but(SEE_TAN_LAP, {"organizer"}),
        ),
        ApiCase(
            "monitoring_assignment_reassign",
            "post",
            fresh.url("monitoring_assignment_reassign"),
            seen_but(SEE_TAN_LAP, {"organizer"}, ok=201),
            body=reassign_body,
        ),
        ApiCase(
            "monitoring_plan_submit",
            "post",
            fresh.url("monitoring_plan_submit"),
            seen_but(SEE_TAN_LAP, {"cadre"}, ok=201),
            body={"year_id": stage.year.pk, "content": "Dự các hội nghị của Đảng ủy xã."},
        ),
        ApiCase(
            "monitoring_visit_log",
            "post",
            fresh.url("monitoring_visit_log"),
            seen_but(SEE_TAN_LAP, {"cadre"}, ok=201),
            body=visit_body,
        ),
        ApiCase(
            "monitoring_report_submit",
            "post",
            fresh.url("monitoring_report_submit"),
            seen_but(SEE_TAN_LAP, {"cadre"}, ok=201),
            body={"report_period_id": stage.half_year.pk, "content": "Xã hoàn thành các chỉ tiêu 6 tháng."},
        ),
        ApiCase(
            "monitoring_visit_confirm",
            "post",
            fresh.visit_url,
            seen_but(SEE_TAN_LAP, {"commune_committee"}),
        ),
        ApiCase(
            "monitoring_feedback_correct",
            "post",
            reverse("api:monitoring_feedback_correct", args=[tan_lap_form.pk]),
            seen_but(seen_by_committee_side, {"organizer"}),
            body=lambda: {"reason": "Theo phiếu giấy.", "comments": f"Đính chính {next(_numbers)}."},
        ),
        ApiCase(
            "monitoring_feedback_submit",
            "post",
            reverse("api:monitoring_feedback_submit"),
            seen_but(seen_by_committee_side, {"commune_committee"}, ok=201),
            body=fresh.feedback_body,
        ),
    ]
