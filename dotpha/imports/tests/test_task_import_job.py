"""A task list longer than DOTPHA_IMPORT_INLINE_ROWS (here 3 rows, the list has 4) is committed by the
worker: the commit queues one job and writes nothing; the job reads, checks and writes the file again as
the user who asked, all rows or none, under their import slot; its page shows the phase, then the summary
or the issues. Only the user who asked sees the job."""

import contextvars
import datetime

import pytest
from django.core.files.storage import default_storage
from django.tasks import task_backends
from django.tasks.backends.dummy import DummyBackend
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.models import Role
from dotpha.imports import task_job_services
from dotpha.imports.management.commands.bench_import import annex, bench_desk
from dotpha.imports.models import ImportInProgress, TaskImportJob, TaskImportStatus
from dotpha.imports.task_job_services import TaskImportAnswers, task_import_job_request, task_import_job_run
from dotpha.imports.task_parser import task_import_parse
from dotpha.imports.tasks import run_task_import_job
from dotpha.imports.tests.test_task_layouts import Desk, make_desk, provincial_list
from dotpha.imports.tests.test_task_services import counts, created
from dotpha.imports.tests.test_task_views import ROLES, form_fields, submit, upload
from dotpha.imports.uploads import SESSION_KEY
from dotpha.org.models import Cadre
from dotpha.programmes.models import Period
from dotpha.tasks.models import Task

pytestmark = pytest.mark.django_db

BUSY = "Bạn đang có một lượt nhập đang xử lý"


@pytest.fixture
def desk(world, settings) -> Desk:
    settings.DOTPHA_IMPORT_INLINE_ROWS = 3
    return make_desk(world)


@pytest.fixture
def queued() -> DummyBackend:
    """The tests' task backend keeps what was enqueued (settings.test: DummyBackend)."""
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    backend.results.clear()
    return backend


def commit(client, preview, capture):
    with capture(execute=True):
        return client.post(reverse("imports:task_commit"), form_fields(preview, "imports:task_commit"))


def queue(client, desk, capture) -> TaskImportJob:
    client.force_login(desk.approver)
    response = commit(client, upload(client, desk, provincial_list()), capture)
    job = TaskImportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("imports:task_job", args=[job.pk])
    return job


def page(client, job) -> str:
    return client.get(reverse("imports:task_job", args=[job.pk])).text


def test_above_the_bound_the_commit_queues_one_job_and_writes_nothing(
    desk, client, queued, django_capture_on_commit_callbacks
):
    before = counts()

    job = queue(client, desk, django_capture_on_commit_callbacks)

    assert counts() == before
    assert (job.status, job.rows, job.requested_by, job.filename) == (
        TaskImportStatus.QUEUED,
        4,
        desk.approver,
        "danh-sach.xlsx",
    )
    assert [result.args for result in queued.results] == [[str(job.pk)]]
    assert default_storage.exists(
        f"imports/jobs/{job.pk}.xlsx"
    )  # the job's own copy; the session's is let go
    assert client.session[SESSION_KEY] == []
    text = page(client, job)
    assert "Đang chờ…" in text and "every 2s" in text
    # left, the page is found again on the upload page
    recent = client.get(reverse("imports:task_upload")).text.split("data-jobs", 1)[1]
    assert f'<a href="{reverse("imports:task_job", args=[job.pk])}">danh-sach.xlsx</a>' in recent
    assert "Đang chờ" in recent
    assert "Quyết định số 125-QĐ/TU ngày 15/03/2024 (quyết định mới)" in text


def test_a_job_no_worker_takes_says_so_after_five_minutes(
    desk, client, queued, django_capture_on_commit_callbacks
):
    job = queue(client, desk, django_capture_on_commit_callbacks)
    assert "data-waiting" not in page(client, job)
    TaskImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    text = page(client, job)
    assert "Việc này đã chờ hơn 5 phút mà chưa bắt đầu" in text and "every 2s" in text


def test_the_preview_says_a_long_file_is_imported_in_the_background(desk, client):
    client.force_login(desk.approver)

    preview = upload(client, desk, provincial_list())

    assert (
        "Đang kiểm tra lại 4 dòng; sau đó hệ thống nhập chạy nền và mở trang theo dõi tiến độ."
        in preview.text
    )
    assert "Tệp lớn (10.000 dòng) cần khoảng nửa phút" not in preview.text


