"""The pages drive the services: what each role sends, what it then sees, refusals shown in Vietnamese."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.monitoring.models import (
    CommuneFeedback,
    MonitoringAssignment,
    MonitoringPlan,
    MonitoringProgramme,
    Visit,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def today_text() -> str:
    return f"{timezone.localdate():%d/%m/%Y}"


def test_board_lists_gaps_first_and_filters(live_stage, client):
    stage = live_stage
    client.force_login(stage.organizer)
    # Minh leaves: Phường Hòa Bình becomes a gap and comes first
    response = client.post(
        reverse("monitoring:cadre_left", args=[stage.hoa_binh.pk]),
        {"end_date": today_text(), "end_reason": "retired"},
    )
    assert response.status_code == 302 and response.url.endswith("?status=gap")
    page = text(client.get(reverse("monitoring:board")))
    assert page.index("Phường Hòa Bình") < page.index("Xã Tân Lập")
    assert 'data-figure="cadre_left">1<' in page
    assert "nghỉ hưu, nghỉ chế độ từ" in page
    gaps = text(client.get(reverse("monitoring:board"), {"status": "gap"}))
    assert "Phường Hòa Bình" in gaps and 'data-commune="Xã Tân Lập"' not in gaps
    # a search needs no diacritics, on the commune or the cadre
    found = text(client.get(reverse("monitoring:board"), {"q": "tan lap"}))
    assert 'data-commune="Xã Tân Lập"' in found and 'data-commune="Phường Hòa Bình"' not in found
    found = text(client.get(reverse("monitoring:board"), {"q": "dang thi"}))
    assert 'data-commune="Xã Tân Lập"' in found and 'data-commune="Phường Hòa Bình"' not in found
    # on an earlier day, both were covered
    earlier = text(client.get(reverse("monitoring:board"), {"on": f"01/01/{stage.year.year}"}))
    assert 'data-figure="covered">2/2<' in earlier


def test_reassign_page_proposes_the_same_agency_and_keeps_history(live_stage, client):
    stage = live_stage
    client.force_login(stage.organizer)
    url = reverse("monitoring:assignment_reassign", args=[stage.tan_lap.pk])
    page = client.get(url)
    assert "Nguyễn Văn Hùng" in text(page)
    assert page.context["form"].initial["post"] == stage.post(stage.hung).pk
    response = client.post(
        url,
        {
            "post": stage.post(stage.hung).pk,
            "decision_number": "40-QĐ/TU",
            "decision_date": today_text(),
            "start_date": today_text(),
        },
    )
    if timezone.localdate() == stage.tan_lap.start_date:  # the first of January: the same day is refused
        assert "Cán bộ mới bắt đầu theo dõi sau ngày" in text(response)
        return
    new = MonitoringAssignment.objects.get(cadre=stage.hung)
    assert response.status_code == 302 and response.url == reverse(
        "monitoring:assignment_detail", args=[new.pk]
    )
    detail = text(client.get(response.url))
    assert "Thay cho:" in detail and "Đặng Thị Hạnh" in detail


def test_reassign_page_offers_only_the_successors_the_service_accepts(live_stage, client):
    stage = live_stage
    client.force_login(stage.organizer)
    url = reverse("monitoring:assignment_reassign", args=[stage.tan_lap.pk])
    page = client.get(url)
    options = [
        str(label) for _, group in page.context["form"].fields["post"].choices[1:] for _, label in group
    ]
    # Minh follows Phường Hòa Bình: not offered; Hùng (same agency, free) is, and proposed
    assert not any("Trần Quang Minh" in label for label in options)
    assert any("Nguyễn Văn Hùng" in label and "đề xuất" in label for label in options)
    assert 'data-figure="candidates"' in page.content.decode()
    # a crafted post of Minh's is refused on the form, which keeps what was typed; nothing changes
    response = client.post(
        url,
        {
            "post": stage.post(stage.minh).pk,
            "decision_number": "40-QĐ/TU",
            "decision_date": today_text(),
            "start_date": today_text(),
        },
    )
    assert response.status_code == 200
    assert "Cán bộ này không phân công được từ ngày bắt đầu đã nhập" in text(response)
    assert 'value="40-QĐ/TU"' in response.content.decode()
    assert MonitoringAssignment.objects.get(pk=stage.tan_lap.pk).end_date is None
    assert MonitoringAssignment.objects.count() == 2


def test_a_refusal_is_shown_on_the_form_in_vietnamese(live_stage, client):
    stage = live_stage
    client.force_login(stage.organizer)
    response = client.post(
        reverse("monitoring:assignment_create"),
        {
            "commune": stage.world.commune.pk,
            "post": stage.post(stage.hung).pk,
            "decision_number": "41-QĐ/TU",
            "decision_date": today_text(),
            "start_date": today_text(),
        },
    )
    assert response.status_code == 200
    assert "Mỗi xã chỉ một cán bộ theo dõi" in text(response)
    assert MonitoringAssignment.objects.count() == 2


def test_the_cadre_logs_a_visit_and_sends_a_plan(live_stage, client):
    stage = live_stage
    client.force_login(stage.cadre_user)
    home = text(client.get(reverse("monitoring:home")))
    assert "Xã tôi theo dõi" in home and "Xã Tân Lập" in home and "Phường Hòa Bình" not in home
    response = client.post(
        reverse("monitoring:visit_log", args=[stage.tan_lap.pk]),
        {"visit_date": today_text(), "kind": "working_visit", "content": "Làm việc về chuyển đổi số."},
    )
    assert response.status_code == 302
    assert Visit.objects.get().logged_by == stage.cadre_user
    response = client.post(
        reverse("monitoring:plan_submit", args=[stage.tan_lap.pk, stage.year.pk]),
        {"content": "Kế hoạch năm."},
    )
    assert response.status_code == 302
    plan = MonitoringPlan.objects.get()
    # once sent, the page shows it read-only
    page = text(client.get(reverse("monitoring:plan_submit", args=[stage.tan_lap.pk, stage.year.pk])))
    assert "Kế hoạch năm." in page and "<textarea" not in page
    assert plan.submitted_on == timezone.localdate()
    # a visit in the future is refused with the service's message
    response = client.post(
        reverse("monitoring:visit_log", args=[stage.tan_lap.pk]),
        {"visit_date": "01/01/2099", "kind": "working_visit", "content": "x"},
    )
    assert "không được sau hôm nay" in text(response)


def test_the_committee_sends_a_form_once_then_reads_it(live_stage, client):
    stage = live_stage
    client.force_login(stage.committee)
    url = reverse("monitoring:feedback_submit", args=[stage.tan_lap.pk, stage.year.pk])
    form_page = text(client.get(url))
    assert "Đặng Thị Hạnh" in form_page and "Hoàn thành tốt nhiệm vụ" in form_page
    response = client.post(
        url,
        {"completion_level": "good", "comments": "Thường xuyên về cơ sở.", "proposes_commendation": "on"},
    )
    feedback = CommuneFeedback.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "monitoring:feedback_detail", args=[feedback.pk]
    )
    detail = text(client.get(response.url))
    assert "Hoàn thành tốt nhiệm vụ" in detail and "Phiếu đã gửi chỉ xem" in detail
    assert 'method="post"' not in detail.split("<main")[1].split("</main>")[0]
    # the form cannot be sent again: the page sends the committee to the read-only form
    again = client.post(url, {"completion_level": "excellent", "comments": "Sửa."})
    assert again.status_code == 302
    assert CommuneFeedback.objects.get().completion_level == "good"
    listing = text(client.get(reverse("monitoring:feedback_list")))
    assert 'data-figure="progress">1/1<' in listing


def test_the_organizer_corrects_a_form_and_the_page_shows_the_audit(live_stage, client):
    stage = live_stage
    client.force_login(stage.committee)
    client.post(
        reverse("monitoring:feedback_submit", args=[stage.tan_lap.pk, stage.year.pk]),
        {"completion_level": "good", "comments": "Tốt."},
    )
    feedback = CommuneFeedback.objects.get()
    client.force_login(stage.organizer)
    url = reverse("monitoring:feedback_correct", args=[feedback.pk])
    missing_reason = client.post(url, {"completion_level": "excellent", "comments": "Tốt."})
    assert missing_reason.status_code == 200
    response = client.post(
        url, {"completion_level": "excellent", "comments": "Tốt.", "reason": "Theo phiếu giấy số 12/ĐU."}
    )
    assert response.status_code == 302
    detail = text(client.get(reverse("monitoring:feedback_detail", args=[feedback.pk])))
    assert "Hoàn thành xuất sắc nhiệm vụ" in detail and "Theo phiếu giấy số 12/ĐU." in detail
    # the correction shows what it changed, from what to what; the form as sent is kept beside it
    correction = detail.split("data-correction>")[1].split("</table>")[0]
    assert re.search(r"Mức độ hoàn thành</th><td[^>]*data-before>Hoàn thành tốt nhiệm vụ</td>", correction)
    assert re.search(r"data-after>Hoàn thành xuất sắc nhiệm vụ</td>", correction)
    original = detail.split("data-original>")[1].split("</dl>")[0]
    assert "Hoàn thành tốt nhiệm vụ" in original and "xuất sắc" not in original
    # the committee reads it, the correction included, but may not correct it
    client.force_login(stage.committee)
    assert "Theo phiếu giấy số 12/ĐU." in text(
        client.get(reverse("monitoring:feedback_detail", args=[feedback.pk]))
    )
    assert client.get(url).status_code == 403
    assert (
        client.post(url, {"completion_level": "good", "comments": "Tốt.", "reason": "x"}).status_code == 403
    )
    assert CommuneFeedback.objects.get().completion_level == "excellent"


def test_a_contradictory_form_is_refused_on_the_page_and_keeps_what_was_typed(live_stage, client):
    stage = live_stage
    client.force_login(stage.committee)
    url = reverse("monitoring:feedback_submit", args=[stage.tan_lap.pk, stage.year.pk])
    response = client.post(
        url,
        {
            "completion_level": "excellent",
            "comments": "Nhận xét dài đã gõ.",
            "requests_replacement": "on",
            "replacement_reason": "Sắp nghỉ chế độ.",
        },
    )
    assert response.status_code == 200
    page = text(response)
    assert "thì không đề nghị thay thế cán bộ theo dõi" in page
    assert "Nhận xét dài đã gõ." in page and "Sắp nghỉ chế độ." in page
    assert not CommuneFeedback.objects.exists()


def test_the_committee_confirms_a_visit_from_its_page(live_stage, client):
    stage = live_stage
    client.force_login(stage.cadre_user)
    client.post(
        reverse("monitoring:visit_log", args=[stage.tan_lap.pk]),
        {"visit_date": today_text(), "kind": "party_conference", "content": "Dự hội nghị."},
    )
    visit = Visit.objects.get()
    client.force_login(stage.committee)
    home = text(client.get(reverse("monitoring:home")))
    assert "Lượt đi cơ sở chờ xác nhận" in home and "Dự hội nghị." in home
    response = client.post(
        reverse("monitoring:visit_confirm", args=[visit.pk]), {"next": reverse("monitoring:home")}
    )
    assert response.status_code == 302 and response.url == reverse("monitoring:home")
    visit.refresh_from_db()
    assert visit.confirmed_by == stage.committee
    # an outside "next" is not followed
    again = client.post(
        reverse("monitoring:visit_confirm", args=[visit.pk]), {"next": "https://example.com/"}
    )
    assert again.url == reverse("monitoring:commune_detail", args=[stage.world.commune.pk])


def test_lists_filter_by_state(live_stage, client):
    stage = live_stage
    client.force_login(stage.organizer)
    plans = text(client.get(reverse("monitoring:plan_list"), {"year": stage.year.pk}))
    assert "2 kế hoạch" in plans
    reports = text(
        client.get(reverse("monitoring:report_list"), {"year": stage.year.pk, "status": "on_time"})
    )
    assert "0 báo cáo" in reports
    assignments = text(client.get(reverse("monitoring:assignment_list"), {"q": "hoa binh"}))
    assert "Phường Hòa Bình" in assignments and "Xã Tân Lập" not in assignments
    summary = text(client.get(reverse("monitoring:summary")))
    assert "Sở Nội vụ" in summary and "Sở Tài chính" in summary
    assert 'data-figure="forms">0/2<' in summary


def test_a_form_sent_after_the_deadline_is_marked_late(live_stage, client):
    stage = live_stage
    client.force_login(stage.committee)
    client.post(
        reverse("monitoring:feedback_submit", args=[stage.tan_lap.pk, stage.year.pk]),
        {"completion_level": "good", "comments": "Tốt."},
    )
    feedback = CommuneFeedback.objects.get()
    listing = text(client.get(reverse("monitoring:feedback_list")))
    assert "gửi muộn" not in listing
    # the deadline moved before the day it was sent
    stage.year.form_deadline = feedback.submitted_on - datetime.timedelta(days=3)
    stage.year.save()
    sent = feedback.submitted_on.strftime("%d/%m/%Y")
    assert f"gửi muộn ({sent})" in text(client.get(reverse("monitoring:feedback_list")))
    deadline = stage.year.form_deadline.strftime("%d/%m/%Y")
    detail = text(client.get(reverse("monitoring:feedback_detail", args=[feedback.pk])))
    assert f"gửi muộn, hạn {deadline}" in detail


def test_the_organizer_opens_next_year_with_its_reports(live_stage, client):
    stage = live_stage
    next_year = stage.year.year + 1
    client.force_login(stage.organizer)
    assert reverse("monitoring:year_create") in text(client.get(reverse("monitoring:home")))
    page = client.get(reverse("monitoring:year_create"))
    form = page.context["form"]
    # proposed: the year after the latest, the same deadlines a year later
    assert (form.initial["year"], form.initial["plan_deadline"], form.initial["form_deadline"]) == (
        next_year,
        datetime.date(next_year, 1, 31),
        datetime.date(next_year, 12, 31),
    )
    data = {
        "programme": stage.programme.pk,
        "year": next_year,
        "plan_deadline": f"15/02/{next_year}",
        "form_deadline": f"20/12/{next_year}",
    }
    response = client.post(reverse("monitoring:year_create"), data, follow=True)
    assert f"Đã mở năm theo dõi {next_year}." in text(response)
    opened = stage.programme.years.get(year=next_year)
    assert (opened.plan_deadline, opened.form_deadline) == (
        datetime.date(next_year, 2, 15),
        datetime.date(next_year, 12, 20),
    )
    assert [(p.name, p.due_date) for p in opened.report_periods.order_by("due_date")] == [
        ("Báo cáo 6 tháng đầu năm", datetime.date(next_year, 6, 20)),
        ("Báo cáo kết quả theo dõi năm", datetime.date(next_year, 12, 20)),
    ]
    assert opened.history.get().history_user == stage.organizer


def test_a_year_opened_twice_is_refused_and_the_form_keeps_what_was_typed(live_stage, client):
    stage = live_stage
    client.force_login(stage.organizer)
    data = {
        "programme": stage.programme.pk,
        "year": stage.year.year,
        "plan_deadline": f"15/02/{stage.year.year}",
        "form_deadline": f"20/12/{stage.year.year}",
    }
    response = client.post(reverse("monitoring:year_create"), data)
    assert response.status_code == 200
    assert f"Năm {stage.year.year} của {stage.programme} đã có." in text(response)
    assert f'value="15/02/{stage.year.year}"' in text(response)
    assert stage.programme.years.count() == 1


def test_only_organizers_see_the_button_to_open_a_year(live_stage, client):
    for user in (live_stage.cadre_user, live_stage.committee):
        client.force_login(user)
        assert reverse("monitoring:year_create") not in text(client.get(reverse("monitoring:home")))


def test_the_organizer_records_a_regulation_then_opens_its_first_year(world, client):
    organizer = world.users["organizer"]
    client.force_login(organizer)
    home = text(client.get(reverse("monitoring:home")))
    assert "Chưa có năm theo dõi nào" in home and reverse("monitoring:programme_create") in home
    data = {
        "number": "26-QĐ/TU",
        "document_kind": "regulation",
        "title": "Quy định cán bộ lãnh đạo sở, ngành theo dõi xã, phường",
        "issued_on": "14/12/2022",
        "issuing_unit": world.standing.pk,
        "scope_unit": world.province.pk,
        "plan_days_after_assignment": "20",
    }
    response = client.post(reverse("monitoring:programme_create"), data)
    assert response.status_code == 302 and response.url == reverse("monitoring:year_create")
    programme = MonitoringProgramme.objects.get(number="26-QĐ/TU")
    assert (programme.issued_on, programme.scope_unit, programme.plan_days_after_assignment) == (
        datetime.date(2022, 12, 14),
        world.province,
        20,
    )
    assert programme.history.get().history_user == organizer
    page = client.get(reverse("monitoring:year_create"))
    assert page.context["form"].initial["programme"] == programme.pk


def test_a_regulation_without_a_number_is_not_recorded_and_keeps_what_was_typed(world, client):
    client.force_login(world.users["organizer"])
    data = {
        "number": "  ",
        "document_kind": "regulation",
        "title": "Quy định theo dõi xã",
        "issued_on": "14/12/2022",
        "issuing_unit": world.standing.pk,
        "scope_unit": world.province.pk,
        "plan_days_after_assignment": "30",
    }
    response = client.post(reverse("monitoring:programme_create"), data)
    assert response.status_code == 200
    assert 'value="Quy định theo dõi xã"' in text(response)
    assert 'value="14/12/2022"' in text(response)
    assert "Trường này là bắt buộc." in text(response)
    assert not MonitoringProgramme.objects.exists()


def test_a_year_out_of_range_is_refused_on_the_form(live_stage, client):
    client.force_login(live_stage.organizer)
    data = {
        "programme": live_stage.programme.pk,
        "year": "10000",
        "plan_deadline": "15/02/2027",
        "form_deadline": "20/12/2027",
    }
    response = client.post(reverse("monitoring:year_create"), data)
    assert response.status_code == 200
    assert 'value="10000"' in text(response)
    assert live_stage.programme.years.count() == 1
