"""The filters of statistics (dashboards, drill-down lists, exports) and the report's heading."""

import datetime

from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from dotpha.accounts.models import User
from dotpha.core.forms import DATE_INPUT_FORMATS, BootstrapFormMixin, OfficeDateField
from dotpha.org.models import Unit, UnitLevel
from dotpha.programmes.models import Field, Period, PeriodKind, Programme, TaskKind
from dotpha.programmes.selectors import programmes_visible_to
from dotpha.reports.permissions import template_units
from dotpha.reports.selectors import MEASURES, StatsFilter
from dotpha.reports.selectors.base import COUNTED
from dotpha.tasks.models import TaskStatus
from dotpha.tasks.selectors import tasks_visible_to

ALL = _("Tất cả")


ALL_YEARS = "all"


def _year(value: str) -> int | None:
    """ "all" is a choice of its own: every year, where no choice at all means the latest year."""
    return None if value == ALL_YEARS else int(value)


class PeriodLabelField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.programme.number} — {obj}"


def visible_programmes(user: User):
    """Programmes issued in the user's scope, and those of the tasks they see."""
    seen = tasks_visible_to(user).values("programme")
    return Programme.objects.filter(Q(pk__in=programmes_visible_to(user).values("pk")) | Q(pk__in=seen))


class StatsFilterForm(BootstrapFormMixin, forms.Form):
    """An invalid value is ignored (the figures then cover more), as on the task list."""

    programme = forms.ModelChoiceField(
        label=_("Chương trình"), queryset=Programme.objects.none(), required=False, empty_label=ALL
    )
    year = forms.TypedChoiceField(label=_("Năm"), coerce=_year, required=False, empty_value=None)
    period = PeriodLabelField(
        label=_("Kỳ (năm, giai đoạn)"), queryset=Period.objects.none(), required=False, empty_label=ALL
    )
    level = forms.ModelChoiceField(
        label=_("Cấp"), queryset=UnitLevel.objects.all(), required=False, empty_label=ALL
    )
    field = forms.ModelChoiceField(
        label=_("Lĩnh vực"), queryset=Field.objects.all(), required=False, empty_label=ALL
    )
    kind = forms.ChoiceField(label=_("Loại việc"), choices=[("", ALL), *TaskKind.choices], required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=[("", ALL), *((s.value, s.label) for s in TaskStatus if s in COUNTED)],
        required=False,
    )

    def __init__(self, data=None, *, user: User, today: datetime.date | None = None, **kwargs):
        """`today`: opened without a choice of year or period, the form chooses the latest year begun by then
        (`with_default_year`), from the years it offers, read once."""
        programmes = visible_programmes(user).order_by("number")
        years = _years(programmes)
        if today is not None and data is not None:
            data = with_default_year(data, today=today, years=years)
        super().__init__(data, **kwargs)
        self.user = user
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        periods = (
            Period.objects.filter(programme__in=programmes.values("pk"))
            .select_related("programme")
            .order_by("-start_date", "programme__number")
        )
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]
        self.fields["year"].choices = [(ALL_YEARS, ALL), *((y, str(y)) for y in years)]  # type: ignore[attr-defined]

    def stats_filter(self) -> StatsFilter:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return StatsFilter(
            programme=data.get("programme"),
            period=data.get("period"),
            year=data.get("year"),
            level=data.get("level"),
            field=data.get("field"),
            kind=data.get("kind", ""),
            status=data.get("status", ""),
        )


def _years(programmes: QuerySet[Programme]) -> list[int]:
    """The years of the programmes' year periods, and every year of their phases (a phase task counts in each
    year of its phase)."""
    periods = Period.objects.filter(programme__in=programmes.values("pk"))
    found = {d.year for d in periods.filter(kind=PeriodKind.YEAR).dates("start_date", "year")}
    spans = periods.filter(kind=PeriodKind.PHASE).values_list("start_date__year", "end_date__year")
    for start, end in spans.distinct():
        found.update(range(start, end + 1))
    return sorted(found, reverse=True)


def with_default_year(data: QueryDict, *, today: datetime.date, years: list[int]) -> QueryDict:
    """A dashboard opened without a choice of year or period shows the latest year begun."""
    if "year" in data or "period" in data:
        return data
    begun = [y for y in years if y <= today.year]
    if not begun:
        return data
    data = data.copy()
    data["year"] = str(begun[0])
    return data


class DrillForm(StatsFilterForm):
    """The records behind one figure: the statistics filter plus the row and the measure."""

    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Unit.objects.all(), required=False, widget=forms.HiddenInput
    )
    row: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Unit.objects.all(), required=False, widget=forms.HiddenInput
    )
    exact = forms.BooleanField(required=False, widget=forms.HiddenInput)
    cadre = forms.IntegerField(required=False, widget=forms.HiddenInput)
    collective = forms.BooleanField(required=False, widget=forms.HiddenInput)
    nofield = forms.BooleanField(required=False, widget=forms.HiddenInput)
    m = forms.ChoiceField(choices=MEASURES, required=False, widget=forms.HiddenInput)


class ReportHeadingForm(BootstrapFormMixin, forms.Form):
    """What the office writes on the report: number, place and date, signer, recipients."""

    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False, initial="")
    place = forms.CharField(label=_("Địa danh"), max_length=80, required=False)
    # and a year first (2026-12-01), which this form read before every date field was one kind
    signed_on = OfficeDateField(
        label=_("Ngày ban hành"), required=False, input_formats=[*DATE_INPUT_FORMATS, "%Y-%m-%d"]
    )
    signer_title = forms.CharField(label=_("Quyền hạn, chức vụ người ký"), max_length=120, required=False)
    signer_name = forms.CharField(label=_("Họ tên người ký"), max_length=120, required=False)
    recipients = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class TemplateUploadForm(BootstrapFormMixin, forms.Form):
    """The unit is one the user organizes: its reports (and those of the units below it without a template
    of their own) use the uploaded template."""

    unit: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Mẫu dùng cho báo cáo của"), queryset=Unit.objects.none()
    )
    file = forms.FileField(label=_("Tệp mẫu Word (.docx)"))
    note = forms.CharField(label=_("Ghi chú"), max_length=255, required=False)

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        units = template_units(user)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        first = units.first()
        if first is not None:
            self.fields["unit"].initial = first.pk


class PublishForm(BootstrapFormMixin, forms.Form):
    names_public = forms.BooleanField(
        label=_("Công khai cả danh sách việc với tên cán bộ được giao"),
        required=False,
        help_text=_("Không chọn: trang công khai chỉ có số liệu tổng hợp, không có tên người."),
    )


class WithdrawForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do thôi công bố"), max_length=500)
