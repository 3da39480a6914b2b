from django.contrib.admin.apps import AdminConfig


class DotphaAdminConfig(AdminConfig):
    default_site = "dotpha.core.admin_site.DotphaAdminSite"
