"""Keeping an approved task current: progress reports with evidence, obstacles, adjustment requests."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dotpha.core.forms import BootstrapFormMixin
from dotpha.tasks.files import ACCEPT
from dotpha.tasks.forms._fields import MultipleFileField, MultipleFileInput, date_field
from dotpha.tasks.models import Target, Task


class ProgressReportForm(BootstrapFormMixin, forms.Form):
    percent_done = forms.IntegerField(
        label=_("Tỷ lệ hoàn thành (%)"),
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    narrative = forms.CharField(
        label=_("Kết quả thực hiện, nhận xét"), widget=forms.Textarea(attrs={"rows": 5})
    )
    decrease_reason = forms.CharField(
        label=_("Lý do tiến độ thấp hơn lần báo cáo trước"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    evidence = MultipleFileField(
        label=_("Tệp minh chứng"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        previous = task.progress_reports.order_by("-reported_on", "-pk").first()
        if previous is None:
            del self.fields["decrease_reason"]  # nothing to fall below
        else:
            self.fields["decrease_reason"].help_text = _(
                "Bắt buộc khi tỷ lệ hoàn thành thấp hơn lần báo cáo trước (%(percent)s%%)."
            ) % {"percent": previous.percent_done}
        self.fields["evidence"].help_text = _(
            "Có thể chọn nhiều tệp: PDF, Word, Excel, ảnh JPG, PNG; mỗi tệp tối đa 10 MB, "
            "mỗi báo cáo tối đa %(count)s tệp, tổng %(total)s MB."
        ) % {
            "count": settings.DOTPHA_EVIDENCE_MAX_FILES,
            "total": settings.DOTPHA_EVIDENCE_MAX_REPORT_BYTES // (1024 * 1024),
        }
        self.targets = list(task.targets.all())
        for target in self.targets:
            self.fields[f"target_{target.pk}"] = forms.DecimalField(
                label=_("%(name)s — đã đạt (%(unit)s), phải đạt %(value)s")
                % {
                    "name": target.name,
                    "unit": target.unit_of_measure,
                    "value": f"{target.target_value.normalize():f}",
                },
                max_digits=14,
                decimal_places=2,
                min_value=Decimal(0),
                required=False,
                initial=target.achieved_value,
                widget=forms.NumberInput(attrs={"class": "form-control", "step": "any"}),
            )

    def target_values(self) -> dict[Target | int, Decimal]:
        values: dict[Target | int, Decimal] = {}
        for target in self.targets:
            value = self.cleaned_data.get(f"target_{target.pk}")
            if value is not None:
                values[target] = value
        return values


class ConfirmFiguresForm(BootstrapFormMixin, forms.Form):
    """The reporter's answer to a warning that the percentage contradicts the targets and milestones."""

    confirmed = forms.BooleanField(label=_("Tôi xác nhận số liệu này"), required=False)


class ObstacleForm(BootstrapFormMixin, forms.Form):
    content = forms.CharField(label=_("Khó khăn, vướng mắc"), widget=forms.Textarea(attrs={"rows": 3}))
    proposal = forms.CharField(
        label=_("Kiến nghị, đề xuất"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ObstacleAnswerForm(BootstrapFormMixin, forms.Form):
    answer = forms.CharField(label=_("Trả lời, chỉ đạo"), widget=forms.Textarea(attrs={"rows": 2}))


class CommentForm(BootstrapFormMixin, forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class AdjustmentForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(label=_("Lý do điều chỉnh"), widget=forms.Textarea(attrs={"rows": 2}))
    new_deadline = date_field(_("Thời hạn mới"))
    new_description = forms.CharField(
        label=_("Nội dung mới"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    new_deliverable = forms.CharField(
        label=_("Sản phẩm mới"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    target = forms.ModelChoiceField(
        label=_("Chỉ tiêu cần điều chỉnh"),
        queryset=Target.objects.none(),
        required=False,
        empty_label=_("— Không —"),
    )
    new_target_value = forms.DecimalField(
        label=_("Giá trị chỉ tiêu mới"), max_digits=14, decimal_places=2, min_value=Decimal(0), required=False
    )

    def __init__(self, *args, task: Task, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = task.targets.all()  # type: ignore[attr-defined]
        if not task.targets.all():
            del self.fields["target"], self.fields["new_target_value"]


class MilestoneDoneForm(BootstrapFormMixin, forms.Form):
    done_on = date_field(_("Hoàn thành ngày"), help_text=_("Để trống: hôm nay."))


class DecideForm(BootstrapFormMixin, forms.Form):
    """The authority's answer to an adjustment request: approve or refuse, with a comment."""

    APPROVE, REFUSE = "approve", "refuse"

    action = forms.ChoiceField(
        choices=[(APPROVE, _("Chấp thuận")), (REFUSE, _("Không chấp thuận"))], widget=forms.HiddenInput
    )
    comment = forms.CharField(
        label=_("Ý kiến (bắt buộc khi không chấp thuận)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
