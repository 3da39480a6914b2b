"""The demo's recycled task: canbo (Sở Nội vụ) registered "Chuyển đổi số 100% hồ sơ thủ tục hành chính …"
for 2025 and again for 2026. Sent for approval, the 2026 one shows the approver (thuongtruc) the 2025 one
first among its look-alikes."""

import re

from django.urls import reverse

from dotpha.accounts.models import User
from dotpha.programmes.models import RoutineDuty
from dotpha.tasks.models import Task, TaskStatus

TITLE = "Chuyển đổi số 100% hồ sơ thủ tục hành chính thuộc thẩm quyền giải quyết của Sở Nội vụ"


def test_the_2026_task_shows_the_2025_one_to_the_approver(demo, client):
    canbo = User.objects.get(username="canbo")
    tasks = Task.objects.filter(assignee_cadre_id=canbo.cadre_id, title=TITLE)
    earlier = tasks.get(period__name="2025")
    again = tasks.get(period__name="2026")
    # the demo approved it; put it back in the queue, as it stood before the approval
    Task.objects.filter(pk=again.pk).update(status=TaskStatus.SUBMITTED, decision=None, approved_on=None)
    client.force_login(User.objects.get(username="thuongtruc"))
    page = client.get(reverse("tasks:approvals")).text
    row = re.search(rf'<tr data-task="{again.pk}">(.*?)</tr>', page, re.S)
    assert row, "the 2026 task is not in the approver's queue"
    shown = re.findall(r'data-lookalike="(\d+)"', row.group(1))
    assert shown[0] == str(earlier.pk)
    first = row.group(1).split(f'data-lookalike="{earlier.pk}"', 1)[1]
    line = first.split("</div>", 1)[0]
    assert 'data-score="100">Giống 100%' in line
    assert "· 2025 ·" in line and "cùng người được giao" in line


def test_canbos_waiting_task_shows_the_routine_duty_it_restates(demo, client):
    """The provincial regulation lists Sở Nội vụ's routine duties; canbo's task waiting in the queue
    restates one of them, and the approver sees the duty beside it, with no link."""
    canbo = User.objects.get(username="canbo")
    waiting = Task.objects.get(
        assignee_cadre_id=canbo.cadre_id, status=TaskStatus.SUBMITTED, title__startswith="Rút ngắn"
    )
    duty = RoutineDuty.objects.get(unit__name="Sở Nội vụ", text__startswith="Tiếp nhận, giải quyết")
    assert duty.programme_id == waiting.programme_id
    assert RoutineDuty.objects.filter(programme=waiting.programme).count() == 4
    client.force_login(User.objects.get(username="thuongtruc"))
    page = client.get(reverse("tasks:approvals")).text
    row = re.search(rf'<tr data-task="{waiting.pk}">(.*?)</tr>', page, re.S)
    assert row, "canbo's waiting task is not in the approver's queue"
    line = row.group(1).split(f'data-routine-duty="{duty.pk}"', 1)[1].split("</div>", 1)[0]
    assert "nhiệm vụ thường xuyên của đơn vị" in line and "<mark>Tiếp</mark>" in line
    assert "href" not in line
