"""Organizer pages of programmes and periods: list, create a programme, add a period, close a period."""

import datetime

import pytest
from django.urls import reverse

from dotpha.programmes.models import Period, Programme
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_list_shows_programmes_and_their_periods(web, client):
    client.force_login(web.cadre)
    response = client.get(reverse("programmes:list"))
    assert response.status_code == 200
    assert "30-QĐ/TU" in response.text
    assert "Đang mở" in response.text
    assert reverse("programmes:create") not in response.text
    assert reverse("programmes:period_close", args=[web.period.pk]) not in response.text
    client.force_login(web.organizer)
    response = client.get(reverse("programmes:list"))
    assert reverse("programmes:create") in response.text
    assert reverse("programmes:period_close", args=[web.period.pk]) in response.text


def programme_data(web, **changes) -> dict:
    data = {
        "number": "05-KH/TU",
        "document_kind": "plan",
        "title": "Kế hoạch thực hiện việc khó, nhiệm vụ trọng tâm",
        "issued_on": "05/08/2026",
        "issuing_unit": web.world.standing.pk,
        "task_kinds": ["difficult", "key"],
        "min_tasks_per_assignee": "1",
        "max_tasks_per_assignee": "5",
        "registration_opens": "01/09/2026",
        "registration_closes": "30/09/2026",
        "report_cadence": "weekly",
        "grades": ["excellent", "good", "completed", "not_completed"],
    }
    data.update(changes)
    return data


def test_an_organizer_creates_a_programme(web, client):
    client.force_login(web.organizer)
    assert client.get(reverse("programmes:create")).status_code == 200
    response = client.post(reverse("programmes:create"), programme_data(web))
    assert response.status_code == 302
    programme = Programme.objects.get(number="05-KH/TU")
    assert programme.issued_on == datetime.date(2026, 8, 5)
    assert programme.task_kinds == ["difficult", "key"]
    assert programme.report_cadence == "weekly"


def test_a_programme_with_min_above_max_is_refused_in_vietnamese(web, client):
    client.force_login(web.organizer)
    response = client.post(
        reverse("programmes:create"),
        programme_data(web, min_tasks_per_assignee="6", max_tasks_per_assignee="5"),
    )
    assert response.status_code == 200
    assert "Số việc tối thiểu phải từ 1 và không lớn hơn số việc tối đa." in response.text
    assert not Programme.objects.filter(number="05-KH/TU").exists()


def test_only_organizers_create_programmes(web, client):
    for user in (web.cadre, web.approver, web.inspector, web.nobody):
        client.force_login(user)
        assert client.get(reverse("programmes:create")).status_code == 403


def test_an_organizer_adds_a_period_and_a_duplicate_is_refused(web, client):
    client.force_login(web.organizer)
    url = reverse("programmes:period_create", args=[web.programme.pk])
    assert client.get(url).status_code == 200
    data = {"name": "2021–2025", "kind": "phase", "start_date": "01/01/2021", "end_date": "31/12/2025"}
    assert client.post(url, data).status_code == 302
    assert Period.objects.get(name="2021–2025").end_date == datetime.date(2025, 12, 31)
    response = client.post(url, data)
    assert "Chương trình đã có kỳ “2021–2025”." in response.text
    assert Period.objects.filter(name="2021–2025").count() == 1


def test_a_period_page_is_forbidden_to_others_and_hidden_from_strangers(web, client):
    url = reverse("programmes:period_create", args=[web.programme.pk])
    client.force_login(web.approver)
    assert client.get(url).status_code == 403
    client.force_login(web.nobody)
    assert client.get(url).status_code == 404


def test_closing_a_period(web, client):
    client.force_login(web.approver)
    assert client.post(reverse("programmes:period_close", args=[web.period.pk])).status_code == 403
    web.period.refresh_from_db()
    assert not web.period.is_closed
    client.force_login(web.organizer)
    response = client.post(reverse("programmes:period_close", args=[web.period.pk]), follow=True)
    web.period.refresh_from_db()
    assert web.period.is_closed
    assert f"Đã khóa kỳ Năm {web.period.name}." in response.text
    response = client.post(reverse("programmes:period_close", args=[web.period.pk]), follow=True)
    assert f"Kỳ {web.period.name} đã khóa." in response.text


