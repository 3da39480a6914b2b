"""Personal API tokens: made and revoked on a page, stored as digests, acting as their user and never more."""

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from dotpha.api.models import ApiToken
from dotpha.api.services import MAX_ACTIVE_TOKENS, token_create, token_digest, token_revoke
from dotpha.core.errors import ApplicationError, PermissionDeniedError

pytestmark = pytest.mark.django_db


def auth(raw: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {raw}"}


def test_a_token_is_stored_only_as_its_digest_with_an_audited_creation(world):
    # given / when
    token, raw = token_create(actor=world.users["cadre"], name="Hệ thống văn bản")
    # then
    assert raw.startswith("dp_") and len(raw) > 40
    row = ApiToken.objects.get(pk=token.pk)
    assert row.digest == token_digest(raw)
    assert raw not in {row.digest, row.prefix, row.name}
    assert row.prefix == raw[:10]
    history = row.history.get()  # type: ignore[attr-defined]
    assert history.history_user == world.users["cadre"]
    assert not hasattr(history, "digest")


@pytest.mark.parametrize(
    ("name", "expires_on", "message"),
    [
        ("  ", None, "Hãy đặt tên gợi nhớ"),
        ("Một cửa", datetime.date(2020, 1, 1), "Ngày hết hạn phải sau hôm nay."),
    ],
)
def test_bad_token_requests_are_refused_and_make_nothing(world, name, expires_on, message):
    with pytest.raises(ApplicationError, match=message):
        token_create(actor=world.users["cadre"], name=name, expires_on=expires_on)
    assert ApiToken.objects.count() == 0


def test_at_most_ten_active_tokens(world):
    user = world.users["cadre"]
    for n in range(MAX_ACTIVE_TOKENS):
        token_create(actor=user, name=f"Mã {n}")
    with pytest.raises(ApplicationError, match="tối đa 10 mã"):
        token_create(actor=user, name="Một mã nữa")
    token_revoke(actor=user, token=ApiToken.objects.filter(user=user).earliest("created_at"))
    token_create(actor=user, name="Thay cho mã đã thu hồi")
    assert ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() == MAX_ACTIVE_TOKENS


def test_only_the_owner_revokes_and_only_once(world):
    token, _raw = token_create(actor=world.users["cadre"], name="Văn bản")
    with pytest.raises(PermissionDeniedError):
        token_revoke(actor=world.users["organizer"], token=token)
    token_revoke(actor=world.users["cadre"], token=token)
    with pytest.raises(ApplicationError, match="đã bị thu hồi"):
        token_revoke(actor=world.users["cadre"], token=token)


def test_the_api_answers_a_token_as_its_user_and_records_the_use(world, client):
    token, raw = token_create(actor=world.users["commune_committee"], name="Một cửa xã")
    response = client.get(reverse("api:unit_list"), headers=auth(raw))
    assert response.status_code == 200
    names = {unit["name"] for unit in response.json()["items"]}
    # the commune committee's scope: its commune and the commune merged into it, nothing of the province
    assert "Xã Tân Lập" in names
    assert "Sở Nội vụ" not in names and "Tỉnh Thử Nghiệm" not in names
    assert ApiToken.objects.get(pk=token.pk).last_used_at is not None


@pytest.mark.parametrize("state", ["revoked", "expired", "inactive user", "unknown", "not bearer"])
def test_a_dead_token_gets_401_in_vietnamese(world, client, state):
    user = world.users["organizer"]
    token, raw = token_create(
        actor=user, name="Cũ", expires_on=timezone.localdate() + datetime.timedelta(days=1)
    )
    headers = auth(raw)
    if state == "revoked":
        token_revoke(actor=user, token=token)
    elif state == "expired":
        ApiToken.objects.filter(pk=token.pk).update(
            expires_on=timezone.localdate() - datetime.timedelta(days=1)
        )
    elif state == "inactive user":
        user.is_active = False
        user.save()
    elif state == "unknown":
        headers = auth("dp_" + "x" * 43)
    else:
        headers = {"Authorization": f"Token {raw}"}
    response = client.get(reverse("api:unit_list"), headers=headers)
    assert response.status_code == 401
    assert response.json() == {
        "code": "unauthenticated",
        "message": "Cần đăng nhập hoặc gửi mã truy cập hợp lệ (Authorization: Bearer …).",
        "details": [],
    }


def test_the_browser_session_works_and_writes_need_the_csrf_token(world):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["organizer"])
    assert browser.get(reverse("api:unit_list")).status_code == 200
    body = json.dumps({"name": "2030", "start_date": "2030-01-01", "end_date": "2030-12-31"})
    response = browser.post(
        reverse("api:period_create", args=[1]), data=body, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_validation_errors_name_the_field_in_vietnamese(world, client):
    _token, raw = token_create(actor=world.users["organizer"], name="Kiểm thử")
    response = client.get(reverse("api:unit_list") + "?page=0&parent_id=abc", headers=auth(raw))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"] == "Dữ liệu gửi lên không hợp lệ."
    assert {"field": "page", "message": "Giá trị quá nhỏ."} in body["details"]
    assert {"field": "parent_id", "message": "Phải là số nguyên."} in body["details"]


def test_a_body_that_is_not_json_is_a_400(world, client):
    _token, raw = token_create(actor=world.users["organizer"], name="Kiểm thử")
    response = client.post(
        reverse("api:programme_create"), data="{not json", content_type="application/json", headers=auth(raw)
    )
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


class TestTokenPage:
    def test_make_a_token_see_it_once_then_only_its_prefix(self, world, client):
        client.force_login(world.users["cadre"])
        response = client.post(
            reverse("tokens:list"), {"name": "Hệ thống văn bản", "expires_on": "31/12/2030"}
        )
        assert response.status_code == 200
        token = ApiToken.objects.get(user=world.users["cadre"])
        raw = response.context["created"]
        assert token.digest == token_digest(raw)
        assert token.expires_on == datetime.date(2030, 12, 31)
        assert "chép ngay, mã sẽ không hiện lại" in response.text and raw in response.text
        again = client.get(reverse("tokens:list"))
        assert raw not in again.text
        assert f"{token.prefix}…" in again.text and "31/12/2030" in again.text

    def test_a_bad_date_keeps_what_was_typed_and_makes_nothing(self, world, client):
        client.force_login(world.users["cadre"])
        response = client.post(reverse("tokens:list"), {"name": "Văn bản", "expires_on": "2030-12-31"})
        assert "Nhập ngày theo dạng dd/mm/yyyy" in response.text
        assert 'value="Văn bản"' in response.text
        assert ApiToken.objects.count() == 0

    def test_revoke_own_token_and_not_another_users(self, world, client):
        mine, raw = token_create(actor=world.users["cadre"], name="Của tôi")
        theirs, _ = token_create(actor=world.users["organizer"], name="Của người khác")
        client.force_login(world.users["cadre"])
        assert client.post(reverse("tokens:revoke", args=[theirs.pk])).status_code == 404
        response = client.post(reverse("tokens:revoke", args=[mine.pk]), follow=True)
        assert "Đã thu hồi mã “Của tôi”" in response.text
        assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
        client.logout()
        assert client.get(reverse("api:unit_list"), headers=auth(raw)).status_code == 401

    def test_the_page_needs_a_login(self, world, client):
        response = client.get(reverse("tokens:list"))
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_vietnamese_comes_as_utf8_not_escapes(world, client):
    _token, raw = token_create(actor=world.users["organizer"], name="Kiểm thử")
    response = client.get(reverse("api:unit_list") + "?q=tan+lap", headers=auth(raw))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "Xã Tân Lập".encode() in response.content
