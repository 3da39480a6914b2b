"""Closed periods are frozen: closing takes a snapshot with a hash; the year's Word, PDF and Excel files of
the closed period come out byte for byte the same after later changes; a correction to a closed year shows
on the live page beside the figure it changed; reopening keeps the old snapshot and closing again takes a
new one. Run as the province's organizer (Ban Tổ chức), who closes periods in practice."""

import hashlib
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from dotpha.org.models import Unit
from dotpha.programmes.models import Grade
from dotpha.programmes.services import period_close, period_reopen
from dotpha.programmes.tests.factories import PeriodFactory
from dotpha.reports.models import PeriodSnapshot
from dotpha.reports.snapshots import verifies
from dotpha.reports.tests.factories import YearSpec, build_year
from dotpha.reports.tests.test_monitoring_section import docx_text, pdf_text
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.services import evaluation_correct

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("both_ways")]

SPEC = YearSpec(
    excellent=9, good=6, completed=3, not_completed=2, not_evaluated=1, ahead=2, cadres_per_unit=2
)
FILES = ["report_docx", "report_pdf", "statistics", "annex_cadres", "annex_grades"]


@pytest.fixture
def year(world):
    return build_year(world, SPEC)


def close(world, year) -> PeriodSnapshot:
    period_close(actor=world.users["organizer"], period=year.period)
    return PeriodSnapshot.objects.filter(period=year.period).latest()


def download(client, code: str, year) -> bytes:
    params = {"period": year.period.pk, "number": "15-BC/BTCTU", "signer_name": "Nguyễn Văn A"}
    response = client.get(reverse("reports:export", args=[code]), params)
    assert response.status_code == 200, response.content[:300]
    return response.content


def an_excellent_task(year) -> Task:
    # one not marked ahead of plan: a correction keeps that mark, which the record must still bear out
    return Task.objects.filter(
        period=year.period, evaluation__grade=Grade.EXCELLENT, evaluation__ahead_of_plan=False
    ).order_by("pk")[0]


def test_closing_a_period_freezes_its_figures_with_a_hash(world, year):
    snapshot = close(world, year)
    assert snapshot.taken_by == world.users["organizer"]
    assert snapshot.root == world.province  # the standing committee's programme is the province's
    content = snapshot.content
    assert content["total"]["figures"]["approved"] == SPEC.approved
    assert content["total"]["figures"]["excellent"] == SPEC.excellent
    assert content["unit_figures"][str(world.province.pk)]["approved"] == SPEC.approved
    # every unit's own figures: the two departments add up to the people's committee above them
    units = content["unit_figures"]
    people = Unit.objects.get(code="P-UBND")
    assert units[str(people.pk)]["approved"] == (
        units[str(world.home_affairs.pk)]["approved"] + units[str(world.finance.pk)]["approved"]
    )
    assert len(content["lines"]) == SPEC.approved
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode()
    assert snapshot.content_hash == hashlib.sha256(canonical).hexdigest()
    assert verifies(snapshot)
    # a stored copy that was altered no longer verifies
    snapshot.content["total"]["figures"]["excellent"] += 1
    assert not verifies(snapshot)


def test_a_closed_years_files_are_byte_identical_after_a_later_change(world, year, client):
    snapshot = close(world, year)
    client.force_login(world.users["organizer"])
    before = {code: download(client, code, year) for code in FILES}
    # an unrelated later change: another year of the same programme gets tasks evaluated and reported
    other = PeriodFactory.create(programme=year.programme, name="2025")
    Task.objects.filter(pk__in=[t.pk for t in year.tasks[:3]]).update(period=other)
    after = {code: download(client, code, year) for code in FILES}
    for code in FILES:
        assert before[code] == after[code], code
    # and every file carries the snapshot's date and hash
    assert snapshot.content_hash in docx_text(before["report_docx"])
    assert snapshot.content_hash in pdf_text(before["report_pdf"]).replace(" ", "")
    for code in ("statistics", "annex_cadres", "annex_grades"):
        book = openpyxl.load_workbook(io.BytesIO(before[code]))
        cells = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value]
        assert any(snapshot.content_hash in text and "Số liệu chốt ngày" in text for text in cells), code


def test_a_correction_to_a_closed_year_shows_on_the_live_page_not_in_its_files(world, year, client):
    snapshot = close(world, year)
    organizer = world.users["organizer"]
    client.force_login(organizer)
    report_before = docx_text(download(client, "report_docx", year))
    task = an_excellent_task(year)
    evaluation_correct(
        actor=organizer,
        task=task,
        reason="Theo Quyết định 12-QĐ/TU",
        grade=Grade.GOOD,
        comment="Hạ mức theo kết luận của Ban Thường vụ.",
    )

    page = client.get(reverse("reports:board"), {"period": year.period.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-snapshot="{snapshot.content_hash}"' in html
    assert "Hồ sơ đã thay đổi sau khi chốt" in html
    # beside the live figures (8 excellent, 7 good), what was frozen (9, 6)
    assert f'data-frozen="{SPEC.excellent}"' in html
    assert f'data-frozen="{SPEC.good}"' in html
    # the files of the closed year still print the frozen figures
    assert docx_text(download(client, "report_docx", year)) == report_before
    assert (
        Task.objects.filter(period=year.period, evaluation__grade=Grade.EXCELLENT).count()
        == SPEC.excellent - 1
    )


def test_an_unchanged_closed_year_says_its_figures_match(world, year, client):
    close(world, year)
    client.force_login(world.users["organizer"])
    html = client.get(reverse("reports:board"), {"period": year.period.pk}).content.decode()
    assert "Số liệu hiện nay khớp với số liệu chốt." in html
    assert "data-frozen" not in html


def test_an_open_periods_files_are_read_live(world, year, client):
    client.force_login(world.users["organizer"])
    text = docx_text(download(client, "report_docx", year))
    assert "mã kiểm tra" not in text
    assert not PeriodSnapshot.objects.exists()
    html = client.get(reverse("reports:board"), {"period": year.period.pk}).content.decode()
    assert "data-snapshot" not in html


def test_reopening_keeps_the_snapshot_and_closing_again_takes_a_new_one(world, year, client):
    organizer = world.users["organizer"]
    first = close(world, year)
    period_reopen(actor=organizer, period=year.period, reason="Bổ sung kết quả đánh giá")
    # reopened: the files are live again, the old snapshot stays
    client.force_login(organizer)
    assert "mã kiểm tra" not in docx_text(download(client, "report_docx", year))
    task = Task.objects.filter(
        period=year.period, status=TaskStatus.APPROVED, evaluation__isnull=True
    ).first()
    assert task is not None
    task.status = TaskStatus.REJECTED  # an administrator's correction (a save, as every write path makes)
    task.save()
    second = close(world, year)
    assert PeriodSnapshot.objects.filter(period=year.period).count() == 2
    assert PeriodSnapshot.objects.filter(pk=first.pk).exists() and verifies(first)
    assert second.content["total"]["figures"]["approved"] == SPEC.approved - 1
    assert first.content["total"]["figures"]["approved"] == SPEC.approved
    assert second.content_hash in docx_text(download(client, "report_docx", year))


def test_a_failed_snapshot_undoes_the_close(world, year, monkeypatch):
    """The snapshot is part of closing: if it cannot be taken the period stays open."""
    from dotpha.reports import snapshots

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(snapshots, "snapshot_content", broken)
    with pytest.raises(RuntimeError):
        period_close(actor=world.users["organizer"], period=year.period)
    year.period.refresh_from_db()
    assert not year.period.is_closed
    assert not PeriodSnapshot.objects.exists()