def test_an_organizer_edits_a_programme_and_the_change_is_audited(web, client):
    client.force_login(web.organizer)
    url = reverse("programmes:edit", args=[web.programme.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="30-QĐ/TU"' in page.text
    assert "Đơn vị ban hành: Ban Thường vụ Tỉnh ủy" in page.text
    # the choices are a list of labelled checkboxes, the programme's own ticked
    assert '<legend class="form-label fs-6 mb-1">Thang đánh giá</legend>' in page.text
    assert 'class="form-check-label" for="id_grades_0">Hoàn thành xuất sắc</label>' in page.text
    assert page.text.count('name="grades"') == 4
    data = programme_data(web, number="30-QĐ/TU", registration_closes="15/10/2026")
    del data["issuing_unit"]
    response = client.post(url, data, follow=True)
    assert "Đã lưu chương trình" in response.text
    web.programme.refresh_from_db()
    assert web.programme.registration_closes == datetime.date(2026, 10, 15)
    assert web.programme.report_cadence == "weekly"
    assert web.programme.issuing_unit == web.world.standing
    latest = web.programme.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", web.organizer)


def test_a_refused_edit_keeps_what_was_typed_and_changes_nothing(web, client):
    client.force_login(web.organizer)
    before = Programme.objects.get(pk=web.programme.pk)
    data = programme_data(web, title="Trích yếu mới", min_tasks_per_assignee="4", max_tasks_per_assignee="2")
    response = client.post(reverse("programmes:edit", args=[web.programme.pk]), data)
    assert response.status_code == 200
    assert "Số việc tối thiểu phải từ 1 và không lớn hơn số việc tối đa." in response.text
    assert 'value="Trích yếu mới"' in response.text
    after = Programme.objects.get(pk=web.programme.pk)
    assert (after.title, after.min_tasks_per_assignee) == (before.title, before.min_tasks_per_assignee)
    assert after.history.count() == before.history.count()


def test_only_the_programmes_organizers_edit_it(web, client):
    url = reverse("programmes:edit", args=[web.programme.pk])
    for user in (web.cadre, web.approver, web.inspector):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, programme_data(web)).status_code == 403
    client.force_login(web.nobody)
    assert client.get(url).status_code == 404
    assert Programme.objects.get(pk=web.programme.pk).number == "30-QĐ/TU"
    client.force_login(web.cadre)
    assert url not in client.get(reverse("programmes:list")).text
    client.force_login(web.organizer)
    assert url in client.get(reverse("programmes:list")).text


def test_reopening_a_closed_period_needs_a_reason_kept_in_its_history(web, client):
    client.force_login(web.organizer)
    client.post(reverse("programmes:period_close", args=[web.period.pk]))
    url = reverse("programmes:period_reopen", args=[web.period.pk])
    assert url in client.get(reverse("programmes:list")).text
    response = client.post(url, {"reason": "  "})
    assert response.status_code == 200
    assert "Nêu lý do mở lại kỳ đã khóa." in response.text
    web.period.refresh_from_db()
    assert web.period.is_closed

    reason = "Bổ sung kết quả đánh giá theo Kết luận 12-KL/TU"
    response = client.post(url, {"reason": reason}, follow=True)
    assert f"Đã mở lại kỳ Năm {web.period.name}." in response.text
    web.period.refresh_from_db()
    assert not web.period.is_closed
    latest = web.period.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (web.organizer, reason)
    response = client.post(url, {"reason": reason}, follow=True)
    assert f"Kỳ {web.period.name} chưa khóa." in response.text


def test_only_the_programmes_organizers_reopen_a_period(web, client):
    client.force_login(web.organizer)
    client.post(reverse("programmes:period_close", args=[web.period.pk]))
    url = reverse("programmes:period_reopen", args=[web.period.pk])
    for user in (web.cadre, web.approver, web.inspector):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"reason": "Mở lại"}).status_code == 403
    client.force_login(web.nobody)
    assert client.post(url, {"reason": "Mở lại"}).status_code == 404
    web.period.refresh_from_db()
    assert web.period.is_closed
