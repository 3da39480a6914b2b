"""The visit pages with photos: the form takes them, the visit shows their time, place and flags, the files
are served only to those who see the visit; the phone's queue sends a visit twice and one is recorded."""

import re
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from dotpha.monitoring.models import Visit, VisitFile
from dotpha.monitoring.services import visit_confirm
from dotpha.monitoring.tests.photos import SCRIPT, phone_photo
from dotpha.org.tests.factories import make_user
from dotpha.structure.services import unit_update

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def visit_data(**extra) -> dict:
    today = timezone.localdate()
    return {
        "visit_date": f"{today:%d/%m/%Y}",
        "kind": "working_visit",
        "content": "Làm việc về chuyển đổi số.",
        **extra,
    }


def exif_day(day) -> str:
    return f"{day:%Y:%m:%d} 09:30:00"


@pytest.fixture
def tan_lap(live_stage):
    unit_update(
        actor=live_stage.organizer,
        unit=live_stage.world.commune,
        latitude=Decimal("20.812500"),
        longitude=Decimal("105.337200"),
    )
    return live_stage


def test_the_cadre_logs_a_visit_with_photos_and_sees_their_time_place_and_flags(tan_lap, client):
    stage = tan_lap
    today = timezone.localdate()
    client.force_login(stage.cadre_user)
    near = phone_photo(latitude=20.8130, longitude=105.3380, taken=exif_day(today))
    far = phone_photo(latitude=21.0285, longitude=105.8542, taken=exif_day(today))
    response = client.post(
        reverse("monitoring:visit_log", args=[stage.tan_lap.pk]),
        visit_data(
            attachments=[SimpleUploadedFile("hoi-truong.jpg", near), SimpleUploadedFile("ha-noi.jpg", far)],
            idempotency_key=str(uuid.uuid4()),
        ),
    )
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert visit.files.count() == 2 and visit.idempotency_key is not None
    page = text(client.get(reverse("monitoring:assignment_detail", args=[stage.tan_lap.pk])))
    assert f"Chụp lúc 09:30 {today:%d/%m/%Y}" in page
    assert "Vị trí 20.81300, 105.33800" in page and "cách trung tâm xã 0,1 km" in page
    assert page.count('data-flag="far"') == 1 and "Chụp xa xã (59 km)" in page
    assert 'data-flag="date"' not in page
    # the commune committee sees the same on its page
    client.force_login(stage.committee)
    page = text(client.get(reverse("monitoring:commune_detail", args=[stage.world.commune.pk])))
    assert "Chụp xa xã (59 km)" in page and "Thêm ảnh, tệp" not in page


def test_a_refused_file_on_the_form_keeps_nothing_and_says_why(tan_lap, client):
    stage = tan_lap
    client.force_login(stage.cadre_user)
    response = client.post(
        reverse("monitoring:visit_log", args=[stage.tan_lap.pk]),
        visit_data(attachments=[SimpleUploadedFile("anh.jpg", b"<html>" + SCRIPT + b"</html>")]),
    )
    assert response.status_code == 200
    assert "Nội dung tệp “anh.jpg” không đúng định dạng JPG." in text(response)
    assert not Visit.objects.exists() and not VisitFile.objects.exists()


def test_photos_are_served_only_to_those_who_see_the_visit(tan_lap, client):
    stage = tan_lap
    client.force_login(stage.cadre_user)
    client.post(
        reverse("monitoring:visit_log", args=[stage.tan_lap.pk]),
        visit_data(attachments=[SimpleUploadedFile("a.jpg", phone_photo(comment=SCRIPT))]),
    )
    item = VisitFile.objects.get()
    url = reverse("monitoring:visit_file", args=[item.pk])
    response = client.get(url)
    body = b"".join(response.streaming_content)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("inline") and SCRIPT not in body
    assert client.get(url, {"thumb": "1"}).status_code == 200
    # the commune committee and the organizer see it; the other commune's committee and nobody do not
    for user, status in (
        (stage.committee, 200),
        (stage.organizer, 200),
        (stage.other_committee, 404),
        (stage.world.users["nobody"], 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code == status, user


def test_who_may_add_photos_to_a_visit_from_its_page(tan_lap, client):
    stage = tan_lap
    client.force_login(stage.cadre_user)
    client.post(reverse("monitoring:visit_log", args=[stage.tan_lap.pk]), visit_data())
    visit = Visit.objects.get()
    url = reverse("monitoring:visit_files_add", args=[visit.pk])
    page = text(client.get(reverse("monitoring:assignment_detail", args=[stage.tan_lap.pk])))
    assert "Thêm ảnh, tệp" in page
    response = client.post(url, {"attachments": [SimpleUploadedFile("a.jpg", phone_photo())]})
    assert response.status_code == 302 and response.url.endswith(f"#visit-{visit.pk}")
    assert visit.files.count() == 1
    # the commune committee sees the visit but may not add; the other committee does not see it
    for user, status in ((stage.committee, 403), (stage.other_committee, 404), (stage.organizer, 403)):
        client.force_login(user)
        assert (
            client.post(url, {"attachments": [SimpleUploadedFile("b.jpg", phone_photo())]}).status_code
            == status
        )
    assert visit.files.count() == 1
    # once confirmed, the cadre's page offers no more and a post is refused in words
    visit_confirm(actor=stage.committee, visit=visit)
    client.force_login(stage.cadre_user)
    page = text(client.get(reverse("monitoring:assignment_detail", args=[stage.tan_lap.pk])))
    assert "Thêm ảnh, tệp" not in page
    response = client.post(url, {"attachments": [SimpleUploadedFile("c.jpg", phone_photo())]}, follow=True)
    assert "đã được Đảng ủy xã xác nhận" in text(response)
    assert visit.files.count() == 1


def test_the_phone_queue_sends_a_visit_twice_and_one_is_recorded(tan_lap, client):
    stage = tan_lap
    client.force_login(stage.cadre_user)
    key = str(uuid.uuid4())
    url = reverse("monitoring:visit_log", args=[stage.tan_lap.pk])
    for _attempt in range(2):
        response = client.post(
            url,
            visit_data(idempotency_key=key, attachments=[SimpleUploadedFile("a.jpg", phone_photo())]),
            headers={"Accept": "application/json"},
        )
        assert response.status_code == 200
        assert response.json() == {"url": reverse("monitoring:assignment_detail", args=[stage.tan_lap.pk])}
    assert Visit.objects.count() == 1 and VisitFile.objects.count() == 1
    # a refusal answers in JSON with the message, so the queue keeps the visit and shows why
    response = client.post(
        url,
        visit_data(visit_date="01/01/2099", idempotency_key=str(uuid.uuid4())),
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 400
    assert any("không được sau hôm nay" in e for e in response.json()["errors"])
    # the commune committee, who sees the assignment, may not log its visits; another commune's cadre
    # does not see it at all
    for user, status in ((stage.committee, 403), (make_user("khac", cadre=stage.minh), 404)):
        client.force_login(user)
        response = client.post(url, visit_data(idempotency_key=key), headers={"Accept": "application/json"})
        assert response.status_code == status
    assert Visit.objects.count() == 1
