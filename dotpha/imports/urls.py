from django.urls import path

from dotpha.imports import views

app_name = "imports"
urlpatterns = [
    path("org/", views.org_upload, name="org_upload"),
    path("org/commit/", views.org_commit, name="org_commit"),
    path("org/template.xlsx", views.org_template, name="org_template"),
]
