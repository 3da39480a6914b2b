"""Applying an import: units land in the right place of the tree, cadres get their appointments, every
history row names the actor, a second run changes nothing, and a refusal on any row saves nothing."""

import datetime

import pytest

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.imports import services
from dotpha.imports.org_parser import org_import_parse
from dotpha.imports.services import OrgImportRejected, org_import_apply
from dotpha.imports.tests.conftest import valid_cadres, valid_units
from dotpha.imports.tests.workbooks import cadre, org_workbook, unit
from dotpha.org.models import Appointment, Cadre, Position, Unit
from dotpha.org.tests.factories import make_user

pytestmark = pytest.mark.django_db

MODELS = (Unit, Cadre, Appointment, Position)


def counts() -> dict[str, int]:
    """Rows and history rows of everything an import may write."""
    result = {}
    for model in MODELS:
        result[model.__name__] = model.objects.count()
        result[f"history of {model.__name__}"] = model.history.count()  # type: ignore[attr-defined]
    return result


def run(data: bytes, actor):
    plan = org_import_parse(data, actor=actor)
    assert plan.issues == []
    return org_import_apply(actor=actor, plan=plan)


def test_valid_file_creates_units_in_the_tree_and_cadres_with_appointments(world, valid_file):
    organizer = world.users["organizer"]

    summary = run(valid_file, organizer)

    assert (summary.units_created, summary.units_updated, summary.units_unchanged) == (3, 0, 1)
    assert (summary.cadres_created, summary.appointments_created, summary.positions_created) == (2, 3, 1)
    commune = Unit.objects.get(code="P-X3")
    assert Unit.objects.get_parent(commune).code == "P"
    assert (commune.kind.code, commune.level.code) == ("commune", "commune")
    assert commune.valid_from == datetime.date(2025, 7, 1)
    committee = Unit.objects.get(code="P-X3-DU")
    assert Unit.objects.get_parent(committee).pk == commune.pk
    assert committee.level.code == "commune"
    office = Unit.objects.get(code="P-SNV-VP")
    assert Unit.objects.get_parent(office).pk == world.home_affairs.pk
    assert (office.kind.code, office.level.code) == ("office", "province")
    assert Unit.objects.get(pk=world.home_affairs.pk).numchild == 1

    an = Cadre.objects.get(code="C001")
    assert (an.full_name, an.gender, an.birth_year, an.is_party_member) == ("Trần Văn An", "male", 1980, True)
    assert an.managing_unit == world.standing
    assert sorted(a.position.name for a in an.appointments.filter(end_date__isnull=True)) == [
        "Bí thư Đảng ủy",
        "Chủ tịch UBND",
    ]
    binh = Cadre.objects.get(code="C002")
    assert (binh.gender, binh.is_party_member, binh.birth_year) == ("female", False, 1990)
    appointment = binh.appointments.get()
    assert (appointment.unit, appointment.start_date) == (office, datetime.date(2025, 8, 15))
    assert appointment.position.name == "Chánh Văn phòng"

    for model, lookup in (
        (Unit, {"code": "P-X3"}),
        (Cadre, {"code": "C001"}),
        (Position, {"name": "Chánh Văn phòng"}),
    ):
        record = model.history.filter(**lookup).get()  # type: ignore[attr-defined]
        assert record.history_type == "+"
        assert record.history_user == organizer
    assert {h.history_user for h in Appointment.history.filter(cadre_id__in=[an.pk, binh.pk])} == {organizer}


def test_importing_the_same_file_again_changes_nothing(world, valid_file):
    organizer = world.users["organizer"]
    run(valid_file, organizer)
    before = counts()

    plan = org_import_parse(valid_file, actor=organizer)
    summary = org_import_apply(actor=organizer, plan=plan)

    assert not summary.changes_anything
    assert (summary.units_unchanged, summary.cadres_unchanged) == (4, 2)
    assert counts() == before


