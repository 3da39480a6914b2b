"""Who may import a task list, said before any mapping work: the bodies whose approval decisions the user
may issue (the tasks of a list are approved by such a decision), and the programmes and open periods they
cover. The decision services stay the one door: this only reads the same rule to tell the user early."""

from dataclasses import dataclass, field

from dotpha.accounts.models import User
from dotpha.imports.task_forms import open_periods_for
from dotpha.imports.task_plan import TaskImportTarget
from dotpha.org.models import Unit
from dotpha.programmes.authority import can_issue_decisions, issuing_body

CANNOT_ISSUE = (
    "Bạn không có quyền ban hành quyết định phê duyệt của {body}, nên không nhập được danh sách theo "
    "Quyết định số {number}. Người nhập phải là Thường trực của cơ quan ban hành quyết định."
)
CANNOT_IMPORT = (
    "Tài khoản của bạn không ban hành quyết định phê duyệt cho chương trình nào đang mở, nên chưa nhập được "
    "danh sách giao việc. Hãy nhờ Thường trực (người phê duyệt) của cơ quan ban hành quyết định nhập."
)


@dataclass
class ImportAuthority:
    """For each body the user may issue decisions of: the open periods it approves tasks for."""

    bodies: dict[Unit, list[str]] = field(default_factory=dict)

    @property
    def can_import(self) -> bool:
        return bool(self.bodies)

    def lines(self) -> list[str]:
        return [f"{body.name}: {', '.join(periods)}" for body, periods in self.bodies.items()]


def import_authority(actor: User) -> ImportAuthority:
    authority = ImportAuthority()
    decided: dict[int, Unit | None] = {}
    for period in open_periods_for(actor):
        programme = period.programme
        if programme.issuing_unit_id not in decided:
            issuer = issuing_body(programme.issuing_unit)
            decided[programme.issuing_unit_id] = issuer if can_issue_decisions(actor, issuer) else None
        found = decided[programme.issuing_unit_id]
        if found is not None:
            authority.bodies.setdefault(found, []).append(f"{programme.number} · {period.name}")
    return authority


def target_refusal(actor: User, target: TaskImportTarget) -> str:
    """Why the user cannot import under this decision, in one sentence; "" when they can. A decision
    already entered is judged by its own issuing body, a new one by the programme's."""
    unit = target.decision.issuing_unit if target.decision is not None else target.programme.issuing_unit
    if unit is None or can_issue_decisions(actor, unit):
        return ""
    return CANNOT_ISSUE.format(body=issuing_body(unit).name, number=target.number)
