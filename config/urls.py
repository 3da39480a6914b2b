from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dotpha.accounts import views as account_views
from dotpha.api.api import api
from dotpha.core import pwa
from dotpha.programmes import urls as programmes_urls
from dotpha.reports import urls as reports_urls

urlpatterns = [
    path("", account_views.home, name="home"),
    # the service worker at the root, so that its scope is the whole site
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="pwa_manifest"),
    path("login/", account_views.LoginView.as_view(), name="login"),
    path("password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    # Django's switch (django.conf.urls.i18n), wrapped to remember a signed-in person's language
    path("i18n/setlang/", account_views.set_language, name="set_language"),
    path("my-account/", account_views.my_account, name="my_account"),
    path("locked-accounts/", include("dotpha.accounts.urls")),
    path("accounts/", include("dotpha.accounts.manage_urls")),
    path("", include("dotpha.structure.urls")),
    path("", include("dotpha.audit.urls")),
    path("imports/", include("dotpha.imports.urls")),
    path("workdays/", include("dotpha.workdays.urls")),
    path("tasks/", include("dotpha.tasks.urls")),
    # a decision's annex downloads are the reports app's views (programmes sits below reports), at the
    # decision's addresses and in its namespace
    path(
        "programmes/",
        include((programmes_urls.urlpatterns + reports_urls.decision_urlpatterns, programmes_urls.app_name)),
    ),
    path("notifications/", include("dotpha.notifications.urls")),
    path("reports/", include("dotpha.reports.urls")),
    path("cong-khai/", include((reports_urls.public_urlpatterns, "public"))),
    path("ratings/", include("dotpha.ratings.urls")),
    path("", include("dotpha.monitoring.urls")),
    path("api-tokens/", include("dotpha.api.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

# A database error raised by a middleware ends here: 503 in the product's shape; anything else, the 500 page.
handler500 = "dotpha.core.outage.server_error"
