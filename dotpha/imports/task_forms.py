"""The forms of the task-list import: where the tasks go (programme and period, decision), the file, and
which column of the file is which. Each later step carries the earlier answers as hidden fields and checks
them again."""

from django import forms
from django.db.models import QuerySet

from dotpha.accounts.models import User
from dotpha.core.forms import BootstrapFormMixin, OfficeDateField
from dotpha.imports.forms import MAX_UPLOAD_BYTES
from dotpha.imports.task_layout import COLUMNS, REQUIRED
from dotpha.imports.task_plan import TaskImportTarget, TaskMapping
from dotpha.imports.task_sheet import SheetColumn
from dotpha.programmes.models import Decision, Period
from dotpha.programmes.selectors import decisions_visible_to, programmes_visible_to

NEW_DECISION = "— Quyết định mới (ghi số, ngày ký bên dưới) —"
MAPPING_PREFIX = "map"


def open_periods_for(user: User) -> QuerySet[Period]:
    return (
        Period.objects.filter(programme__in=programmes_visible_to(user), closed_at__isnull=True)
        .select_related("programme")
        .order_by("-start_date", "programme__number")
    )


class PeriodChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Period) -> str:
        return f"{obj.programme} · {obj}"


class DecisionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Decision) -> str:
        return f"Số {obj.number} ngày {obj.signed_on:%d/%m/%Y} · {obj.programme.number} · {obj.period}"


class TaskImportTargetForm(BootstrapFormMixin, forms.Form):
    period = PeriodChoiceField(
        label="Chương trình, kỳ",
        queryset=Period.objects.none(),
        empty_label="— Chọn chương trình và kỳ —",
        error_messages={"required": "Chọn chương trình và kỳ.", "invalid_choice": "Kỳ đã chọn không còn mở."},
    )
    decision = DecisionChoiceField(
        label="Quyết định phê duyệt",
        queryset=Decision.objects.none(),
        required=False,
        empty_label=NEW_DECISION,
        error_messages={"invalid_choice": "Quyết định đã chọn không còn."},
    )
    decision_number = forms.CharField(
        label="Số quyết định mới", max_length=50, required=False, help_text="Ví dụ: 125-QĐ/TU"
    )
    decision_title = forms.CharField(
        label="Trích yếu quyết định mới",
        max_length=500,
        required=False,
        help_text="Để trống: “Giao việc đột phá, đổi mới năm …” theo kỳ đã chọn.",
    )
    signed_on = OfficeDateField(
        label="Ngày ký quyết định mới",
        required=False,
        help_text="dd/mm/yyyy; các việc được ghi là phê duyệt ngày này.",
        error_messages={"invalid": "Ngày ký ghi dạng dd/mm/yyyy."},
    )
    batch_number = forms.IntegerField(label="Đợt", required=False, min_value=1, max_value=999)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        periods = open_periods_for(user)
        self.fields["period"].queryset = periods  # type: ignore[attr-defined]
        self.fields["decision"].queryset = decisions_visible_to(user).filter(  # type: ignore[attr-defined]
            period__in=periods
        )

    def clean(self):
        data = super().clean() or {}
        period, decision = data.get("period"), data.get("decision")
        if period is None:
            return data
        if decision is not None:
            if decision.period_id != period.pk:
                self.add_error("decision", "Quyết định không thuộc chương trình và kỳ đã chọn.")
            return data
        if not data.get("decision_number", "").strip():
            self.add_error("decision_number", "Chọn quyết định đã có hoặc ghi số quyết định mới.")
        if data.get("signed_on") is None and "signed_on" not in self.errors:
            self.add_error("signed_on", "Ghi ngày ký của quyết định mới.")
        return data

    def target(self) -> TaskImportTarget:
        data = self.cleaned_data
        period = data["period"]
        return TaskImportTarget(
            programme=period.programme,
            period=period,
            decision=data.get("decision"),
            decision_number=data.get("decision_number", "").strip(),
            decision_title=data.get("decision_title", "").strip(),
            signed_on=data.get("signed_on"),
            batch_number=data.get("batch_number"),
        )


class TaskUploadForm(TaskImportTargetForm):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        help_text="Danh sách giao việc theo mẫu hoặc theo biểu của đơn vị; tối đa 5 MB.",
        error_messages={"required": "Chọn tệp Excel để tải lên.", "empty": "Tệp tải lên không có nội dung."},
        widget=forms.FileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )
    field_order = [
        "file",
        "period",
        "decision",
        "decision_number",
        "signed_on",
        "decision_title",
        "batch_number",
    ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("Tệp lớn hơn 5 MB; hãy chia thành nhiều tệp.")
        return upload


class TaskMappingForm(BootstrapFormMixin, forms.Form):
    """One select per column of ours, listing the file's columns by letter and header."""

    def __init__(
        self,
        *args,
        sheets: list[str],
        columns: list[SheetColumn],
        initial_mapping: TaskMapping | None = None,
        **kwargs,
    ) -> None:
        kwargs.setdefault("prefix", MAPPING_PREFIX)
        super().__init__(*args, **kwargs)
        self.fields["sheet"] = forms.ChoiceField(
            label="Trang",
            choices=[(name, name) for name in sheets],
            widget=forms.Select if len(sheets) > 1 else forms.HiddenInput,
        )
        options = [("", "— Không có —"), *((str(c.index), c.choice_label) for c in columns)]
        for column in COLUMNS:
            self.fields[column.key] = forms.TypedChoiceField(
                label=f"{column.label}{' (bắt buộc)' if column.required else ''}",
                choices=options,
                coerce=int,
                empty_value=None,
                required=column.required,
                error_messages={"required": f"Chọn cột “{column.label}”.", "invalid_choice": "Cột không có."},
            )
        if initial_mapping is not None:
            self.initial = {"sheet": initial_mapping.sheet, **initial_mapping.columns}
        for name, field in self.fields.items():
            if isinstance(field.widget, forms.Select):
                field.widget.attrs["class"] = "form-select"
            elif name == "sheet":
                field.widget.attrs.pop("class", None)

    def clean(self):
        data = super().clean() or {}
        used: dict[int, str] = {}
        for column in COLUMNS:
            index = data.get(column.key)
            if index is None:
                continue
            if index in used:
                self.add_error(column.key, f"Cột này đã chọn cho “{used[index]}”.")
            else:
                used[index] = column.label
        return data

    def mapping(self) -> TaskMapping:
        data = self.cleaned_data
        columns = {c.key: data[c.key] for c in COLUMNS if data.get(c.key) is not None}
        return TaskMapping(sheet=data["sheet"], columns=columns)

    @property
    def required_keys(self) -> tuple[str, ...]:
        return REQUIRED
