from django.urls import reverse

from dotpha.api.tests.access import ALL, ApiCase, only
from dotpha.org.models import Cadre


def cases(world) -> list[ApiCase]:
    deputy = Cadre.objects.get(full_name="Đặng Thị Hạnh").pk
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan").pk
    return [
        ApiCase("unit_list", "get", reverse("api:unit_list"), ALL),
        ApiCase(
            "unit_get",
            "get",
            reverse("api:unit_get", args=[world.commune.pk]),
            only({"organizer", "commune_committee", "inspector"}),
        ),
        ApiCase("cadre_list", "get", reverse("api:cadre_list") + "?q=dang", ALL),
        ApiCase(
            "cadre_get",
            "get",
            reverse("api:cadre_get", args=[deputy]),
            only({"organizer", "approver", "unit_manager", "cadre", "inspector"}),
        ),
        ApiCase(
            "cadre_get",
            "get",
            reverse("api:cadre_get", args=[ward_chair]),
            only({"organizer", "inspector"}),
            label="ward chair",
        ),
    ]
