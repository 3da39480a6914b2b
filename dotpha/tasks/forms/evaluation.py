"""Year end: the assignee's self-assessment, the authority's grade."""

from collections.abc import Sequence

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin
from dotpha.programmes.models import Grade
from dotpha.tasks.forms._fields import version_field
from dotpha.tasks.models import Task


def programme_grades(task: Task) -> Sequence[tuple[str, str | Promise]]:
    """The programme's grades after an empty choice: nothing is pre-selected, the grade is chosen."""
    return [("", _("— Chọn mức đánh giá —"))] + [
        (value, label) for value, label in Grade.choices if value in task.programme.grades
    ]


class SelfAssessmentForm(BootstrapFormMixin, forms.Form):
    self_grade = forms.ChoiceField(label=_("Tự đánh giá mức độ hoàn thành"))
    self_assessment = forms.CharField(
        label=_("Tự nhận xét, đánh giá"), widget=forms.Textarea(attrs={"rows": 3})
    )
    version = version_field()

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["self_grade"].choices = programme_grades(task)  # type: ignore[attr-defined]


class EvaluationForm(BootstrapFormMixin, forms.Form):
    grade = forms.ChoiceField(label=_("Kết quả đánh giá"))
    ahead_of_plan = forms.BooleanField(label=_("Hoàn thành trước kế hoạch"), required=False)
    comment = forms.CharField(
        label=_("Nhận xét của cấp đánh giá"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = version_field()

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = programme_grades(task)  # type: ignore[attr-defined]


class YearSelfReportForm(BootstrapFormMixin, forms.Form):
    """The assignee's report of one year of a phase task."""

    percent = forms.IntegerField(label=_("Tỷ lệ hoàn thành đến cuối năm (%)"), min_value=0, max_value=100)
    report = forms.CharField(label=_("Tự báo cáo kết quả năm"), widget=forms.Textarea(attrs={"rows": 3}))
    version = version_field()


class YearGradeForm(BootstrapFormMixin, forms.Form):
    """The authority's grade of one year of a phase task."""

    grade = forms.ChoiceField(label=_("Kết quả đánh giá năm"))
    comment = forms.CharField(
        label=_("Nhận xét của cấp đánh giá"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = version_field()

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = programme_grades(task)  # type: ignore[attr-defined]
