"""Long exports run as background jobs with a status page; organizers replace the Word template (checked,
stored, the newest used, audited)."""

import dataclasses
import datetime
import io

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.tasks import task_backends
from django.tasks.backends.dummy import DummyBackend
from django.urls import reverse
from django.utils import timezone

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.reports import services
from dotpha.reports.exports import catalogue
from dotpha.reports.exports.docx_template import ANNUAL_REPORT
from dotpha.reports.models import ExportJob, ExportStatus, ReportTemplate, TemplateKind
from dotpha.reports.services import export_job_run, report_template_upload
from dotpha.reports.tasks import run_export_job

pytestmark = pytest.mark.django_db


def queued() -> DummyBackend:
    """The tests' task backend keeps what was enqueued (settings.test: DummyBackend)."""
    backend = task_backends["default"]
    assert isinstance(backend, DummyBackend)
    return backend


@pytest.fixture
def small_threshold(monkeypatch):
    """Every export above 10 rows goes to the background."""
    for code, kind in list(catalogue.CATALOGUE.items()):
        monkeypatch.setitem(catalogue.CATALOGUE, code, dataclasses.replace(kind, background_rows=10))


def test_a_small_export_comes_back_at_once(world, year, client):
    client.force_login(world.users["organizer"])
    response = client.get(reverse("reports:export", args=["annex_grades"]), {"period": year.period.pk})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="phu-luc-ket-qua-theo-muc-')
    assert ExportJob.objects.count() == 0


def test_a_job_no_worker_takes_says_so_after_five_minutes_and_keeps_polling(world, client):
    """A server whose worker is not running left the page at "Đang chờ" for ever: after `WORKER_WAIT` it
    says the worker may not be running; a job the worker took says nothing of the kind."""
    organizer = world.users["organizer"]
    client.force_login(organizer)
    job = ExportJob.objects.create(kind="annex_cadres", requested_by=organizer)
    url = reverse("reports:job", args=[job.pk])
    assert "data-waiting" not in client.get(url).text
    ExportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=6))
    page = client.get(url).text
    assert "Việc này đã chờ hơn 5 phút mà chưa bắt đầu" in page and "manage.py db_worker" in page
    assert 'hx-trigger="every 2s"' in page
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    assert "data-waiting" not in client.get(url).text


def test_a_long_export_runs_in_the_background(
    world, year, client, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(world.users["organizer"])
    # given an export above the threshold: the user is sent to the job's page and a job is queued
    queued().results.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reports:export", args=["annex_cadres"]), {"period": year.period.pk})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:job", args=[job.pk])
    assert (job.status, job.rows, job.requested_by) == (ExportStatus.QUEUED, 244, world.users["organizer"])
    assert [r.args for r in queued().results] == [[str(job.pk)]]
    # the status page polls with htmx while the job waits
    fragment = client.get(response.url, headers={"HX-Request": "true"})
    assert 'hx-trigger="every 2s"' in fragment.text and "<html" not in fragment.text
    # when the worker runs it, the page offers the file
    assert run_export_job.call(str(job.pk)) == ExportStatus.DONE
    job.refresh_from_db()
    assert (job.status, job.progress) == (ExportStatus.DONE, 100)
    page = client.get(response.url).text
    assert reverse("reports:job_download", args=[job.pk]) in page and "every 2s" not in page
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    content = b"".join(download.streaming_content)
    rows = list(
        openpyxl.load_workbook(io.BytesIO(content), read_only=True).active.iter_rows(values_only=True)
    )
    assert sum(1 for r in rows if r[0] and "." in str(r[0])) == 244
    # nobody else sees the job
    client.force_login(world.users["inspector"])
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


def test_progress_is_reported_while_the_rows_are_built(world, year, monkeypatch):
    seen = []
    update = services._update

    def record(job, **changes):
        if "progress" in changes:
            seen.append(changes["progress"])
        update(job, **changes)

    job = ExportJob.objects.create(
        kind="annex_cadres", params={"period": str(year.period.pk)}, requested_by=world.users["organizer"]
    )
    monkeypatch.setattr(services, "_update", record)
    export_job_run(job_id=str(job.pk))
    assert seen[0] == 1 and seen[-1] == 100 and any(1 < p < 100 for p in seen)


def test_a_failed_job_says_so(world, year):
    job = ExportJob.objects.create(
        kind="statistics", params={"unit": str(world.finance.pk)}, requested_by=world.users["unit_manager"]
    )
    export_job_run(job_id=str(job.pk))
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED
    assert job.error and not job.file


def _docx(paragraph: str) -> bytes:
    document = docx.Document(str(ANNUAL_REPORT))
    document.paragraphs[0].insert_paragraph_before(paragraph)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_an_organizer_replaces_the_word_template(world, year, client):
    organizer = world.users["organizer"]
    data = _docx("MẪU RIÊNG CỦA TỈNH: {{ f.approved }} việc")
    template = report_template_upload(
        actor=organizer,
        kind=TemplateKind.ANNUAL_REPORT,
        unit=world.province,
        file=_upload("mau.docx", data),
        note="Mẫu 2026",
    )
    # stored and audited
    assert template.uploaded_by == organizer and template.original_name == "mau.docx"
    assert template.history.get().history_user == organizer  # type: ignore[attr-defined]
    # the newest template is the one used
    client.force_login(organizer)
    response = client.get(reverse("reports:export", args=["report_docx"]), {"period": year.period.pk})
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "MẪU RIÊNG CỦA TỈNH: 244 việc" in text
    page = client.get(reverse("reports:templates")).text
    assert "mau.docx" in page and "đang dùng mẫu “mau.docx”" in page


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("mau.doc", b"anything", "phải là tệp Word .docx"),
        ("mau.docx", b"not a zip at all", "không phải là văn bản Word"),
        ("mau.docx", None, "trường dữ liệu không hợp lệ"),  # a documented field on the wrong object
        ("mau.docx", b"{{", "không phải là văn bản Word"),
    ],
)
def test_a_template_that_does_not_render_is_refused(world, name, data, message):
    data = data if data is not None else _docx("{{ heading.count }}")
    with pytest.raises(ApplicationError) as caught:
        report_template_upload(
            actor=world.users["organizer"],
            kind=TemplateKind.ANNUAL_REPORT,
            unit=world.province,
            file=_upload(name, data),
        )
    assert message in caught.value.message
    assert ReportTemplate.objects.count() == 0


def test_only_organizers_replace_templates(world):
    with pytest.raises(PermissionDeniedError):
        report_template_upload(
            actor=world.users["approver"],
            kind=TemplateKind.ANNUAL_REPORT,
            unit=world.province,
            file=_upload("mau.docx", ANNUAL_REPORT.read_bytes()),
        )


def test_the_upload_page_shows_why_a_template_is_refused(world, client):
    client.force_login(world.users["organizer"])
    response = client.post(
        reverse("reports:templates"),
        {"unit": world.province.pk, "file": _upload("mau.docx", _docx("{% for %}"))},
    )
    assert response.status_code == 200
    assert "Mẫu có thẻ viết sai" in response.text
    assert ReportTemplate.objects.count() == 0


def test_the_files_are_the_offices_documents_in_vietnamese_whatever_the_pages_language(
    world, year, client, settings
):
    client.force_login(world.users["organizer"])

    def cells(language: str) -> list[tuple]:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = client.get(reverse("reports:export", args=["annex_cadres"]), {"period": year.period.pk})
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return [row for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)]

    vietnamese = cells("vi")
    assert any("Đã đánh giá" in str(cell) for row in vietnamese for cell in row if cell)
    assert cells("en") == vietnamese
