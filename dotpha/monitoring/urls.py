from django.urls import path

from dotpha.monitoring.views import assignments, feedback, overview, setup, work

app_name = "monitoring"
urlpatterns = [
    path("monitoring/", overview.home, name="home"),
    path("monitoring/coverage/", overview.board, name="board"),
    path("monitoring/years/new/", setup.year_create, name="year_create"),
    path("monitoring/programmes/new/", setup.programme_create, name="programme_create"),
    path("monitoring/summary/", overview.summary, name="summary"),
    path("monitoring/communes/<int:pk>/", overview.commune_detail, name="commune_detail"),
    path("monitoring/assignments/", assignments.assignment_list, name="assignment_list"),
    path("monitoring/assignments/new/", assignments.assignment_create, name="assignment_create"),
    path("monitoring/assignments/<int:pk>/", assignments.assignment_detail, name="assignment_detail"),
    path(
        "monitoring/assignments/<int:pk>/reassign/",
        assignments.assignment_reassign,
        name="assignment_reassign",
    ),
    path("monitoring/assignments/<int:pk>/end/", assignments.assignment_end, name="assignment_end"),
    path("monitoring/assignments/<int:pk>/cadre-left/", assignments.cadre_left, name="cadre_left"),
    path("monitoring/assignments/<int:pk>/plans/<int:year_pk>/", work.plan_submit, name="plan_submit"),
    path("monitoring/assignments/<int:pk>/visits/new/", work.visit_log, name="visit_log"),
    path(
        "monitoring/assignments/<int:pk>/reports/<int:period_pk>/", work.report_submit, name="report_submit"
    ),
    path(
        "monitoring/assignments/<int:pk>/feedback/<int:year_pk>/",
        feedback.feedback_submit,
        name="feedback_submit",
    ),
    path("monitoring/visits/", work.visit_list, name="visit_list"),
    path("monitoring/visits/<int:pk>/confirm/", work.visit_confirm, name="visit_confirm"),
    path("monitoring/visits/<int:pk>/files/", work.visit_files_add, name="visit_files_add"),
    path("monitoring/visit-files/<int:pk>/", work.visit_file, name="visit_file"),
    path("monitoring/report-files/<int:pk>/", work.report_file, name="report_file"),
    path("monitoring/plans/", work.plan_list, name="plan_list"),
    path("monitoring/reports/", work.report_list, name="report_list"),
    path("monitoring/feedback/", feedback.feedback_list, name="feedback_list"),
    path("monitoring/feedback/<int:pk>/", feedback.feedback_detail, name="feedback_detail"),
    path("monitoring/feedback/<int:pk>/correct/", feedback.feedback_correct, name="feedback_correct"),
]
