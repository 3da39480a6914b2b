"""The filters of the task list. The list itself comes from `selectors.task_list` (scoped, with progress
states in SQL); the filters it does not take are applied here on that queryset, in SQL too, and the search
last (`selectors.search_list`), so that what it counts is what the page lists."""

import datetime

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dotpha.accounts.models import User
from dotpha.core.forms import BootstrapFormMixin
from dotpha.org.models import Unit
from dotpha.org.unit_fields import UnitChoiceField
from dotpha.programmes.models import Period, Programme, TaskKind
from dotpha.programmes.selectors import active_fields, programmes_visible_to
from dotpha.tasks.forms._fields import unit_choices
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.selectors import Listed, ProgressState, in_unit_subtree, search_list, task_list

ALL = _("Tất cả")


class PeriodLabelField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.programme.number} — {obj}"


class TaskFilterForm(BootstrapFormMixin, forms.Form):
    q = forms.CharField(
        label=_("Tìm theo tên, nội dung việc, người, đơn vị, số quyết định"),
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Gõ có dấu hoặc không dấu")}),
    )
    programme = forms.ModelChoiceField(
        label=_("Chương trình"), queryset=Programme.objects.none(), required=False, empty_label=ALL
    )
    period = PeriodLabelField(label=_("Kỳ"), queryset=Period.objects.none(), required=False, empty_label=ALL)
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", ALL), *TaskStatus.choices], required=False
    )
    progress = forms.ChoiceField(
        label=_("Tiến độ"), choices=[("", ALL), *ProgressState.choices], required=False
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=active_fields(), required=False, empty_label=ALL
    )
    kind = forms.ChoiceField(label=_("Loại việc"), choices=[("", ALL), *TaskKind.choices], required=False)
    unit: forms.ModelChoiceField = UnitChoiceField(
        label=_("Đơn vị (cả đơn vị trực thuộc)"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=ALL,
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        programmes = programmes_visible_to(user)
        self.fields["programme"].queryset = programmes.order_by("number")  # type: ignore[attr-defined]
        self.fields["period"].queryset = (  # type: ignore[attr-defined]
            Period.objects.filter(programme__in=programmes.values("pk"))
            .select_related("programme")
            .order_by("programme__number", "-start_date")
        )
        self.fields["unit"].queryset = unit_choices(user)  # type: ignore[attr-defined]

    def tasks(self, today: datetime.date, *, also: Q | None = None) -> Listed:
        """The visible tasks matching the valid filters (an invalid one is ignored) and `also`."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        qs = task_list(
            self.user,
            today=today,
            period=data.get("period"),
            status=data.get("status", ""),
            progress=data.get("progress", ""),
        )
        if data.get("programme"):
            qs = qs.filter(programme=data["programme"])
        if data.get("field"):
            qs = qs.filter(field=data["field"])
        if data.get("kind"):
            qs = qs.filter(kind=data["kind"])
        if data.get("unit"):
            qs = qs.filter(in_unit_subtree(data["unit"]))
        if also is not None:
            qs = qs.filter(also)
        return search_list(qs, data.get("q", ""))

    @property
    def is_filtered(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return any(data.get(name) for name in self.fields)
