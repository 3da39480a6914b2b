"""Refusals are vocabulary (issue 14): a message makemessages can extract, translated in the user's language,
and a code from the raising app's `*Refusal` enum, the same string for the pages and the API."""

import ast
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

import dotpha
from dotpha.api.tests.access import bearer, call
from dotpha.tests.test_access import TaskStage

DOTPHA = Path(dotpha.__file__).parent
REFUSALS = {"ApplicationError", "PermissionDeniedError", "ConfirmationRequiredError"}


def _refusal_enums() -> set[str]:
    return {
        node.name
        for path in DOTPHA.glob("*/errors.py")
        for node in ast.parse(path.read_text()).body
        if isinstance(node, ast.ClassDef) and node.name.endswith("Refusal")
    }


def _gettext_names(tree: ast.Module) -> set[str]:
    # `_` may be gettext_lazy in a module of models and forms: only the plain gettext translates the message
    # in the language of the request that is refused
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name == "gettext"
    }


def _is_gettext(node: ast.expr, gettext: set[str]) -> bool:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        node = node.left
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in gettext
        and len(node.args) == 1
        and isinstance(node.args[0], ast.Constant)
        and isinstance(node.args[0].value, str)
    )


def offences(source: str, enums: set[str]) -> list[str]:
    """The refusals in `source` whose message is not a gettext call on a literal (optionally `% {...}`), or
    whose code is not a member of a `*Refusal` enum. A PermissionDeniedError may leave its message out: the
    default one is translated."""
    tree = ast.parse(source)
    gettext = _gettext_names(tree)
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in REFUSALS):
            continue
        keywords = {k.arg: k.value for k in node.keywords}
        message = node.args[0] if node.args else keywords.get("message")
        if message is None and node.func.id != "PermissionDeniedError":
            found.append(f"line {node.lineno}: no message")
        if message is not None and not _is_gettext(message, gettext):
            found.append(f"line {node.lineno}: message {ast.unparse(message)[:60]}")
        code = keywords.get("code")
        if code is not None and not (
            isinstance(code, ast.Attribute) and isinstance(code.value, ast.Name) and code.value.id in enums
        ):
            found.append(f"line {node.lineno}: code {ast.unparse(code)}")
    return found


def _modules() -> list[Path]:
    # dotpha/tasks has its own walk until the two are merged
    return [
        path
        for path in sorted(DOTPHA.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.relative_to(DOTPHA).parts)
        and path.relative_to(DOTPHA).parts[0] != "tasks"
    ]


def test_every_refusal_outside_tasks_has_a_translatable_message_and_a_code_of_an_enum():
    enums = _refusal_enums()
    found = {
        str(path.relative_to(DOTPHA)): offence
        for path in _modules()
        if (offence := offences(path.read_text(), enums))
    }
    assert found == {}


GETTEXT = "from django.utils.translation import gettext as _\n"
LAZY = "from django.utils.translation import gettext_lazy as _\n"


@pytest.mark.parametrize(
    "source",
    [
        'raise ApplicationError(f"Kỳ {period.name} đã khóa.", code=ProgrammeRefusal.PERIOD_CLOSED)',
        'raise ApplicationError("Kỳ đã khóa.", code=ProgrammeRefusal.PERIOD_CLOSED)',
        GETTEXT + 'raise ApplicationError(_("Kỳ đã khóa."), code="period_closed")',
        GETTEXT + "raise PermissionDeniedError(NOT_ORGANIZER)",
        GETTEXT + 'raise ApplicationError(_(f"Kỳ {name} đã khóa."))',
        LAZY + 'raise ApplicationError(_("Kỳ đã khóa."))',
        GETTEXT + 'raise ConfirmationRequiredError(_("Chắc chưa?"), code=Other.CODE)',
    ],
)
def test_the_walk_finds_a_refusal_written_the_old_way(source):
    assert offences(source, {"ProgrammeRefusal"})


def test_the_walk_accepts_a_refusal_written_as_vocabulary():
    source = GETTEXT + (
        'raise ApplicationError(_("Kỳ %(p)s đã khóa.") % {"p": p}, code=ProgrammeRefusal.PERIOD_CLOSED)\n'
        'raise ApplicationError(_("Sai."))\n'
        "raise PermissionDeniedError()\n"
    )
    assert offences(source, {"ProgrammeRefusal"}) == []


@pytest.mark.django_db
def test_a_refusal_reads_in_english_on_the_page_and_in_the_api_with_the_same_code(world, client):
    # given a period the organizer has already closed, and the interface switched to English
    period = TaskStage(world).new_period()
    organizer = world.users["organizer"]
    client.force_login(organizer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    close = reverse("programmes:period_close", args=[period.pk])
    client.post(close)
    # when it is closed again, on the page and through the API
    page = client.post(close, follow=True)
    api = call(client, "post", reverse("api:period_close", args=[period.pk]), bearer(organizer))
    # then both refuse in English, and the API with the code it has always had
    assert f"Period {period.name} is already closed." in page.content.decode()
    assert f"Kỳ {period.name} đã khóa." not in page.content.decode()
    assert api.status_code == 400
    assert api.json() == {
        "code": "period_closed",
        "message": f"Period {period.name} is already closed.",
        "details": [],
    }
