from django.urls import path

from dotpha.programmes import decision_views, views

app_name = "programmes"
# A decision's annex, decisions/<pk>/annex.docx and .xlsx, is served in this namespace too, by the reports
# app that writes it (dotpha.reports.urls.decision_urlpatterns, added in config/urls.py).
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<int:pk>/edit/", views.programme_edit, name="edit"),
    path("<int:pk>/routine-duties/", views.routine_duties, name="routine_duties"),
    path("routine-duties/<int:pk>/remove/", views.routine_duty_remove, name="routine_duty_remove"),
    path("<int:pk>/periods/new/", views.period_create, name="period_create"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/reopen/", views.period_reopen, name="period_reopen"),
    path("decisions/", decision_views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/", decision_views.decision_detail, name="decision_detail"),
    path("decisions/<int:pk>/scan/", decision_views.decision_scan, name="decision_scan"),
    path("decisions/<int:pk>/scan/upload/", decision_views.decision_scan_upload, name="decision_scan_upload"),
    path("decisions/<int:pk>/amend/", decision_views.decision_amend, name="decision_amend"),
]
