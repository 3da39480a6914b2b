from django.urls import reverse

from dotpha.accounts.models import Role, RoleGrant
from dotpha.api.tests.access import ApiCase, only
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory, make_user
from dotpha.tests.test_access import ROLES

ORGANIZER_ONLY = {role: 200 if role == "organizer" else 403 for role in ROLES}
CREATED_BY_ORGANIZER = {role: 201 if role == "organizer" else 403 for role in ROLES}


def cases(world) -> list[ApiCase]:
    made = iter(range(1, 10_000))

    def commune_cadre():
        cadre = CadreFactory.create(managing_unit=world.commune)
        AppointmentFactory(cadre=cadre, unit=world.commune, position=PositionFactory(name="Chuyên viên"))
        return cadre

    def fresh_account():
        return make_user(f"moi{next(made)}", Role.CADRE, world.commune, commune_cadre())

    def fresh_grant():
        return RoleGrant.objects.get(user=fresh_account())

    def fresh_unit_with_cadre():
        commune_cadre()
        return world.commune

    secretary = world.users["commune_committee"]
    return [
        ApiCase("account_list", "get", reverse("api:account_list"), ORGANIZER_ONLY),
        ApiCase("account_get", "get", reverse("api:account_get", args=[secretary.pk]), only({"organizer"})),
        ApiCase(
            "account_create",
            "post",
            reverse("api:account_create"),
            CREATED_BY_ORGANIZER,
            body=lambda: {"cadre_id": commune_cadre().pk, "username": f"taomoi{next(made)}"},
        ),
        ApiCase(
            "grant_create",
            "post",
            lambda: reverse("api:grant_create", args=[fresh_account().pk]),
            only({"organizer"}, ok=201),
            body={"role": Role.INSPECTOR, "unit_id": world.commune.pk},
        ),
        ApiCase(
            "grant_end",
            "post",
            lambda: reverse("api:grant_end", args=[fresh_grant().pk]),
            only({"organizer"}),
            body={},
        ),
        ApiCase(
            "account_reset_password",
            "post",
            lambda: reverse("api:account_reset_password", args=[fresh_account().pk]),
            only({"organizer"}),
        ),
        ApiCase(
            "account_deactivate",
            "post",
            lambda: reverse("api:account_deactivate", args=[fresh_account().pk]),
            only({"organizer"}),
        ),
        ApiCase(
            "accounts_bulk_create",
            "post",
            lambda: reverse("api:accounts_bulk_create", args=[fresh_unit_with_cadre().pk]),
            CREATED_BY_ORGANIZER,
            body={"role": Role.CADRE},
        ),
    ]
