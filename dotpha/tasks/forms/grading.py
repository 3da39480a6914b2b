"""The grading sheet as one form: per task a grade (nothing pre-selected: a saved draft grade, else
empty), "ahead of plan", a comment, and the task's version the page showed."""

from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _

from dotpha.tasks.forms.evaluation import programme_grades
from dotpha.tasks.models import Task
from dotpha.tasks.services import GradingLineInput

COMMENT_MAX = 10_000


@dataclass(frozen=True)
class SheetRow:
    task: Task
    grade: BoundField
    ahead: BoundField
    comment: BoundField
    version: BoundField


class GradingSheetForm(forms.Form):
    SAVE = "save"
    CONFIRM = "confirm"

    action = forms.ChoiceField(choices=[(SAVE, SAVE), (CONFIRM, CONFIRM)], widget=forms.HiddenInput)

    def __init__(self, *args, tasks: list[Task], disabled: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.tasks = tasks
        for task in tasks:
            line = getattr(task, "line", None)
            pk = task.pk
            # labels are read by screen readers and the browser tests: they name the task
            self.fields[f"grade_{pk}"] = forms.ChoiceField(
                label=_("Mức đánh giá: %(title)s") % {"title": task.title},
                choices=programme_grades(task),
                required=False,
                initial=line.grade if line else "",
                disabled=disabled,
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )
            self.fields[f"ahead_{pk}"] = forms.BooleanField(
                label=_("Hoàn thành trước kế hoạch"),
                required=False,
                initial=line.ahead_of_plan if line else False,
                disabled=disabled,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
            self.fields[f"comment_{pk}"] = forms.CharField(
                label=_("Nhận xét: %(title)s") % {"title": task.title},
                required=False,
                max_length=COMMENT_MAX,
                initial=line.comment if line else "",
                disabled=disabled,
                widget=forms.Textarea(
                    attrs={"rows": 2, "class": "form-control form-control-sm", "placeholder": _("Nhận xét")}
                ),
            )
            self.fields[f"version_{pk}"] = forms.IntegerField(
                required=False, min_value=1, initial=task.version, widget=forms.HiddenInput
            )

    def rows(self) -> list[SheetRow]:
        return [
            SheetRow(
                task=task,
                grade=self[f"grade_{task.pk}"],
                ahead=self[f"ahead_{task.pk}"],
                comment=self[f"comment_{task.pk}"],
                version=self[f"version_{task.pk}"],
            )
            for task in self.tasks
        ]

    def lines(self) -> list[GradingLineInput]:
        data = self.cleaned_data
        return [
            GradingLineInput(
                task_id=task.pk,
                grade=data[f"grade_{task.pk}"],
                ahead_of_plan=data[f"ahead_{task.pk}"],
                comment=data[f"comment_{task.pk}"],
            )
            for task in self.tasks
        ]

    def versions(self) -> dict[int, int]:
        data = self.cleaned_data
        return {t.pk: data[f"version_{t.pk}"] for t in self.tasks if data.get(f"version_{t.pk}")}
