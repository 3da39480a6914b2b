"""A province's year report summarises: beyond `report.INLINE_TASK_ROWS` approved tasks the Word and PDF
files keep the figures and the tables by unit, field and grade, say in Vietnamese where the full list is,
and come in one .zip with the Excel annex that holds every row; at or below the bound (a unit's report, the
demo's) the lists stay inline in a single file, as before. The bound is lowered to the test year's size
(244 approved tasks) to see both sides of it."""

import dataclasses
import io
import zipfile

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.programmes.services import period_close
from dotpha.reports import report
from dotpha.reports.exports import catalogue
from dotpha.reports.exports.catalogue import export_kind, parse_stats
from dotpha.reports.models import ExportJob, ExportStatus, PeriodSnapshot
from dotpha.reports.selectors import StatsFilter, dashboard
from dotpha.reports.services import export_job_run
from dotpha.reports.tests.test_exports import queued
from dotpha.reports.tests.test_monitoring_section import docx_text, pdf_text
from dotpha.tasks.models import Task, TaskStatus

pytestmark = pytest.mark.django_db

APPROVED = 244  # the approved tasks of the `year` fixture: the figure and the annex's rows


@pytest.fixture
def summarised(monkeypatch):
    """The test year is "large": one task more than the report lists inline."""
    monkeypatch.setattr(report, "INLINE_TASK_ROWS", APPROVED - 1)


@pytest.fixture
def inline(monkeypatch):
    """The test year sits exactly on the bound: still listed inline."""
    monkeypatch.setattr(report, "INLINE_TASK_ROWS", APPROVED)


def build(world, year, code: str, role: str = "organizer", **params):
    user = world.users[role]
    today = timezone.localdate()
    request = parse_stats(user, {"period": str(year.period.pk), **params}, today=today)
    return export_kind(code).build(user, request, today, None)


def unzip(built) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(built.read())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def annex_tasks(content: bytes) -> list[tuple]:
    """The task rows of the annex by cadre (numbered "group.task")."""
    sheet = openpyxl.load_workbook(io.BytesIO(content), read_only=True)["Theo cán bộ"]
    return [row for row in sheet.iter_rows(values_only=True) if row[0] and "." in str(row[0])]


def province_board(world, year):
    return dashboard(
        world.users["organizer"], world.province, StatsFilter(period=year.period), today=timezone.localdate()
    )


def approved_titles(year) -> list[str]:
    return sorted(
        Task.objects.filter(period=year.period, status=TaskStatus.APPROVED).values_list("title", flat=True)
    )


def test_at_the_bound_the_report_lists_its_tasks_inline_in_one_file(world, year, inline):
    built = build(world, year, "report_docx")
    assert built.filename.endswith(".docx") and built.content_type == catalogue.DOCX_TYPE
    text = docx_text(built.read())
    assert "Danh sách chi tiết" not in text and "phụ lục Excel" not in text
    # every approved task is a row of annex 2 and annex 3, each title twice
    for title in approved_titles(year):
        assert text.count(title) >= 2, title


def test_beyond_the_bound_the_word_report_summarises_and_comes_with_the_excel_annex(world, year, summarised):
    built = build(world, year, "report_docx")
    assert built.content_type == catalogue.ZIP_TYPE
    slug = f"{world.province.code}-2024"
    assert built.filename == f"bao-cao-viec-dot-pha-{slug}-kem-phu-luc.zip"
    files = unzip(built)
    annex_name = f"phu-luc-viec-theo-can-bo-{slug}.xlsx"
    assert sorted(files) == sorted([f"bao-cao-viec-dot-pha-{slug}.docx", annex_name])
    text = docx_text(files[f"bao-cao-viec-dot-pha-{slug}.docx"])
    # the note names the annex's file and the number of its rows, in the narrative and in annexes 2 and 3
    note = f"Danh sách chi tiết {APPROVED} việc: xem phụ lục Excel kèm theo (tệp {annex_name})"
    assert text.count(note) == 3
    # no task is listed in the document
    assert not any(title in text for title in approved_titles(year))
    # the figures are the dashboard's
    board = province_board(world, year)
    figures = board.total.figures
    assert f"đã giao {figures.approved} việc đột phá, đổi mới cho {figures.cadres} cán bộ" in text
    assert f"Có {figures.excellent}/{figures.approved} việc hoàn thành xuất sắc" in text
    assert f"{figures.good} việc hoàn thành tốt; {figures.completed} việc hoàn thành" in text
    # annex 1 by unit stays, with its total; annex 2 keeps each grade's count
    assert "Tổng cộng" in text and all(row.label in text for row in board.units)
    assert f"Hoàn thành xuất sắc\n{figures.excellent}\n" in text
    assert f"Không hoàn thành\n{figures.not_completed}\n" in text
    # the annex holds every approved task, once
    rows = annex_tasks(files[annex_name])
    assert len(rows) == APPROVED
    assert sorted(row[1] for row in rows) == approved_titles(year)