def test_changed_rows_are_updated_through_the_services(world, valid_file):
    organizer = world.users["organizer"]
    run(valid_file, organizer)
    units = valid_units()
    units[1] = unit("P-X3", "Xã Hòa An Mới", "P", "commune", valid_from="01/07/2025")
    cadres = valid_cadres()
    cadres[2] = {**cadres[2], "phone": 912000111, "managing_unit_code": "P-BTC", "is_party_member": None}
    before = counts()

    summary = run(org_workbook(units, cadres), organizer)

    assert (summary.units_updated, summary.cadres_updated, summary.appointments_created) == (1, 1, 0)
    commune = Unit.objects.get(code="P-X3")
    assert (commune.name, commune.valid_to) == ("Xã Hòa An Mới", None)
    binh = Cadre.objects.get(code="C002")
    assert (binh.phone, binh.managing_unit, binh.is_party_member) == ("0912000111", world.board, True)
    after = counts()
    assert after["history of Unit"] == before["history of Unit"] + 1
    assert after["history of Cadre"] == before["history of Cadre"] + 1
    assert after["Appointment"] == before["Appointment"]
    assert Cadre.history.filter(code="C002").first().history_user == organizer


def test_a_row_that_would_close_a_unit_still_staffed_is_refused_and_nothing_is_saved(world, valid_file):
    """An end date in the file closes the unit through the same rules as the page's "Đóng đơn vị": a commune
    whose people still hold posts (and whose party committee is still in force) is not closed that way."""
    organizer = world.users["organizer"]
    run(valid_file, organizer)
    units = valid_units()
    units[1] = unit("P-X3", "Xã Hòa An Mới", "P", "commune", valid_from="01/07/2025", valid_to="31/12/2030")
    before = counts()
    plan = org_import_parse(org_workbook(units, valid_cadres()), actor=organizer)
    with pytest.raises(OrgImportRejected) as refused:
        org_import_apply(actor=organizer, plan=plan)
    assert "còn cán bộ đang giữ chức danh" in str(refused.value.issues)
    assert counts() == before
    commune = Unit.objects.get(code="P-X3")
    assert (commune.name, commune.valid_to) == ("Xã Hòa An", None)


def test_an_existing_cadre_gets_a_new_appointment_only_when_none_is_open(world):
    organizer = world.users["organizer"]
    director = Cadre.objects.get(full_name="Nguyễn Văn Hùng")
    row = cadre(
        director.code,
        director.full_name,
        "Nam",
        unit_code="P-SNV",
        position="giam doc",
        start_date="01/01/2021",
    )
    before = counts()

    summary = run(org_workbook(cadres=[row]), organizer)

    assert not summary.changes_anything  # birth year blank keeps 1975; "giam doc" is the known "Giám đốc"
    assert counts() == before
    moved = {**row, "unit_code": "P-STC", "start_date": "01/03/2026"}
    summary = run(org_workbook(cadres=[row, moved]), organizer)
    assert summary.appointments_created == 1
    assert director.appointments.filter(unit=world.finance, end_date__isnull=True).exists()


def test_a_refusal_while_applying_saves_nothing(world, valid_file, monkeypatch):
    organizer = world.users["organizer"]
    plan = org_import_parse(valid_file, actor=organizer)
    before = counts()
    calls = []

    def refuse_the_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise ApplicationError("Đơn vị không nhận thêm người.")
        return original(**kwargs)

    original = services.appointment_start
    monkeypatch.setattr(services, "appointment_start", refuse_the_third)

    with pytest.raises(OrgImportRejected) as refused:
        org_import_apply(actor=organizer, plan=plan)

    assert counts() == before
    assert [(i.sheet, i.row, i.message) for i in refused.value.issues] == [
        ("Cán bộ", 7, "Đơn vị không nhận thêm người.")
    ]


def test_a_plan_checked_for_someone_else_is_not_applied(world, valid_file):
    plan = org_import_parse(valid_file, actor=world.users["organizer"])
    other = make_user("tochuc2", Role.ORGANIZER, world.commune)
    with pytest.raises(PermissionDeniedError):
        org_import_apply(actor=other, plan=plan)
    assert not Unit.objects.filter(code="P-X3").exists()


def test_a_plan_with_issues_is_not_applied(world):
    organizer = world.users["organizer"]
    plan = org_import_parse(org_workbook([unit("", "Không mã", "P", "Xã")]), actor=organizer)
    with pytest.raises(OrgImportRejected):
        org_import_apply(actor=organizer, plan=plan)
