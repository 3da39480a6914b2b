"""On the demo, the provincial programme is the party committee's ("Tỉnh ủy") and its cadres are managed by
the standing committee: `thuongtruc` (granted on the standing committee) and `bithu` (on the party
committee) both batch-approve their queue under a decision of "Ban Thường vụ Tỉnh ủy"."""

from collections import Counter

import pytest
from django.db.models import F
from django.utils import timezone

from dotpha.accounts.models import User
from dotpha.programmes.models import Decision
from dotpha.programmes.selectors import decisions_visible_to
from dotpha.tasks.models import Task, TaskStatus
from dotpha.tasks.selectors import approval_queue
from dotpha.tasks.services import decision_approve_batch

pytestmark = pytest.mark.django_db


def batch_of(user: User, size: int = 3) -> list[Task]:
    """Up to `size` tasks of the user's queue from the provincial programme's busiest open period."""
    queue = approval_queue(user).filter(programme__issuing_unit__code="HS-TU", period__closed_at__isnull=True)
    period, _ = Counter(queue.values_list("period", flat=True)).most_common(1)[0]
    return list(queue.filter(period=period)[:size])


@pytest.mark.parametrize(("username", "number"), [("thuongtruc", "901-QĐ/TU"), ("bithu", "902-QĐ/TU")])
def test_the_standing_committees_members_batch_approve_on_the_demo(demo, username, number):
    approver = User.objects.get(username=username)
    tasks = batch_of(approver)
    assert tasks
    decision = decision_approve_batch(
        actor=approver, tasks=tasks, number=number, signed_on=timezone.localdate(), batch_number=9
    )
    assert decision.issuing_unit.code == "HS-BTV"
    assert set(Task.objects.filter(pk__in=[t.pk for t in tasks]).values_list("status", flat=True)) == {
        TaskStatus.APPROVED
    }
    for other in ("thuongtruc", "bithu"):
        assert decisions_visible_to(User.objects.get(username=other)).filter(pk=decision.pk).exists()


def test_every_approved_task_of_the_demo_belongs_to_a_decision_signed_on_its_approval_date(demo):
    approved = Task.objects.filter(status=TaskStatus.APPROVED)
    assert approved.exists()
    assert not approved.filter(decision__isnull=True).exists()
    assert not approved.exclude(approved_on=F("decision__signed_on")).exists()
    # the standing committee's decisions name who signed them on its behalf
    signed = Decision.objects.filter(issuing_unit__code="HS-BTV")
    assert signed.exists() and not signed.filter(signer_name="").exists()
    assert signed[0].signing_capacity == "T/M BAN THƯỜNG VỤ"
