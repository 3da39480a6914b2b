"""Badges for derived states and the module's own menu, shown to each role as far as it may go."""

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from dotpha.accounts.access import has_role
from dotpha.accounts.models import Role
from dotpha.core.templatetags.numbers import percent as core_percent

register = template.Library()

COVERAGE_CLASSES = {
    "uncovered": "text-bg-danger",
    "cadre_left": "text-bg-danger",
    "shared": "text-bg-warning",
    "covered": "text-bg-success",
}
DUE_CLASSES = {
    "on_time": "text-bg-success",
    "late": "text-bg-warning",
    "missing": "text-bg-danger",
    "pending": "text-bg-light border",
}


@register.filter
def coverage_class(status: str) -> str:
    return COVERAGE_CLASSES.get(str(status), "text-bg-secondary")


@register.filter
def due_class(state: str) -> str:
    return DUE_CLASSES.get(str(state), "text-bg-secondary")


@register.filter
def percent(value: float | None) -> str:
    """84.4 -> "84,4%" in Vietnamese, "84.4%" in English (core's numbers, in the page's language)."""
    return core_percent(value)


@register.inclusion_tag("monitoring/_menu.html", takes_context=True)
def monitoring_menu(context, active: str = "") -> dict:
    user = context["request"].user
    items = [("home", reverse("monitoring:home"), _("Tổng quan"))]
    if any(has_role(user, role) for role in (Role.ORGANIZER, Role.INSPECTOR, Role.APPROVER)):
        items += [
            ("board", reverse("monitoring:board"), _("Bảng phân công")),
            ("summary", reverse("monitoring:summary"), _("Tổng hợp")),
        ]
    items += [
        ("assignments", reverse("monitoring:assignment_list"), _("Phân công")),
        ("visits", reverse("monitoring:visit_list"), _("Lượt đi cơ sở")),
        ("feedback", reverse("monitoring:feedback_list"), _("Phiếu nhận xét")),
    ]
    return {"items": [{"key": k, "url": u, "label": label, "active": k == active} for k, u, label in items]}
