"""What a history row changed, field by field, in the users' words: the field's verbose name, a choice's
label, a related object's name, dates as dd/mm/yyyy and times in local time."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Field, Model
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.audit.naming import names_by_pk
from dotpha.programmes.models import Grade, TaskKind

# JSON fields holding a list of choice codes: each code shown by its label ("Việc đột phá, Việc khó")
JSON_CHOICES: dict[str, type] = {
    "programmes.programme.task_kinds": TaskKind,
    "programmes.programme.grades": Grade,
}

# kept by every model, changed by every save: they would drown what the person changed
SKIPPED = {"created_at", "updated_at"}


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str


def tracked_fields(history_model: type[Model]) -> list[Field]:
    """The fields simple-history keeps for the model, as the model itself declares them."""
    return [
        f
        for f in history_model.tracked_fields  # type: ignore[attr-defined]
        if f.name not in SKIPPED and not f.primary_key
    ]


def raw_changes(history_model: type[Model], row, previous) -> list[tuple[Field, object, object]]:
    """(field, old, new) of each field that differs; from nothing for a created object."""
    out = []
    for f in tracked_fields(history_model):
        new = getattr(row, f.attname)
        old = getattr(previous, f.attname) if previous is not None else None
        if previous is None and new in (None, "", False):
            continue  # a new object: only what was filled in
        if old != new:
            out.append((f, old, new))
    return out


class Describer:
    """Turns raw values into text, naming the related objects of a whole page in one query per model."""

    def __init__(self, raw: list[list[tuple[Field, object, object]]]):
        wanted: dict[type[Model], set] = defaultdict(set)
        for changes in raw:
            for f, old, new in changes:
                if f.is_relation and f.related_model is not None:
                    wanted[f.related_model].update(v for v in (old, new) if v is not None)  # type: ignore[index]
        self.names = {model: names_by_pk(model, pks) for model, pks in wanted.items()}

    def value(self, f: Field, value: object) -> str:
        if value is None or value == "":
            return "—"
        if f.is_relation and f.related_model is not None:
            return self.names.get(f.related_model, {}).get(value, f"#{value}")  # type: ignore[call-overload]
        if f.choices:
            return str(dict(f.flatchoices).get(value, value))
        if isinstance(value, list | dict):
            return self._json(f, value)
        if isinstance(value, bool):
            return _("Có") if value else _("Không")
        if isinstance(value, datetime.datetime):
            return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
        if isinstance(value, datetime.date):
            return value.strftime("%d/%m/%Y")
        if isinstance(value, Decimal):
            return f"{value.normalize():f}"
        return str(value)

    def _json(self, f: Field, value: list | dict) -> str:
        """A list of codes by their labels, a list of records by their number, a mapping key by key."""
        if not value:
            return "—"
        choices = JSON_CHOICES.get(f"{f.model._meta.label_lower}.{f.name}")
        if isinstance(value, dict):
            return "; ".join(f"{key}: {item}" for key, item in value.items())
        if choices is not None:
            labels = dict(choices.choices)  # type: ignore[attr-defined]
            return ", ".join(str(labels.get(code, code)) for code in value)
        if all(isinstance(item, str | int | float) for item in value):
            return ", ".join(str(item) for item in value)
        return _("%(n)s mục") % {"n": len(value)}

    def describe(self, changes: list[tuple[Field, object, object]]) -> list[FieldChange]:
        return [
            FieldChange(field=str(f.verbose_name), old=self.value(f, old), new=self.value(f, new))
            for f, old, new in changes
        ]
