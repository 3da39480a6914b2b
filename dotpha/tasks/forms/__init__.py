"""The forms of the task pages. They gather and clean what the user typed; every rule is the services'."""

from dotpha.tasks.forms.approval import BatchApprovalForm, ReviewForm
from dotpha.tasks.forms.evaluation import (
    EvaluationForm,
    SelfAssessmentForm,
    YearGradeForm,
    YearSelfReportForm,
)
from dotpha.tasks.forms.execution import (
    AdjustmentForm,
    CommentForm,
    ConfirmFiguresForm,
    DecideForm,
    MilestoneDoneForm,
    ObstacleAnswerForm,
    ObstacleForm,
    ProgressReportForm,
)
from dotpha.tasks.forms.filters import TaskFilterForm
from dotpha.tasks.forms.grading import GradingSheetForm
from dotpha.tasks.forms.registration import (
    AssignForm,
    DraftForm,
    EditForm,
    RegisterForm,
    open_periods_for,
    open_programmes_for,
    plan_formsets,
)

__all__ = [
    "AdjustmentForm",
    "AssignForm",
    "BatchApprovalForm",
    "CommentForm",
    "ConfirmFiguresForm",
    "DecideForm",
    "DraftForm",
    "EditForm",
    "EvaluationForm",
    "GradingSheetForm",
    "MilestoneDoneForm",
    "ObstacleAnswerForm",
    "ObstacleForm",
    "ProgressReportForm",
    "RegisterForm",
    "ReviewForm",
    "SelfAssessmentForm",
    "TaskFilterForm",
    "YearGradeForm",
    "YearSelfReportForm",
    "open_periods_for",
    "open_programmes_for",
    "plan_formsets",
]
