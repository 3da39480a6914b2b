"""nhập thay on the pages: who may open the grants page, the assistant's pages and the leader's drafts, and
what each page shows ("do X nhập thay Y", the refusal of an ended grant, the confirmation on the task)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.models import Role
from dotpha.audit.selectors import LogFilter, log_page
from dotpha.org.tests.factories import make_user
from dotpha.tasks.models import (
    AssistantGrant,
    EntryStatus,
    Evaluation,
    OnBehalfEntry,
    ProgressReport,
    Task,
    TaskStatus,
)
from dotpha.tasks.services import (
    assistant_grant_create,
    assistant_grant_end,
    on_behalf_confirm,
    on_behalf_report,
)
from dotpha.tasks.tests.factories import TargetFactory
from dotpha.tasks.tests.test_views_registration import registration
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def assistant(stage):
    return make_user("troly", Role.CADRE, stage.world.board)


@pytest.fixture
def grant(stage, assistant):
    today = timezone.localdate()
    return assistant_grant_create(
        actor=stage.organizer,
        leader=stage.cadre,
        assistant=assistant,
        valid_from=today,
        valid_to=today + datetime.timedelta(days=30),
    )


@pytest.fixture
def task(stage):
    # a period that covers today, so the leader's report is dated inside it
    return stage.make_task(status=TaskStatus.APPROVED, title="Số hóa hồ sơ cán bộ của Sở")


@pytest.fixture
def entry(stage, assistant, grant, task):
    return on_behalf_report(
        actor=assistant, grant=grant, task=task, percent_done=35, narrative="Đã số hóa 420 hồ sơ."
    )


def test_the_organizer_grants_on_the_page(stage, assistant, client):
    client.force_login(stage.organizer)
    url = reverse("tasks:assistant_grants")
    assert client.get(url).status_code == 200
    today = timezone.localdate()
    response = client.post(
        url,
        {
            "leader": "canbo",
            "assistant": "troly",
            "valid_from": f"{today:%d/%m/%Y}",
            "valid_to": f"{today + datetime.timedelta(days=10):%d/%m/%Y}",
        },
        follow=True,
    )
    assert "Đã giao quyền nhập thay" in response.content.decode()
    grant = AssistantGrant.objects.get()
    assert (grant.leader, grant.assistant, grant.granted_by) == (stage.cadre, assistant, stage.organizer)
    # an unknown account is refused on the form, nothing made
    response = client.post(url, {"leader": "khongco", "assistant": "troly", "valid_from": "", "valid_to": ""})
    assert "Không có tài khoản “khongco”." in response.content.decode()
    assert AssistantGrant.objects.count() == 1
    # and the organizer ends it
    client.post(reverse("tasks:assistant_grant_end", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.ended_by == stage.organizer


@pytest.mark.parametrize("who", ["approver", "unit_manager", "cadre", "commune", "inspector", "nobody"])
def test_only_organizers_open_the_grants_page(stage, grant, client, who):
    client.force_login(getattr(stage, who))
    assert client.get(reverse("tasks:assistant_grants")).status_code == 403
    assert client.post(reverse("tasks:assistant_grant_end", args=[grant.pk])).status_code == 404
    grant.refresh_from_db()
    assert grant.ended_at is None


def test_the_assistant_sees_the_leaders_tasks_and_drafts_a_report(stage, assistant, grant, task, client):
    other = stage.make_task(
        status=TaskStatus.APPROVED,
        cadre=stage.unit_manager.cadre,
        author=stage.unit_manager,
        title="Việc của giám đốc",
    )
    client.force_login(assistant)
    page = client.get(reverse("tasks:on_behalf_leader", args=[grant.pk])).content.decode()
    assert task.title in page and other.title not in page
    # the other cadre's task is not reachable through the grant
    assert client.get(reverse("tasks:on_behalf_report", args=[grant.pk, other.pk])).status_code == 404
    # nor the task's own page: the assistant sees no more than before
    assert client.get(reverse("tasks:detail", args=[task.pk])).status_code == 404
    url = reverse("tasks:on_behalf_report", args=[grant.pk, task.pk])
    response = client.post(url, {"percent_done": "35", "narrative": "Đã số hóa 420 hồ sơ."}, follow=True)
    assert "chỉ có hiệu lực khi" in response.content.decode()
    entry = OnBehalfEntry.objects.get()
    assert (entry.entered_by, entry.leader, entry.status) == (assistant, stage.cadre, EntryStatus.PENDING)
    assert not ProgressReport.objects.exists()


def test_an_ended_grant_refuses_with_a_clear_message(stage, assistant, grant, task, client):
    assistant_grant_end(actor=stage.organizer, grant=grant)
    client.force_login(assistant)
    for url in (
        reverse("tasks:on_behalf_leader", args=[grant.pk]),
        reverse("tasks:on_behalf_report", args=[grant.pk, task.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "Quyền nhập thay cho Đặng Thị Hạnh đã bị chấm dứt" in response.content.decode()
    response = client.post(
        reverse("tasks:on_behalf_report", args=[grant.pk, task.pk]), {"percent_done": "5", "narrative": "x"}
    )
    assert response.status_code == 403 and not OnBehalfEntry.objects.exists()


@pytest.mark.parametrize("who", ["organizer", "approver", "unit_manager", "cadre", "nobody"])
def test_others_cannot_use_the_assistants_pages(stage, grant, task, client, who):
    client.force_login(getattr(stage, who))
    assert client.get(reverse("tasks:on_behalf")).status_code == 403
    assert client.get(reverse("tasks:on_behalf_leader", args=[grant.pk])).status_code == 404
    response = client.post(
        reverse("tasks:on_behalf_report", args=[grant.pk, task.pk]), {"percent_done": "5", "narrative": "x"}
    )
    assert response.status_code == 404 and not OnBehalfEntry.objects.exists()


def test_the_leader_confirms_and_the_task_says_who_entered_it(stage, assistant, entry, task, client):
    client.force_login(stage.cadre)
    home = client.get(reverse("home")).content.decode()
    assert "Nội dung nhập thay chờ bạn xác nhận" in home
    page = client.get(reverse("tasks:entries")).content.decode()
    assert "Do troly nhập thay Đặng Thị Hạnh" in page and "Đã số hóa 420 hồ sơ." in page
    # before confirming, the task shows no report
    detail = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Chưa có báo cáo tiến độ." in detail and "data-on-behalf-waiting" in detail
    response = client.post(reverse("tasks:entry_confirm", args=[entry.pk]), follow=True)
    detail = response.content.decode()
    report = ProgressReport.objects.get()
    assert report.author == stage.cadre and report.percent_done == 35
    assert "Nhập thay bởi troly, xác nhận bởi Đặng Thị Hạnh lúc" in detail
    assert detail.count("data-on-behalf>") >= 2  # on the report and on the timeline


@pytest.mark.parametrize("who", ["organizer", "approver", "unit_manager", "nobody"])
def test_no_one_else_confirms_or_discards(stage, entry, client, who):
    client.force_login(getattr(stage, who))
    assert client.post(reverse("tasks:entry_confirm", args=[entry.pk])).status_code == 404
    assert client.post(reverse("tasks:entry_discard", args=[entry.pk])).status_code == 404
    assert "Đã số hóa 420" not in client.get(reverse("tasks:entries")).content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.PENDING


def test_the_assistant_cannot_confirm_but_may_withdraw(assistant, entry, client):
    client.force_login(assistant)
    response = client.post(reverse("tasks:entry_confirm", args=[entry.pk]))
    assert response.status_code == 403 and not ProgressReport.objects.exists()
    client.post(reverse("tasks:entry_discard", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DISCARDED


def test_the_leader_discards(stage, entry, client):
    client.force_login(stage.cadre)
    client.post(reverse("tasks:entry_discard", args=[entry.pk]))
    entry.refresh_from_db()
    assert entry.status == EntryStatus.DISCARDED and not ProgressReport.objects.exists()
    assert (
        "Không có nội dung nhập thay nào chờ bạn xác nhận."
        in client.get(reverse("tasks:entries")).content.decode()
    )


def test_a_registration_drafted_on_the_leaders_form_goes_to_the_approver_once_confirmed(
    stage, web, assistant, grant, client
):
    # the leader's own form, as she sees it: her programmes, herself as the assignee
    client.force_login(assistant)
    url = reverse("tasks:on_behalf_register", args=[grant.pk])
    page = client.get(url).content.decode()
    assert "Đặng Thị Hạnh (cá nhân)" in page and "30-QĐ/TU" in page
    response = client.post(url, registration(web), follow=True)
    assert "Đã lưu nội dung nhập thay" in response.content.decode()
    assert not Task.objects.exists()
    # the leader confirms: the task is hers, sent for approval, and its page says who entered it
    client.force_login(stage.cadre)
    page = client.get(reverse("tasks:entries")).content.decode()
    assert "Số hóa 100% hồ sơ đảng viên" in page and "Xong khối cơ quan" in page
    entry = OnBehalfEntry.objects.get()
    detail = client.post(reverse("tasks:entry_confirm", args=[entry.pk]), follow=True).content.decode()
    task = Task.objects.get()
    assert (task.status, task.author) == (TaskStatus.SUBMITTED, stage.cadre)
    assert "Đăng ký việc: Nhập thay bởi troly, xác nhận bởi Đặng Thị Hạnh lúc" in detail


def test_an_incomplete_registration_is_refused_to_the_assistant_keeping_what_was_typed(
    web, assistant, grant, client
):
    client.force_login(assistant)
    response = client.post(
        reverse("tasks:on_behalf_register", args=[grant.pk]), registration(web, description="")
    )
    assert response.status_code == 200
    assert "Việc chưa đủ “5 rõ”, còn thiếu: nội dung, giải pháp." in response.content.decode()
    assert 'value="Số hóa 100% hồ sơ đảng viên"' in response.content.decode()
    assert not OnBehalfEntry.objects.exists() and not Task.objects.exists()


def test_a_self_assessment_confirmed_reads_as_entered_on_behalf_until_the_leader_redoes_it(
    stage, assistant, grant, task, client
):
    client.force_login(assistant)
    url = reverse("tasks:on_behalf_self_assessment", args=[grant.pk, task.pk])
    client.post(url, {"self_grade": "good", "self_assessment": "Hoàn thành đúng kế hoạch."})
    entry = OnBehalfEntry.objects.get()
    client.force_login(stage.cadre)
    detail = client.post(reverse("tasks:entry_confirm", args=[entry.pk]), follow=True).content.decode()
    assert Evaluation.objects.get(task=task).self_grade == "good"
    assert detail.count("Nhập thay bởi troly") == 2  # the evaluation block and the timeline
    # her own self-assessment afterwards is hers alone
    version = Task.objects.get(pk=task.pk).version
    client.post(
        reverse("tasks:self_assess", args=[task.pk]),
        {"self_grade": "excellent", "self_assessment": "Vượt kế hoạch.", "version": version},
    )
    detail = client.get(reverse("tasks:detail", args=[task.pk])).content.decode()
    assert "Vượt kế hoạch." in detail and detail.count("Nhập thay bởi troly") == 1  # the timeline only


def test_a_figures_warning_is_shown_to_the_leader_who_ticks_it(stage, assistant, grant, task, client):
    houses = TargetFactory.create(task=task, target_value=1200)
    entry = on_behalf_report(
        actor=assistant,
        grant=grant,
        task=task,
        percent_done=100,
        narrative="Hoàn thành.",
        target_values={houses.pk: 100},
    )
    client.force_login(stage.cadre)
    response = client.post(reverse("tasks:entry_confirm", args=[entry.pk]))
    assert 'id="contradiction"' in response.content.decode() and not ProgressReport.objects.exists()
    client.post(reverse("tasks:entry_confirm", args=[entry.pk]), {"confirmed": "on"})
    assert ProgressReport.objects.get().confirmed_warning


def test_the_change_log_shows_who_entered_and_who_confirmed(stage, assistant, entry):
    on_behalf_confirm(actor=stage.cadre, entry=entry)
    rows = log_page(stage.organizer, LogFilter(kind="tasks.onbehalfentry")).entries
    assert [(row.action_code, row.user) for row in rows] == [("~", "Đặng Thị Hạnh (canbo)"), ("+", "troly")]
    grants = log_page(stage.organizer, LogFilter(kind="tasks.assistantgrant")).entries
    assert [(row.action_code, row.user) for row in grants] == [("+", "Hoàng Minh Tâm (tochuc)")]


def test_the_assistants_home_page_group_follows_the_grant(stage, assistant, grant, entry, client):
    client.force_login(assistant)
    home = client.get(reverse("home")).content.decode()
    assert "Nhập thay lãnh đạo" in home
    assert "Lãnh đạo bạn được nhập thay" in home
    assert "Nội dung bạn nhập thay đang chờ lãnh đạo xác nhận" in home
    assistant_grant_end(actor=stage.organizer, grant=grant)
    home = client.get(reverse("home")).content.decode()
    assert "Nhập thay lãnh đạo" not in home
