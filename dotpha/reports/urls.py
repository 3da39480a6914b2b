from django.urls import path

from dotpha.reports.views import dashboard, decision_downloads, exports, public, publishing

app_name = "reports"
urlpatterns = [
    path("", dashboard.home, name="home"),
    path("board/", dashboard.board, name="board"),
    path("units/<int:pk>/", dashboard.unit, name="unit"),
    path("tasks/", dashboard.tasks, name="tasks"),
    path("report/", exports.report, name="report"),
    path("export/<slug:kind>/", exports.export, name="export"),
    path("jobs/<uuid:pk>/", exports.job, name="job"),
    path("jobs/<uuid:pk>/download/", exports.job_download, name="job_download"),
    path("templates/", exports.templates, name="templates"),
    path("templates/<int:pk>/file/", exports.template_file, name="template_file"),
    path("snapshots/<int:pk>/publish/", publishing.publish, name="snapshot_publish"),
    path("snapshots/<int:pk>/withdraw/", publishing.withdraw, name="snapshot_withdraw"),
]

# The annex of a decision keeps the decision's addresses and URL names (programmes:decision_annex_docx, ...):
# config/urls.py serves these under /programmes/ in the programmes namespace.
decision_urlpatterns = [
    path("decisions/<int:pk>/annex.docx", decision_downloads.decision_annex_docx, name="decision_annex_docx"),
    path("decisions/<int:pk>/annex.xlsx", decision_downloads.decision_annex_xlsx, name="decision_annex_xlsx"),
]

# Kết quả công khai: open to anyone, served under /cong-khai/ (config/urls.py) in the "public" namespace.
public_urlpatterns = [
    path("", public.index, name="index"),
    path("<int:pk>/", public.result, name="result"),
    path("<int:pk>/so-lieu.csv", public.result_csv, name="result_csv"),
    path("<int:pk>/thong-ke.xlsx", public.result_xlsx, name="result_xlsx"),
    path("<int:pk>/phu-luc-can-bo.xlsx", public.result_cadres_xlsx, name="result_cadres_xlsx"),
]
