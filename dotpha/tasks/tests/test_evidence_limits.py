"""Issue 11, #10: a report's evidence had no limit in number or total (12 files of 9.9 MB were accepted),
and an HTML page holding "%PDF-" passed as a PDF. Now the number and the total per report are capped and
every file must open as the kind its name claims; a refusal saves nothing, neither rows nor files."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dotpha.core.errors import ApplicationError
from dotpha.tasks.models import Evidence, ProgressReport, TaskEvent, TaskStatus
from dotpha.tasks.services import evidence_add, progress_report_submit
from dotpha.tasks.tests.evidence_samples import (
    docx,
    image_bytes,
    jpeg,
    office_bytes,
    pdf,
    pdf_bytes,
    png,
    xlsx,
)
from dotpha.tasks.tests.factories import TargetFactory
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

NEARLY_TEN_MB = int(9.9 * 1024 * 1024)
HTML_THEN_PDF = b"<html><body><script>alert(document.cookie)</script></body></html>\n%PDF-1.7\n%%EOF\n"


@pytest.fixture(scope="module")
def big_pdf() -> bytes:
    return pdf_bytes(NEARLY_TEN_MB)


@pytest.fixture
def task(stage):
    return stage.make_task(status=TaskStatus.APPROVED)


def big(data: bytes, count: int) -> list[SimpleUploadedFile]:
    return [
        SimpleUploadedFile(f"bien-ban-{i}.pdf", data, content_type="application/pdf") for i in range(count)
    ]


def stored_files(folder: str = "tasks/evidence") -> list[str]:
    """Every file stored under `folder`, at any depth (evidence goes into dated folders)."""
    try:
        folders, files = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    return [f"{folder}/{f}" for f in files] + [p for sub in folders for p in stored_files(f"{folder}/{sub}")]


@pytest.fixture
def kept():
    """The files stored so far (the test storage outlives a test): a test asserts on what it added."""
    before = set(stored_files())
    return lambda: sorted(set(stored_files()) - before)


def submit(stage, task, files):
    return progress_report_submit(
        actor=stage.cadre, task=task, percent_done=10, narrative="Báo cáo tuần", files=files
    )


def assert_nothing_saved(kept):
    assert not ProgressReport.objects.exists()
    assert not Evidence.objects.exists()
    assert not TaskEvent.objects.exists()
    assert kept() == []


def test_twelve_files_of_nearly_ten_megabytes_are_refused(stage, task, big_pdf, kept):
    with pytest.raises(ApplicationError, match=r"Mỗi báo cáo đính kèm tối đa 10 tệp minh chứng\."):
        submit(stage, task, big(big_pdf, 12))
    assert_nothing_saved(kept)


def test_a_report_past_25_megabytes_in_total_is_refused(stage, task, big_pdf, kept):
    with pytest.raises(ApplicationError) as refused:
        submit(stage, task, big(big_pdf, 3))
    assert refused.value.message == (
        "Tổng dung lượng tệp minh chứng của một báo cáo tối đa 25 MB (cả báo cáo thành 29,7 MB); "
        "hãy nén hoặc bớt tệp."
    )
    assert_nothing_saved(kept)


def test_evidence_added_later_counts_what_the_report_already_has(stage, task, big_pdf, kept):
    report = submit(stage, task, big(big_pdf, 2))
    with pytest.raises(ApplicationError, match="tối đa 25 MB"):
        evidence_add(actor=stage.cadre, report=report, files=big(big_pdf, 1))
    assert report.evidence.count() == 2
    assert len(kept()) == 2
    evidence_add(actor=stage.cadre, report=report, files=[png()])  # a small one still fits
    assert report.evidence.count() == 3


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("bao-cao.pdf", HTML_THEN_PDF, "PDF"),
        ("bao-cao.pdf", b"%PDF-1.7\n<html><body>not a document</body></html>\n%%EOF\n", "PDF"),
        ("anh.png", b"\x89PNG\r\n\x1a\n<html></html>", "PNG"),
        ("anh.jpg", b"\xff\xd8\xff\xe0<html></html>", "JPG"),
        ("bao-cao.docx", office_bytes("xl/workbook.xml"), "DOCX"),  # a workbook renamed
        ("so-lieu.xlsx", b"PK\x03\x04<html></html>", "XLSX"),
    ],
)
def test_content_that_is_not_what_its_name_claims_is_refused(stage, task, name, data, kind, kept):
    with pytest.raises(ApplicationError) as refused:
        submit(stage, task, [pdf(), SimpleUploadedFile(name, data)])
    assert refused.value.message == f"Nội dung tệp “{name}” không đúng định dạng {kind}."
    assert_nothing_saved(kept)


def test_real_files_of_every_kind_are_accepted(stage, task, kept):
    report = submit(stage, task, [pdf(), png(), jpeg(), docx(), xlsx()])
    assert report.evidence.count() == 5
    assert len(kept()) == 5


# ---- the page: the same checks, by way of the same service ------------------------------------------


@pytest.fixture
def approved(web):
    task = web.task(status=TaskStatus.APPROVED, title="Xây 13 nhà cho hộ nghèo")
    TargetFactory.create(task=task)
    return task


def post_report(client, task, files):
    target = task.targets.get()
    data = {"percent_done": "60", "narrative": "Đã khởi công 9/13 nhà.", f"target_{target.pk}": "9"}
    return client.post(reverse("tasks:report", args=[task.pk]), {**data, "evidence": files})


def test_the_page_refuses_an_html_page_named_pdf(web, approved, client, kept):
    client.force_login(web.cadre)
    fake = SimpleUploadedFile("bien-ban.pdf", HTML_THEN_PDF, content_type="application/pdf")
    response = post_report(client, approved, [fake])
    assert response.status_code == 200
    assert "Nội dung tệp “bien-ban.pdf” không đúng định dạng PDF." in response.text
    assert_nothing_saved(kept)


def test_the_page_refuses_a_report_past_the_total(web, approved, client, big_pdf, kept):
    client.force_login(web.cadre)
    response = post_report(client, approved, big(big_pdf, 3))
    assert response.status_code == 200
    assert "Tổng dung lượng tệp minh chứng của một báo cáo tối đa 25 MB" in response.text
    assert_nothing_saved(kept)
    assert approved.targets.get().achieved_value is None


def test_the_page_names_the_limits(web, approved, client, kept):
    client.force_login(web.cadre)
    page = client.get(reverse("tasks:report", args=[approved.pk]))
    assert "mỗi báo cáo tối đa 10 tệp, tổng 25 MB" in page.text
    assert image_bytes("PNG")  # the samples the other tests send are real images
