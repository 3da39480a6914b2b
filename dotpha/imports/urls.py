from django.urls import path

from dotpha.imports import task_job_views, task_views, views

app_name = "imports"
urlpatterns = [
    path("org/", views.org_upload, name="org_upload"),
    path("org/commit/", views.org_commit, name="org_commit"),
    path("org/template.xlsx", views.org_template, name="org_template"),
    path("tasks/", task_views.task_upload, name="task_upload"),
    path("tasks/columns/", task_views.task_map, name="task_map"),
    path("tasks/commit/", task_views.task_commit, name="task_commit"),
    path("tasks/jobs/<uuid:pk>/", task_job_views.task_job, name="task_job"),
    path("tasks/template.xlsx", task_views.task_template, name="task_template"),
]
