"""Accounts over the API: the same rules and refusals as the pages, the temporary password once."""

import pytest
from django.urls import reverse

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.api.tests.access import bearer, call
from dotpha.org.tests.factories import AppointmentFactory, CadreFactory, PositionFactory, make_user

pytestmark = pytest.mark.django_db


def test_an_organizer_creates_grants_and_ends_over_the_api(world, client):
    headers = bearer(world.users["organizer"])
    cadre = CadreFactory.create(full_name="Đỗ Thị Mai")
    AppointmentFactory(cadre=cadre, unit=world.commune, position=PositionFactory(name="Bí thư Đảng ủy"))
    response = call(
        client, "post", reverse("api:account_create"), headers, {"cadre_id": cadre.pk, "username": "maidt"}
    )
    assert response.status_code == 201
    body = response.json()
    account = User.objects.get(username="maidt")
    assert body["account"]["must_change_password"] and account.check_password(body["temporary_password"])

    url = reverse("api:grant_create", args=[account.pk])
    grant = call(
        client, "post", url, headers, {"role": Role.COMMUNE_COMMITTEE, "unit_id": world.commune.pk}
    ).json()
    again = call(client, "post", url, headers, {"role": Role.COMMUNE_COMMITTEE, "unit_id": world.commune.pk})
    assert again.status_code == 400 and again.json()["code"] == "grant_exists"

    ended = call(client, "post", reverse("api:grant_end", args=[grant["id"]]), headers, {})
    assert ended.status_code == 200 and ended.json()["end_date"]
    assert not RoleGrant.objects.filter(user=account).exists()  # none in force
    detail = client.get(reverse("api:account_get", args=[account.pk]), headers=headers).json()
    assert [g["role"] for g in detail["grants"]] == [Role.COMMUNE_COMMITTEE]
    assert "temporary_password" not in detail and "password" not in detail

    listed = client.get(reverse("api:account_list"), {"q": "mai"}, headers=headers).json()
    assert [a["username"] for a in listed["items"]] == ["maidt"]


def test_a_commune_organizer_is_refused_beyond_the_commune(world, client):
    headers = bearer(make_user("tochucxa", Role.ORGANIZER, world.commune))
    secretary = world.users["commune_committee"]
    response = call(
        client,
        "post",
        reverse("api:grant_create", args=[secretary.pk]),
        headers,
        {"role": Role.ORGANIZER, "unit_id": world.province.pk},
    )
    assert response.status_code == 403
    assert not RoleGrant.objects.filter(user=secretary, role=Role.ORGANIZER).exists()
    director = world.users["unit_manager"]
    response = call(client, "post", reverse("api:account_deactivate", args=[director.pk]), headers)
    assert response.status_code == 404
    director.refresh_from_db()
    assert director.is_active
