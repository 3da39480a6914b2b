"""Apply an import of units and cadres. Everything happens in one transaction: a refusal on any row undoes
the rows before it, and the caller gets the refusal placed at its sheet and row.

Every write goes through the organisation's services, so each history row names the actor."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.imports.errors import ImportRefusal
from dotpha.imports.org_layout import CADRE_SHEET, UNIT_SHEET
from dotpha.imports.org_plan import Action, CadreRowPlan, OrgImportPlan, OrgImportSummary, UnitRowPlan
from dotpha.imports.reader import Issue
from dotpha.org.models import Cadre, Position, Unit
from dotpha.org.seed import is_leadership_title
from dotpha.structure.services import appointment_start, cadre_create, cadre_update, unit_create, unit_update


class OrgImportRejected(ApplicationError):
    """The file has errors, or a row was refused while applying: nothing was saved."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__(
            _("Không nhập được: %(count)s lỗi, chưa lưu gì.") % {"count": len(issues)},
            code=ImportRefusal.IMPORT_REJECTED,
        )
        self.issues = issues


@transaction.atomic
def org_import_apply(*, actor: User, plan: OrgImportPlan) -> OrgImportSummary:
    """Apply a plan made by `org_import_parse` for the same actor, all rows or none."""
    if plan.issues:
        raise OrgImportRejected(plan.issues)
    if plan.actor_id != actor.pk:
        raise PermissionDeniedError(_("Tệp phải được kiểm tra lại với tài khoản của người nhập."))
    for unit_row in plan.units:
        with _placed(UNIT_SHEET, unit_row.row):
            _apply_unit(actor, unit_row)
    positions: dict[str, Position] = {}
    for cadre_row in plan.cadres:
        with _placed(CADRE_SHEET, cadre_row.row):
            _apply_cadre(actor, cadre_row, positions)
    return plan.summary()


def _apply_unit(actor: User, row: UnitRowPlan) -> None:
    if row.action == Action.CREATE:
        parent = Unit.objects.get(code=row.parent_code) if row.parent_code else None
        unit_create(
            actor=actor,
            parent=parent,
            name=row.name,
            code=row.code,
            kind=row.kind,
            level=row.level,
            valid_from=row.valid_from,
            valid_to=row.valid_to,
        )
    elif row.action == Action.UPDATE:
        # Read afresh: adding children changed this node's tree columns, and a save writes them all.
        unit_update(actor=actor, unit=Unit.objects.get(code=row.code), **row.values)


def _apply_cadre(actor: User, row: CadreRowPlan, positions: dict[str, Position]) -> None:
    managing = {}
    if row.managing_unit_code is not None:
        managing["managing_unit"] = Unit.objects.get(code=row.managing_unit_code)
    if row.action == Action.CREATE:
        values = dict(row.values)
        cadre = cadre_create(
            actor=actor,
            code=row.code,
            full_name=values.pop("full_name"),
            gender=values.pop("gender"),
            managing_unit=managing.get("managing_unit"),
            **values,
        )
    elif row.action == Action.UPDATE:
        cadre = Cadre.objects.select_related("managing_unit").get(code=row.code)
        cadre = cadre_update(actor=actor, cadre=cadre, **row.values, **managing)
    elif row.creates_appointment:
        cadre = Cadre.objects.get(code=row.code)
    else:
        return
    if row.creates_appointment and row.start_date is not None:
        appointment_start(
            actor=actor,
            cadre=cadre,
            position=_position(actor, row.position, positions),
            unit=Unit.objects.get(code=row.unit_code),
            start_date=row.start_date,
        )


def _position(actor: User, name: str, positions: dict[str, Position]) -> Position:
    """chức danh: found by its name, added when the file brings a new one (org has no service for it)."""
    if name not in positions:
        position = Position.objects.filter(name=name).first()
        if position is None:
            position = Position(name=name, is_leadership=is_leadership_title(name))
            as_actor(position, actor).save()
        positions[name] = position
    return positions[name]


@contextmanager
def _placed(sheet: str, row: int) -> Iterator[None]:
    """Turn a refusal from a service into an issue at the row being applied."""
    try:
        yield
    except OrgImportRejected:
        raise
    except ApplicationError as error:
        raise OrgImportRejected([Issue(error.message, sheet=sheet, row=row)]) from error
    except ValidationError as error:
        raise OrgImportRejected([Issue(m, sheet=sheet, row=row) for m in error.messages]) from error
    except (Unit.DoesNotExist, Cadre.DoesNotExist, IntegrityError) as error:
        message = "Dữ liệu đã thay đổi trong lúc nhập; hãy tải tệp lên lại để kiểm tra"
        raise OrgImportRejected([Issue(message, sheet=sheet, row=row)]) from error
