"""The daily digest: the inbox's groups and counts by e-mail, only when something waits, once a day, never
to someone who turned it off, in the person's language, at a fixed cost per person."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from dotpha.core.inbox import inbox
from dotpha.notifications.digest import send_daily_digests
from dotpha.notifications.models import DigestSent
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.services import obstacle_raise
from dotpha.tasks.tests.conftest import stage  # noqa: F401  # the tasks' fixture

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def addressed(stage):  # noqa: F811
    """Every account of the stage has an address (the cadres' own are left empty)."""
    for key, user in stage.world.users.items():
        user.email = f"{key}@dotpha.test"
        user.save()
        if user.cadre:
            user.cadre.email = ""
            user.cadre.save()
    return stage


def waiting(stage, n: int) -> None:  # noqa: F811
    for _ in range(n):
        stage.make_task(status=TaskStatus.SUBMITTED)
        approved = stage.make_task(status=TaskStatus.APPROVED, deadline=datetime.date(2024, 11, 30))
        obstacle_raise(actor=stage.cadre, task=approved, content="Thiếu kinh phí.", proposal="Tạm ứng.")


def mail_to(address: str) -> list:
    return [m for m in mail.outbox if m.to == [address]]


def test_the_digest_lists_the_inbox_as_the_home_page_groups_and_counts_it(addressed, settings):
    settings.DOTPHA_SITE_URL = "https://dotpha.test"
    waiting(addressed, 2)
    mail.outbox.clear()
    summary = send_daily_digests(today=TODAY)

    (message,) = mail_to("approver@dotpha.test")
    sections = [s for s in inbox(addressed.approver, TODAY) if s.lines]
    assert sections  # the same registry the home page shows
    total = sum(line.count for s in sections for line in s.lines)
    assert total == 6  # 2 to approve, 2 obstacles, 2 approved tasks of the ended 2024 to grade
    assert message.subject == "[Đột phá] Việc cần làm ngày 03/12/2026: 6 việc chờ"
    for section in sections:
        assert section.label in message.body
        for line in section.lines:
            assert f"- {line.label}: {line.count}\n    https://dotpha.test{line.url}" in message.body
    assert "- Việc chờ phê duyệt: 2" in message.body
    assert "- Khó khăn, vướng mắc chờ trả lời: 2" in message.body
    assert "https://dotpha.test/my-account/" in message.body  # where to turn it off
    # the cadre's own tasks wait on her too (the overdue ones)
    assert len(mail_to("cadre@dotpha.test")) == 1
    sent = DigestSent.objects.get(recipient=addressed.approver, day=TODAY)
    assert sent.waiting == 6
    assert summary.sent == DigestSent.objects.filter(day=TODAY).count() == len(mail.outbox)


def test_nothing_is_sent_to_whom_nothing_waits(addressed):
    send_daily_digests(today=TODAY)
    # nothing at all waits in an empty stage for the approver, and the account without a role has nothing
    assert mail_to("approver@dotpha.test") == []
    assert mail_to("nobody@dotpha.test") == []
    assert not DigestSent.objects.filter(recipient__in=[addressed.approver, addressed.nobody]).exists()


def test_a_person_who_turned_it_off_or_has_no_address_gets_none(addressed):
    waiting(addressed, 1)
    addressed.approver.digest_enabled = False
    addressed.approver.save()
    addressed.cadre.email = ""
    addressed.cadre.save()
    mail.outbox.clear()
    send_daily_digests(today=TODAY)
    assert mail_to("approver@dotpha.test") == [] and mail_to("cadre@dotpha.test") == []
    assert not DigestSent.objects.filter(recipient__in=[addressed.approver, addressed.cadre]).exists()


def test_it_is_sent_once_a_day(addressed):
    waiting(addressed, 1)
    mail.outbox.clear()
    first = send_daily_digests(today=TODAY).sent
    assert first >= 1 and len(mail.outbox) == first
    # the worker retried, or cron and the worker both ran: nothing more
    assert send_daily_digests(today=TODAY).sent == 0
    assert len(mail.outbox) == first
    assert DigestSent.objects.filter(recipient=addressed.approver).count() == 1
    # the next morning it comes again, since the work still waits
    send_daily_digests(today=TODAY + datetime.timedelta(days=1))
    assert len(mail_to("approver@dotpha.test")) == 2


def test_it_is_written_in_the_persons_language(addressed):
    waiting(addressed, 1)
    addressed.approver.language = "en"
    addressed.approver.save()
    mail.outbox.clear()
    send_daily_digests(today=TODAY)
    (message,) = mail_to("approver@dotpha.test")
    with translation.override("en"):
        english = [s.label for s in inbox(addressed.approver, TODAY) if s.lines]
    with translation.override("vi"):
        vietnamese = [s.label for s in inbox(addressed.approver, TODAY) if s.lines]
    assert english != vietnamese
    assert all(label in message.body for label in english)
    assert not any(label in message.body for label in vietnamese)
    # the others, who chose nothing, in Vietnamese
    (cadre_mail,) = mail_to("cadre@dotpha.test")
    assert "Việc cần làm ngày" in cadre_mail.subject


def _digest_queries(today: datetime.date) -> int:
    with CaptureQueriesContext(connection) as queries:
        send_daily_digests(today=today)
    return len(queries)


def test_the_digest_costs_the_same_queries_at_two_sizes(addressed):
    waiting(addressed, 1)
    addressed.make_task(status=TaskStatus.RETURNED)
    small = _digest_queries(TODAY)
    sent_small = DigestSent.objects.filter(day=TODAY).count()
    waiting(addressed, 6)
    for _ in range(6):
        addressed.make_task(status=TaskStatus.RETURNED)
    tomorrow = TODAY + datetime.timedelta(days=1)
    assert _digest_queries(tomorrow) == small
    assert DigestSent.objects.filter(day=tomorrow).count() == sent_small


def test_the_daily_job_sends_the_digest(addressed):
    from dotpha.notifications.tasks import daily_reminders

    waiting(addressed, 1)
    mail.outbox.clear()
    result = daily_reminders.call()
    assert result["digests"] >= 1
    assert DigestSent.objects.filter(recipient=addressed.approver, day=timezone.localdate()).exists()


def test_the_html_part_holds_the_same_lines_as_links_with_peoples_words_escaped(addressed, settings):
    settings.DOTPHA_SITE_URL = "https://dotpha.test"
    addressed.approver.first_name = "<b>Lan</b>"
    addressed.approver.save()
    waiting(addressed, 2)
    mail.outbox.clear()
    send_daily_digests(today=TODAY)
    (message,) = mail_to("approver@dotpha.test")
    ((html, kind),) = message.alternatives
    assert kind == "text/html"
    for section in inbox(addressed.approver, TODAY):
        for line in section.lines:
            assert f'<a href="https://dotpha.test{line.url.replace("&", "&amp;")}"' in html
    assert "Việc chờ phê duyệt</a></td>" in html
    assert "<b>Lan</b>" not in html and "&lt;b&gt;Lan&lt;/b&gt;" in html
    assert 'href="https://dotpha.test/my-account/"' in html
    assert "<script" not in html and "http://" not in html  # nothing fetched from elsewhere


def test_tasks_given_by_an_imported_list_show_in_the_digest_as_one_line(
    addressed, django_capture_on_commit_callbacks
):
    """Someone given many tasks at once by an import is told once (one notification for the batch), and
    the next morning's digest lists that line, even when nothing of theirs waits yet."""
    from dotpha.programmes.tests.factories import DecisionFactory
    from dotpha.tasks.services import AssignItem, open_assignment, task_assign_many

    desk = addressed
    decision = DecisionFactory.create(
        programme=desk.programme,
        period=desk.period,
        number="160-QĐ/TU",
        issuing_unit=desk.world.standing,
        created_by=desk.approver,
        signed_on=datetime.date(2024, 4, 10),
    )
    hanh = desk.cadre.cadre
    items = [
        AssignItem(
            title=f"Việc giao theo danh sách số {i}",
            description="Nội dung, giải pháp.",
            start_date=datetime.date(2024, 4, 10),
            deadline=datetime.date(2024, 12, 31),
            assignee_cadre=hanh,
            deliverable="Báo cáo",
        )
        for i in range(37)
    ]
    assignment = open_assignment(
        desk.approver, programme=desk.programme, period=desk.period, decision=decision
    )
    with django_capture_on_commit_callbacks(execute=True):
        task_assign_many(
            actor=desk.approver, assignment=assignment, items=items, today=datetime.date(2024, 4, 10)
        )
    today = timezone.localdate()

    assert len(mail_to("cadre@dotpha.test")) == 1  # one mail for the 37 tasks
    send_daily_digests(today=today)

    told, message = mail_to("cadre@dotpha.test")  # the notification's own mail, then the digest
    assert told.body.startswith("Bạn được giao 37 việc theo Quyết định số 160-QĐ/TU.")
    text = message.body
    assert "Thông báo mới" in text
    assert text.count("Bạn được giao") == 1
    assert "Bạn được giao 37 việc theo Quyết định số 160-QĐ/TU." in text
    assert "Bạn được giao 37 việc theo Quyết định số 160-QĐ/TU." in message.alternatives[0][0]
