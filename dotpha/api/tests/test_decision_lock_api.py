"""The signed scan and the amending decision through the API: the same services as the page, so the same
approvers, the same PDF check and refusals with the same Vietnamese messages, and a refusal writes
nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dotpha.api.tests.access import bearer, call
from dotpha.programmes.models import Decision
from dotpha.programmes.services import decision_attach_scan, decision_create
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.services import decision_approve_batch
from dotpha.tasks.tests.evidence_samples import pdf
from dotpha.tests.test_access import TaskStage

pytestmark = pytest.mark.django_db


@pytest.fixture
def decision(world) -> Decision:
    stage = TaskStage(world)
    approver = world.users["approver"]
    opened = decision_create(
        actor=approver,
        programme=stage.programme,
        period=stage.period,
        number="125-QĐ/TU",
        title="Quyết định phê duyệt đợt 1",
        signed_on=datetime.date(stage.year, 1, 15),
    )
    return decision_approve_batch(actor=approver, tasks=[stage.task(TaskStatus.SUBMITTED)], decision=opened)


def upload(client, user, decision, file):
    url = reverse("api:decision_attach_scan", args=[decision.pk])
    return client.post(url, data={"scan": file}, headers=bearer(user))


def test_the_approver_uploads_the_signed_scan_and_the_decision_is_locked(world, client, decision):
    approver = world.users["approver"]
    response = upload(client, approver, decision, pdf("qd-125-ky.pdf"))
    assert response.status_code == 200, response.content
    assert response.json()["locked_at"] is not None
    decision.refresh_from_db()
    assert decision.is_locked and decision.scan_name == "qd-125-ky.pdf"
    assert decision.scan_uploaded_by == approver
    # the page offers the same scan for download
    client.force_login(approver)
    download = client.get(reverse("programmes:decision_scan", args=[decision.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    # a second upload is refused: the list is locked, a change is an amending decision
    again = upload(client, approver, decision, pdf("khac.pdf"))
    assert (again.status_code, again.json()["code"]) == (400, "decision_locked")
    assert "ban hành quyết định sửa đổi, bổ sung" in again.json()["message"]


@pytest.mark.parametrize(
    ("file", "code", "message"),
    [
        (
            SimpleUploadedFile("qd.pdf", b"<html>%PDF-1.4</html>"),
            "file_content",
            "Nội dung tệp “qd.pdf” không đúng định dạng PDF.",
        ),
        (SimpleUploadedFile("qd.docx", b"PK\x03\x04 not a pdf"), "file_type", None),
    ],
)
def test_a_file_that_is_not_a_pdf_is_refused_in_vietnamese_and_nothing_is_written(
    world, client, decision, file, code, message
):
    response = upload(client, world.users["approver"], decision, file)
    assert response.status_code == 400
    assert response.json()["code"] == code
    if message:
        assert response.json()["message"] == message
    decision.refresh_from_db()
    assert not decision.is_locked and not decision.scan and decision.scan_name == ""


@pytest.mark.parametrize(("role", "status"), [("organizer", 403), ("inspector", 403), ("cadre", 404)])
def test_who_may_not_upload_the_scan(world, client, decision, role, status):
    response = upload(client, world.users[role], decision, pdf("qd.pdf"))
    assert response.status_code == status
    decision.refresh_from_db()
    assert not decision.is_locked and not decision.scan


def amend(client, user, decision, **body):
    url = reverse("api:decision_amend", args=[decision.pk])
    payload = {"number": "140-QĐ/TU", "signed_on": decision.signed_on.isoformat()} | body
    return call(client, "post", url, bearer(user), payload)


def test_the_approver_amends_a_locked_decision_and_approves_under_the_amendment(world, client, decision):
    approver = world.users["approver"]
    # an open decision is not amended: its list still changes
    refused = amend(client, approver, decision)
    assert (refused.status_code, refused.json()["code"]) == (400, "decision_open")
    assert upload(client, approver, decision, pdf("qd-125.pdf")).status_code == 200
    response = amend(client, approver, decision)
    assert response.status_code == 201, response.content
    got = response.json()
    assert (got["amends_id"], got["locked_at"], got["task_ids"]) == (decision.pk, None, [])
    assert got["title"] == "Sửa đổi, bổ sung Quyết định số 125-QĐ/TU"
    # a task is then approved under it, by its id
    stage_task = decision.tasks.get()
    late = TaskStage(world).task(TaskStatus.SUBMITTED, programme=decision.programme, period=decision.period)
    batch = call(
        client,
        "post",
        reverse("api:decision_approve_batch"),
        bearer(approver),
        {"task_ids": [late.pk], "decision_id": got["id"]},
    )
    assert batch.status_code == 201 and batch.json()["task_ids"] == [late.pk]
    assert list(decision.tasks.all()) == [stage_task]


@pytest.mark.parametrize(("role", "status"), [("organizer", 403), ("inspector", 403), ("cadre", 404)])
def test_who_may_not_amend(world, client, decision, role, status):
    decision_attach_scan(actor=world.users["approver"], decision=decision, file=pdf("qd.pdf"))
    assert amend(client, world.users[role], decision).status_code == status
    assert Decision.objects.count() == 1
