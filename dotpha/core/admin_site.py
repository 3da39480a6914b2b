from django.contrib.admin import AdminSite


class DotphaAdminSite(AdminSite):
    """Admin for organizers and superusers: the staff flag alone is not enough, a role is needed."""

    site_header = "Đột phá — Quản trị dữ liệu"
    site_title = "Đột phá"
    index_title = "Quản trị dữ liệu"

    def has_permission(self, request):
        from dotpha.accounts.permissions import is_organizer

        return request.user.is_active and is_organizer(request.user)