def test_running_the_job_writes_every_row_and_shows_its_progress(
    desk, client, queued, django_capture_on_commit_callbacks, monkeypatch
):
    job = queue(client, desk, django_capture_on_commit_callbacks)
    seen: list[str] = []
    renew = task_job_services.import_slot_renew

    def renewing(user):  # called at each step the job reports: what would the page say now?
        seen.append(
            client.get(reverse("imports:task_job", args=[job.pk]), headers={"HX-Request": "true"}).text
        )
        renew(user)

    monkeypatch.setattr(task_job_services, "import_slot_renew", renewing)

    assert run_task_import_job.call(str(job.pk)) == TaskImportStatus.DONE

    assert [(t[0], t[1]) for t in created()] == [
        ("Số hóa 100% hồ sơ thủ tục hành chính của Sở Nội vụ", desk.hung.pk),
        ("Rút ngắn thời gian giải quyết hồ sơ tuyển dụng", desk.hung.pk),
        ("Thu hồi dứt điểm nợ đọng thuế đất", desk.minh.pk),
        ("Cân đối vốn cho dự án trọng điểm", desk.other_hung.pk),
    ]
    assert "Đang kiểm tra 0/4 dòng" in seen[0] and "Đang kiểm tra 4/4 dòng" in seen[-2]
    assert "Đang ghi…" in seen[-1] and "không dòng nào được lưu" in seen[-1]
    text = page(client, job)
    assert "Đã nhập xong tệp “danh-sach.xlsx”. Đã tạo 4 việc đã phê duyệt cho 3 cán bộ" in text
    assert "every 2s" not in text
    job.refresh_from_db()
    assert not job.file and not default_storage.exists(f"imports/jobs/{job.pk}.xlsx")
    assert not ImportInProgress.objects.exists()
    assert run_task_import_job.call(str(job.pk)) == TaskImportStatus.DONE  # delivered twice: run once
    assert len(created()) == 4


def test_a_cadre_changed_before_the_run_refuses_the_file_and_lists_the_row(
    desk, client, queued, django_capture_on_commit_callbacks
):
    job = queue(client, desk, django_capture_on_commit_callbacks)
    Cadre.objects.filter(pk=desk.minh.pk).update(full_name="Trần Quang Mạnh")
    before = counts()

    assert run_task_import_job.call(str(job.pk)) == TaskImportStatus.REFUSED

    assert counts() == before
    job.refresh_from_db()
    assert [(issue["row"], issue["column"]) for issue in job.issues] == [(13, "Người được giao / Họ và tên")]
    text = page(client, job)
    assert "Hệ thống từ chối khi nhập; chưa lưu gì." in text and "Trần Quang Minh" in text
    assert f'href="{reverse("imports:task_upload")}"' in text and "Tải lên lại" in text
    assert not default_storage.exists(f"imports/jobs/{job.pk}.xlsx")


def test_authority_removed_before_the_run_refuses_the_file(
    desk, client, queued, django_capture_on_commit_callbacks
):
    job = queue(client, desk, django_capture_on_commit_callbacks)
    # still an organizer of the province (sees the programme), but approves for the commune now: no longer
    # issues the standing committee's decisions
    desk.approver.grants.create(role=Role.ORGANIZER, unit=desk.world.province)
    desk.approver.grants.filter(role=Role.APPROVER).update(unit=desk.world.commune)
    before = counts()

    assert run_task_import_job.call(str(job.pk)) == TaskImportStatus.REFUSED

    assert counts() == before
    text = page(client, job)
    assert "Bạn không có quyền ban hành quyết định phê duyệt của Ban Thường vụ Tỉnh ủy" in text
    assert "Tải lên lại" in text


def test_a_period_closed_before_the_run_refuses_the_file(
    desk, client, queued, django_capture_on_commit_callbacks
):
    job = queue(client, desk, django_capture_on_commit_callbacks)
    Period.objects.filter(pk=desk.year.pk).update(closed_at=timezone.now())

    assert run_task_import_job.call(str(job.pk)) == TaskImportStatus.REFUSED

    assert "Chương trình, kỳ hoặc quyết định đã chọn không còn hợp lệ" in page(client, job)
    assert Task.objects.count() == 0


