import datetime
import itertools

from django.urls import reverse
from django.utils import timezone

from dotpha.api.tests.access import ALL, ApiCase, only, seen_but
from dotpha.programmes.models import Decision
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.tests.evidence_samples import pdf
from dotpha.tests.test_access import TaskStage

# Who sees a programme of the standing committee: scopes over it, and the cadres it manages.
SEE_PROGRAMME = {"organizer", "approver", "unit_manager", "cadre", "commune_committee", "inspector"}
_numbers = itertools.count(1)


def cases(world) -> list[ApiCase]:
    stage = TaskStage(world)

    def new_decision(number: str, signed_on: datetime.date, **extra) -> Decision:
        return Decision.objects.create(
            programme=stage.programme,
            period=stage.period,
            number=number,
            title="Quyết định phê duyệt",
            signed_on=signed_on,
            issuing_unit=world.standing,
            created_by=world.users["approver"],
            **extra,
        )

    decision = new_decision("99-QĐ/TU", datetime.date(stage.year, 3, 1))

    def new_period_url() -> str:
        return reverse("api:period_close", args=[stage.new_period().pk])

    def closed_period_url() -> str:
        period = stage.new_period()
        period.closed_at = timezone.now()
        period.save()
        return reverse("api:period_reopen", args=[period.pk])

    def programme_body() -> dict:
        return {
            "number": f"{next(_numbers)}-KH/TU",
            "title": "Kế hoạch thực hiện việc đột phá",
            "issued_on": f"{stage.year}-01-05",
            "issuing_unit_id": world.board.pk,
            "registration_opens": f"{stage.year}-01-10",
            "registration_closes": f"{stage.year}-03-31",
        }

    def period_body() -> dict:
        return {"name": f"Kỳ {next(_numbers)}", "start_date": "2027-01-01", "end_date": "2027-12-31"}

    def open_decision_scan_url() -> str:
        """An open decision approving one task: the approver's upload locks it, so one per call."""
        fresh = new_decision(f"{next(_numbers)}-QĐ/TU", datetime.date(stage.year, 3, 1))
        stage.task(TaskStatus.APPROVED, decision=fresh)
        return reverse("api:decision_attach_scan", args=[fresh.pk])

    def locked_decision_amend_url() -> str:
        """A locked decision (its scan uploaded): only such a one is amended."""
        locked = new_decision(
            f"{next(_numbers)}-QĐ/TU", datetime.date(stage.year, 1, 1), scan_uploaded_at=timezone.now()
        )
        return reverse("api:decision_amend", args=[locked.pk])

    def amend_body() -> dict:
        return {"number": f"{next(_numbers)}-QĐ/TU", "signed_on": f"{stage.year}-01-01"}

    def batch_body() -> dict:
        return {
            "task_ids": [stage.task(TaskStatus.SUBMITTED).pk],
            "number": f"{next(_numbers)}-QĐ/TU",
            "signed_on": f"{stage.year}-04-15",
            "batch_number": 2,
        }

    return [
        ApiCase("programme_list", "get", reverse("api:programme_list"), ALL),
        ApiCase(
            "programme_get",
            "get",
            reverse("api:programme_get", args=[stage.programme.pk]),
            only(SEE_PROGRAMME),
        ),
        ApiCase(
            "programme_create",
            "post",
            reverse("api:programme_create"),
            only({"organizer"}, ok=201, denied=403),
            body=programme_body,
        ),
        ApiCase(
            "period_create",
            "post",
            reverse("api:period_create", args=[stage.programme.pk]),
            seen_but(SEE_PROGRAMME, {"organizer"}, ok=201),
            body=period_body,
        ),
        ApiCase(
            "programme_update",
            "patch",
            reverse("api:programme_update", args=[stage.programme.pk]),
            seen_but(SEE_PROGRAMME, {"organizer"}),
            body={"title": "Quy định giao việc đột phá (sửa đổi)"},
        ),
        ApiCase("period_close", "post", new_period_url, seen_but(SEE_PROGRAMME, {"organizer"})),
        ApiCase(
            "period_reopen",
            "post",
            closed_period_url,
            seen_but(SEE_PROGRAMME, {"organizer"}),
            body={"reason": "Bổ sung kết quả đánh giá"},
        ),
        ApiCase("field_list", "get", reverse("api:field_list"), ALL),
        ApiCase("decision_list", "get", reverse("api:decision_list"), ALL),
        ApiCase(
            "decision_get",
            "get",
            reverse("api:decision_get", args=[decision.pk]),
            only({"organizer", "approver", "inspector"}),
        ),
        ApiCase(
            "decision_approve_batch",
            "post",
            reverse("api:decision_approve_batch"),
            only({"approver"}, ok=201, denied=403),
            body=batch_body,
        ),
        ApiCase(
            "decision_attach_scan",
            "post",
            open_decision_scan_url,
            seen_but({"organizer", "approver", "inspector"}, {"approver"}),
            body=lambda: {"scan": pdf("qd-ky.pdf")},
        ),
        ApiCase(
            "decision_amend",
            "post",
            locked_decision_amend_url,
            seen_but({"organizer", "approver", "inspector"}, {"approver"}, ok=201),
            body=amend_body,
        ),
    ]
