"""Form fields that pick a unit. An instance serving every province lists about 4,000 units in force, and a
picker shows each unit's name only: its options are read as (id, name, depth), not as whole units with
their kind and level (three model instances a unit: 0.3 s of the task list's 0.5 s). The value the form
cleans is still a whole unit, read by its id."""

from django import forms
from django.forms.models import ModelChoiceIterator

from dotpha.org.models import Unit

LABEL_COLUMNS = ("pk", "name", "depth")


class UnitOptions(ModelChoiceIterator):
    """The field's queryset, its order and filters kept, with only what a label needs."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for unit in self.queryset.select_related(None).only(*LABEL_COLUMNS).iterator():
            yield self.choice(unit)


class UnitChoiceField(forms.ModelChoiceField):
    iterator = UnitOptions


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = UnitOptions


class UnitTreeChoiceField(UnitChoiceField):
    """Units in tree order, indented by level, so that a department shows under its committee."""

    def label_from_instance(self, obj: Unit) -> str:  # type: ignore[override]
        return "\u00a0\u00a0" * (obj.depth - 1) + obj.name
