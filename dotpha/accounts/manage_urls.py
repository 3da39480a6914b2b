from django.urls import path

from dotpha.accounts import manage_views as views

app_name = "account_pages"
urlpatterns = [
    path("", views.account_list, name="list"),
    path("new/", views.account_create, name="create"),
    path("bulk/", views.bulk_create, name="bulk"),
    path("<int:pk>/", views.account_detail, name="detail"),
    path("<int:pk>/reset-password/", views.password_reset, name="reset"),
    path("<int:pk>/deactivate/", views.deactivate, name="deactivate"),
    path("grants/<int:pk>/end/", views.grant_end, name="end_grant"),
]
