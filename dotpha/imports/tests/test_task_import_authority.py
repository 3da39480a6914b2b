"""The task-list import files its new decision under the issuing body (`issuing_body`): for a programme of
the party committee, its standing committee, so the standing committee's approver imports too and both
approvers find the decision afterwards."""

import pytest

from dotpha.accounts.models import Role
from dotpha.imports.task_services import TaskImportRejected, task_import_apply
from dotpha.imports.tests.test_task_layouts import SIGNED, make_desk, parse, provincial_list
from dotpha.org.models import Unit
from dotpha.org.tests.factories import make_user
from dotpha.programmes.models import Decision, Programme
from dotpha.programmes.selectors import decisions_visible_to
from dotpha.tasks.models import Task, TaskEvent, TaskStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(world):
    """The desk's programme issued, as in the demo, by the party committee ("Tỉnh ủy")."""
    desk = make_desk(world)
    Programme.objects.filter(pk=desk.programme.pk).update(issuing_unit=Unit.objects.get(code="P-TU"))
    desk.programme.refresh_from_db()
    return desk


@pytest.mark.parametrize("grant", ["P-BTV", "P-TU"])
def test_the_import_files_its_decision_under_the_standing_committee(desk, grant):
    actor = (
        desk.approver if grant == "P-BTV" else make_user("bithu", Role.APPROVER, Unit.objects.get(code=grant))
    )
    plan = parse(desk, provincial_list(), actor=actor)

    summary = task_import_apply(actor=actor, plan=plan, target=desk.target())

    assert summary.tasks == 4
    decision = Decision.objects.get(number="125-QĐ/TU")
    assert (decision.issuing_unit, decision.signed_on, decision.created_by) == (
        desk.world.standing,
        SIGNED,
        actor,
    )
    assert set(Task.objects.values_list("decision", "status")) == {(decision.pk, TaskStatus.APPROVED)}
    bithu = actor if grant == "P-TU" else make_user("bithu", Role.APPROVER, Unit.objects.get(code="P-TU"))
    for approver in (desk.approver, bithu):
        assert decision in decisions_visible_to(approver)


def test_a_commune_approver_cannot_file_the_provinces_decision(desk):
    outsider = make_user("pd-xa", Role.ORGANIZER, desk.world.province)
    outsider.grants.create(role=Role.APPROVER, unit=desk.world.commune)
    plan = parse(desk, provincial_list(), actor=outsider)
    before = (Task.objects.count(), Decision.objects.count(), TaskEvent.objects.count())

    with pytest.raises(TaskImportRejected) as rejected:
        task_import_apply(actor=outsider, plan=plan, target=desk.target())

    # said once, for the file, not once per row
    assert [(i.row, i.message) for i in rejected.value.issues] == [
        (
            None,
            "Bạn không có quyền ban hành quyết định phê duyệt của Ban Thường vụ Tỉnh ủy, nên không nhập "
            "được danh sách theo Quyết định số 125-QĐ/TU. Người nhập phải là Thường trực của cơ quan ban "
            "hành quyết định.",
        )
    ]
    assert (Task.objects.count(), Decision.objects.count(), TaskEvent.objects.count()) == before
