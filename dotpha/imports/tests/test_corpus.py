"""The annex corpus (corpus/generate.py), written to files and imported as a clerk would: for every
workbook, the tasks recognised, the cadres matched, the questions asked, the deadlines and co-responsible
cadres equal its ground truth; after the answers the import writes the truth's tasks, and importing the
same file again writes nothing more. No silent mismatch anywhere."""

import json
from pathlib import Path

import pytest

from dotpha.imports.task_plan import TaskMapping
from dotpha.imports.task_services import TaskImportRejected, task_import_apply
from dotpha.imports.task_sheet import column_index
from dotpha.imports.tests.corpus.generate import ANNEXES, ROSTER, deadline, write
from dotpha.imports.tests.test_task_layouts import Desk, make_desk, parse
from dotpha.org.models import Cadre, Unit
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory
from dotpha.programmes.models import Decision
from dotpha.tasks.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    assert write(folder) == list(ANNEXES)
    return folder


@pytest.fixture
def people(world) -> tuple[Desk, dict[str, int]]:
    desk = make_desk(world)
    keys = {
        "hung": desk.hung.pk,
        "other_hung": desk.other_hung.pk,
        "hanh": desk.hanh.pk,
        "minh": desk.minh.pk,
        "son": desk.son.pk,
        "lan": Cadre.objects.get(full_name="Vũ Thị Lan").pk,
    }
    for key, code, name, position, unit in ROSTER:
        cadre = CadreFactory.create(code=code, full_name=name, managing_unit=world.standing)
        AppointmentFactory(
            cadre=cadre, unit=Unit.objects.get(code=unit), position=PositionFactory(name=position)
        )
        keys[key] = cadre.pk
    return desk, keys


def test_the_corpus_is_large_enough():
    assert len(ANNEXES) >= 15


@pytest.mark.parametrize("name", list(ANNEXES))
def test_each_annex_imports_as_its_ground_truth(name, corpus, people):
    desk, keys = people
    data = (corpus / f"{name}.xlsx").read_bytes()
    truth = json.loads((corpus / f"{name}.json").read_text(encoding="utf-8"))
    target = desk.target() if truth["target"] == "year" else desk.target(desk.phase, decision=desk.decision)
    by_pk = {pk: key for key, pk in keys.items()}

    # a file whose sheet or columns are not sure is asked, never guessed
    first = parse(desk, data, target=target)
    assert first.mapping_confident == ("sheet" not in truth and "mapping" not in truth), first.rivals

    options: dict = {"sheet": truth.get("sheet")}
    if "mapping" in truth:
        columns = {key: column_index(letter) for key, letter in truth["mapping"].items()}
        assert None not in columns.values()
        options = {"mapping": TaskMapping(first.sheet, {k: v for k, v in columns.items() if v is not None})}
    plan = parse(desk, data, target=target, **options)

    seen = [
        {
            "row": r.row,
            "title": r.title,
            "cadre": by_pk.get(r.cadre.pk) if r.cadre else None,
            "ask": r.needs_choice,
            "deadline": r.deadline,
            "co": [by_pk[pk] for pk in r.co_cadre_ids],
            "error": bool(r.issues),
        }
        for r in plan.rows
    ]
    expected = [
        {**row, "deadline": deadline(row["deadline"]), "error": row.get("error", False)}
        for row in truth["rows"]
    ]
    assert seen == expected
    assert plan.warnings() == []

    choices = {int(row): keys[key] for row, key in truth.get("choices", {}).items()}
    answered = parse(desk, data, target=target, choices=choices, **options)
    if truth["tasks"] == 0:
        with pytest.raises(TaskImportRejected):
            task_import_apply(actor=desk.approver, plan=answered, target=target)
        assert Task.objects.count() == 0
        return
    summary = task_import_apply(actor=desk.approver, plan=answered, target=target)
    assert (summary.tasks, Task.objects.count()) == (truth["tasks"], truth["tasks"])
    made = {
        (
            t.title,
            by_pk[t.assignee_cadre_id],
            t.deadline,
            tuple(sorted(by_pk[c.pk] for c in t.co_cadres.all())),
        )
        for t in Task.objects.prefetch_related("co_cadres")
    }
    assert made == {
        (
            r["title"],
            r["cadre"] or truth["choices"][str(r["row"])],
            deadline(r["deadline"]),
            tuple(sorted(r["co"])),
        )
        for r in truth["rows"]
    }

    # the same file again, under the decision the first import used: nothing more is written
    again_target = (
        target if target.decision else desk.target(decision=Decision.objects.get(number="125-QĐ/TU"))
    )
    again = parse(desk, data, target=again_target, choices=choices, **options)
    assert all(r.existing for r in again.rows)
    task_import_apply(actor=desk.approver, plan=again, target=again_target)
    assert Task.objects.count() == truth["tasks"]