def test_the_users_import_slot_is_held_while_the_job_runs(
    desk, client, queued, django_capture_on_commit_callbacks, monkeypatch
):
    job = queue(client, desk, django_capture_on_commit_callbacks)
    second = upload(client, desk, provincial_list())  # previewing another file while the job waits: fine
    # a second commit while the first is queued is told to wait
    waiting = client.post(
        reverse("imports:task_commit"), form_fields(second, "imports:task_commit"), follow=True
    )
    assert BUSY in waiting.text and TaskImportJob.objects.count() == 1
    answers: list[str] = []
    apply = task_job_services.task_import_apply

    def writing(**kwargs):
        # another request, with its own context: it does not hold the job's slot
        response = contextvars.Context().run(submit, client, second, "imports:task_commit")
        answers.append(response.text)
        return apply(**kwargs)

    monkeypatch.setattr(task_job_services, "task_import_apply", writing)

    assert run_task_import_job.call(str(job.pk)) == TaskImportStatus.DONE

    assert BUSY in answers[0]
    assert TaskImportJob.objects.count() == 1 and len(created()) == 4


def test_a_job_is_shown_to_its_requester_only(desk, client, queued, django_capture_on_commit_callbacks):
    job = queue(client, desk, django_capture_on_commit_callbacks)
    url = reverse("imports:task_job", args=[job.pk])
    failures = []
    for role in ROLES:
        client.force_login(desk.world.users[role])
        expected = 200 if role == "approver" else 404
        if (status := client.get(url).status_code) != expected:
            failures.append(f"{role}: expected {expected}, got {status}")
    assert failures == []
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_long_list_with_an_error_is_refused_in_the_request_and_queues_nothing(
    desk, client, queued, django_capture_on_commit_callbacks
):
    client.force_login(desk.approver)
    preview = upload(client, desk, provincial_list({"C13": "Trần Quang Mạnh"}))

    response = commit(client, preview, django_capture_on_commit_callbacks)

    assert response.status_code == 200 and "Trần Quang Mạnh" in response.text
    assert not TaskImportJob.objects.exists() and queued.results == [] and Task.objects.count() == 0


def test_at_or_below_the_bound_the_commit_writes_in_the_request(world, client, settings, queued):
    settings.DOTPHA_IMPORT_INLINE_ROWS = 4
    desk = make_desk(world)
    client.force_login(desk.approver)

    done = submit(client, upload(client, desk, provincial_list()), "imports:task_commit")

    assert "Đã tạo 4 việc đã phê duyệt cho 3 cán bộ" in done.text
    assert not TaskImportJob.objects.exists() and queued.results == []


def test_a_list_above_the_default_bound_reports_its_checking_as_it_goes(monkeypatch, settings):
    """501 rows and more go to the worker by default; the job's row says how many are checked, every 250,
    then that it writes (one transaction: no count it could show)."""
    approver, target, names = bench_desk()
    data = annex(names, 600)
    plan = task_import_parse(data, actor=approver, target=target)
    assert len(plan.rows) > settings.DOTPHA_IMPORT_INLINE_ROWS == 500
    assert plan.mapping is not None
    fields = {"period": str(target.period.pk), "decision_number": "125-QĐ/TU", "signed_on": "15/03/2024"}
    answers = TaskImportAnswers(
        mapping=plan.mapping, choices={}, updates=[], update_all=False, acknowledged=False
    )
    job = task_import_job_request(
        actor=approver,
        data=data,
        filename="phu-luc.xlsx",
        target_fields=fields,
        target=target,
        answers=answers,
        rows=len(plan.rows),
    )
    steps = []
    renew = task_job_services.import_slot_renew

    def renewing(user):
        steps.append(TaskImportJob.objects.values_list("phase", "checked", "rows").get(pk=job.pk))
        renew(user)

    monkeypatch.setattr(task_job_services, "import_slot_renew", renewing)

    job = task_import_job_run(job_id=str(job.pk))

    assert job.status == TaskImportStatus.DONE and job.summary.startswith("Đã tạo 600 việc đã phê duyệt cho")
    assert steps == [
        ("checking", 0, 600),
        ("checking", 250, 600),
        ("checking", 500, 600),
        ("checking", 600, 600),
        ("writing", 600, 600),
    ]
    assert Task.objects.filter(title__startswith="Việc nhập thử số").count() == 600
