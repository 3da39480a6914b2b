"""Issue 19: a progress report's images, taken on the phone, are re-encoded like a visit's photos: the time
and place the camera wrote are kept as the evidence's own fields, nothing else of the upload survives (no
EXIF, comment, or page or zip glued after the image). Other kinds of file are kept as they were sent."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from dotpha.monitoring.tests.photos import SCRIPT, phone_photo, zip_bytes
from dotpha.tasks.models import Evidence, TaskStatus
from dotpha.tasks.services import evidence_add, progress_report_submit
from dotpha.tasks.tests.evidence_samples import pdf_bytes
from dotpha.tasks.tests.factories import TargetFactory
from dotpha.tasks.tests.test_views_support import web_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored(item: Evidence) -> bytes:
    with item.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def task(stage):
    return stage.make_task(status=TaskStatus.APPROVED)


def submit(stage, task, files):
    return progress_report_submit(
        actor=stage.cadre, task=task, percent_done=10, narrative="Báo cáo tuần", files=files
    )


def test_a_phone_photo_keeps_its_time_and_place_as_fields_only(stage, task):
    photo = phone_photo(
        latitude=20.8140, longitude=105.3390, taken="2026:03:10 09:30:00", size=(4000, 3000), orientation=6
    )
    report = submit(stage, task, [upload("IMG_0042.JPG", photo)])
    item = report.evidence.get()
    assert item.original_name == "IMG_0042.JPG"
    assert item.taken_at == datetime.datetime(2026, 3, 10, 2, 30, tzinfo=datetime.UTC)  # 09:30 in Hòa Bình
    assert (item.latitude, item.longitude) == (Decimal("20.814000"), Decimal("105.339000"))
    content = stored(item)
    assert item.size == len(content) < len(photo)
    with Image.open(io.BytesIO(content)) as image:  # upright, at most 2048 px, no EXIF at all
        assert image.format == "JPEG" and image.size == (1536, 2048)
        assert dict(image.getexif()) == {}
    assert b"Exif" not in content
    assert item.history.get().history_user == stage.cadre


def test_a_photo_added_later_is_cleaned_too(stage, task):
    report = submit(stage, task, [upload("bien-ban.pdf", pdf_bytes())])
    (item,) = evidence_add(
        actor=stage.cadre,
        report=report,
        files=[upload("anh.jpg", phone_photo(latitude=21.0, longitude=105.5, comment=SCRIPT))],
    )
    assert (item.latitude, item.longitude) == (Decimal("21.000000"), Decimal("105.500000"))
    assert item.taken_at is None
    assert SCRIPT not in stored(item)


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [
        # a script in the JPEG comment and in the EXIF text
        ("comment.jpg", phone_photo(comment=SCRIPT, description=SCRIPT.decode()), "JPEG"),
        # polyglots: a valid JPEG followed by an HTML page, or by a zip
        ("html.jpg", phone_photo() + b"<html><body>" + SCRIPT + b"</body></html>", "JPEG"),
        ("zip.jpeg", phone_photo() + zip_bytes(), "JPEG"),
        # a PNG with the script in a text chunk: kept a PNG, under its name
        ("text.png", phone_photo(fmt="PNG", description=SCRIPT.decode()), "PNG"),
    ],
)
def test_hostile_images_come_out_neutralised(stage, task, name, content, kind):
    assert SCRIPT in content or b"PK\x03\x04" in content
    item = submit(stage, task, [upload(name, content)]).evidence.get()
    kept = stored(item)
    assert b"<script" not in kept and b"alert(" not in kept and b"<html" not in kept
    assert b"PK\x03\x04" not in kept and b"index.html" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        image.load()
        assert image.format == kind and "comment" not in image.info
        assert dict(image.getexif()) == {}
    if kind == "JPEG":
        assert kept.endswith(b"\xff\xd9")  # nothing after the image
    else:
        assert kept.endswith(b"IEND\xaeB`\x82")
    assert item.original_name == name and item.file.name.endswith(name.rsplit(".", 1)[1])


def test_a_pdf_is_kept_as_sent(stage, task):
    pdf = pdf_bytes()
    item = submit(stage, task, [upload("bien-ban.pdf", pdf)]).evidence.get()
    assert stored(item) == pdf
    assert (item.taken_at, item.latitude, item.longitude) == (None, None, None)


# ---- the pages -------------------------------------------------------------------------------------


def test_the_task_page_shows_a_photos_time_and_place_beside_it(web, client):
    task = web.task(status=TaskStatus.APPROVED, title="Xây 13 nhà cho hộ nghèo")
    target = TargetFactory.create(task=task)
    client.force_login(web.cadre)
    form = client.get(reverse("tasks:report", args=[task.pk]))
    assert 'accept="image/jpeg,image/png,.pdf' in form.text  # the phone offers its camera
    photo = phone_photo(latitude=20.8140, longitude=105.3390, taken="2026:03:10 09:30:00")
    response = client.post(
        reverse("tasks:report", args=[task.pk]),
        {
            "percent_done": "60",
            "narrative": "Đã khởi công 9/13 nhà.",
            f"target_{target.pk}": "9",
            "evidence": [upload("nha-so-9.jpg", photo), upload("bien-ban.pdf", pdf_bytes())],
        },
    )
    assert response.status_code == 302
    client.force_login(web.approver)  # another who sees the task
    page = client.get(reverse("tasks:detail", args=[task.pk])).text
    assert "nha-so-9.jpg</a> · <span data-taken>chụp lúc 09:30 10/03/2026</span>" in page
    assert "vị trí 20.81400, 105.33900" in page
    assert "mlat=20.814000&amp;mlon=105.339000" in page
    assert "bien-ban.pdf</a></span>" in page  # a file with no time nor place: nothing beside it