def test_beyond_the_bound_the_pdf_report_summarises_and_comes_with_the_excel_annex(world, year, summarised):
    files = unzip(build(world, year, "report_pdf"))
    slug = f"{world.province.code}-2024"
    text = pdf_text(files[f"bao-cao-viec-dot-pha-{slug}.pdf"])
    assert f"Danh sách chi tiết {APPROVED} việc: xem phụ lục Excel kèm theo" in text
    assert f"phu-luc-viec-theo-can-bo-{slug}.xlsx" in text.replace(" ", "")
    figures = province_board(world, year).total.figures
    assert f"đã giao {figures.approved} việc" in text
    assert not any(title in text for title in approved_titles(year))
    assert len(annex_tasks(files[f"phu-luc-viec-theo-can-bo-{slug}.xlsx"])) == APPROVED


def test_a_units_report_under_the_bound_stays_inline(world, year, summarised):
    """The bound decides by the report's own rows: a department's report of the same year is small."""
    built = build(world, year, "report_docx", unit=str(world.home_affairs.pk))
    assert built.filename.endswith(".docx")
    text = docx_text(built.read())
    assert "Danh sách chi tiết" not in text
    mine = Task.objects.filter(
        period=year.period,
        status=TaskStatus.APPROVED,
        assignee_cadre__in=year.cadres[world.home_affairs.code],
    ).values_list("title", flat=True)
    assert mine and all(title in text for title in mine)


def test_the_large_report_is_prepared_by_the_worker_and_downloaded_as_one_zip(
    world, year, client, summarised, monkeypatch, django_capture_on_commit_callbacks
):
    for code in ("report_docx", "report_pdf"):
        kind = dataclasses.replace(catalogue.CATALOGUE[code], background_rows=APPROVED - 1)
        monkeypatch.setitem(catalogue.CATALOGUE, code, kind)
    client.force_login(world.users["organizer"])
    queued().results.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.get(reverse("reports:export", args=["report_docx"]), {"period": year.period.pk})
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response.url == reverse("reports:job", args=[job.pk])
    # the page says the file is being prepared until the worker has built it
    assert "Trang tự cập nhật" in client.get(response.url).text
    export_job_run(job_id=str(job.pk))
    job.refresh_from_db()
    assert (job.status, job.content_type) == (ExportStatus.DONE, catalogue.ZIP_TYPE)
    page = client.get(response.url).text
    assert "báo cáo và phụ lục Excel" in page
    assert reverse("reports:job_download", args=[job.pk]) in page
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert job.filename in download["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        names = archive.namelist()
    assert [n.rsplit(".", 1)[1] for n in names] == ["docx", "xlsx"]
    # only its requester reads it
    client.force_login(world.users["inspector"])
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize(
    ("role", "unit", "status"),
    [
        ("organizer", "province", 302),
        ("inspector", "province", 302),
        ("unit_manager", "province", 404),  # a unit's manager never asks for the province's list
        ("unit_manager", "home_affairs", 200),  # their own unit's report: small, at once
        ("cadre", "province", 403),
        ("nobody", "province", 403),
    ],
)
def test_who_may_ask_for_the_province_report(
    world, year, client, summarised, monkeypatch, role, unit, status
):
    kind = dataclasses.replace(catalogue.CATALOGUE["report_docx"], background_rows=APPROVED - 1)
    monkeypatch.setitem(catalogue.CATALOGUE, "report_docx", kind)
    client.force_login(world.users[role])
    target = getattr(world, unit)
    response = client.get(
        reverse("reports:export", args=["report_docx"]), {"period": year.period.pk, "unit": target.pk}
    )
    assert response.status_code == status
    assert ExportJob.objects.filter(requested_by=world.users[role]).exists() == (status == 302)


def test_a_closed_periods_large_report_summarises_its_snapshot_the_same_way(world, year, summarised):
    period_close(actor=world.users["organizer"], period=year.period)
    snapshot = PeriodSnapshot.objects.filter(period=year.period).latest()
    Task.objects.filter(period=year.period, status=TaskStatus.APPROVED).update(title="Sửa sau khi khóa")
    first = build(world, year, "report_docx")
    files = unzip(first)
    slug = f"{world.province.code}-2024"
    text = docx_text(files[f"bao-cao-viec-dot-pha-{slug}.docx"])
    assert snapshot.content_hash in text
    assert f"Danh sách chi tiết {APPROVED} việc: xem phụ lục Excel kèm theo" in text
    # the annex is the snapshot's: the titles as they were when the period closed
    rows = annex_tasks(files[f"phu-luc-viec-theo-can-bo-{slug}.xlsx"])
    assert sorted(row[1] for row in rows) == sorted(line["title"] for line in snapshot.content["lines"])
    assert "Sửa sau khi khóa" not in {row[1] for row in rows}
    # and the archive comes out the same, byte for byte, the next time
    assert unzip(build(world, year, "report_docx")) == files
