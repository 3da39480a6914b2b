from django.urls import path

from dotpha.tasks.views import approval, detail, evaluation, execution, gaps, grading, lists, registration

app_name = "tasks"
urlpatterns = [
    path("", lists.task_list, name="list"),
    path("mine/", lists.mine, name="mine"),
    path("mine/new/", registration.register, name="register"),
    path("mine/lookalikes/", registration.title_lookalikes, name="title_lookalikes"),
    path("<int:pk>/", detail.detail, name="detail"),
    path("<int:pk>/edit/", registration.edit, name="edit"),
    path("<int:pk>/submit/", registration.submit, name="submit"),
    path("approvals/", approval.approvals, name="approvals"),
    path("periods/<int:pk>/below-minimum/", gaps.registration_gap_list, name="registration_gaps"),
    path("approvals/batch/", approval.approve_batch, name="approve_batch"),
    path("approvals/assign/", approval.assign, name="assign"),
    path("<int:pk>/review/", approval.review, name="review"),
    path("<int:pk>/lookalikes/dismiss/", approval.lookalike_dismiss, name="lookalike_dismiss"),
    path("<int:pk>/report/", execution.report, name="report"),
    path("evidence/<int:pk>/", execution.evidence, name="evidence"),
    path("milestones/<int:pk>/complete/", execution.milestone_complete, name="milestone_complete"),
    path("milestones/<int:pk>/undo/", execution.milestone_undo, name="milestone_undo"),
    path("<int:pk>/obstacles/", execution.obstacle_raise, name="obstacle_raise"),
    path("obstacles/<int:pk>/answer/", execution.obstacle_answer, name="obstacle_answer"),
    path("obstacles/<int:pk>/resolve/", execution.obstacle_resolve, name="obstacle_resolve"),
    path("<int:pk>/adjustments/", execution.adjustment_request, name="adjustment_request"),
    path("adjustments/<int:pk>/decide/", execution.adjustment_decide, name="adjustment_decide"),
    path("<int:pk>/self-assessment/", evaluation.self_assess, name="self_assess"),
    path("<int:pk>/evaluation/", evaluation.evaluate, name="evaluate"),
    path("<int:pk>/years/<int:year>/self-report/", evaluation.year_self_report, name="year_self_report"),
    path("<int:pk>/years/<int:year>/grade/", evaluation.year_grade, name="year_grade"),
    path("grading/", grading.grading_list, name="grading"),
    path("grading/<int:period_id>/<int:unit_id>/", grading.grading_sheet, name="grading_sheet"),
]
