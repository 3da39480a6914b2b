from django.urls import path

from dotpha.audit import views

app_name = "audit"
urlpatterns = [
    path("audit/", views.audit_log, name="log"),
    path("audit/export.xlsx", views.audit_export, name="export"),
    path("audit/reads/", views.read_log_page, name="reads"),
]
