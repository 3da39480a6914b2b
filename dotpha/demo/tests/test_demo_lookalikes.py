"""The demo's recycled task: canbo (Sở Nội vụ) registered "Chuyển đổi số 100% hồ sơ thủ tục hành chính …"
for 2025 and again for 2026. Sent for approval, the 2026 one shows the approver (thuongtruc) the 2025 one
first among its look-alikes."""

import re

from django.urls import reverse

from dotpha.accounts.models import User
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
