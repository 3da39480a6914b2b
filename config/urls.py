from django.contrib import admin
from django.urls import include, path

from dotpha.accounts import views as account_views

admin.site.site_header = "Đột phá — Quản trị"
admin.site.site_title = "Đột phá"
admin.site.index_title = "Quản trị dữ liệu"

urlpatterns = [
    path("", account_views.home, name="home"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("dotpha.org.urls")),
    path("", include("dotpha.audit.urls")),
    path("imports/", include("dotpha.imports.urls")),
    path("admin/", admin.site.urls),
]
