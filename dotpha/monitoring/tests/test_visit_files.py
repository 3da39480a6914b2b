"""Photos and files of a visit (issue 19, part 2): re-encoded with nothing of the upload left, the EXIF time
and place kept only as fields, flagged when far from the commune or on another day; who may attach them;
a visit sent twice with its key recorded once."""

import datetime
import io
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.monitoring.errors import MonitoringRefusal
from dotpha.monitoring.models import Visit, VisitFile
from dotpha.monitoring.services import visit_confirm, visit_files_add, visit_log
from dotpha.monitoring.tests.photos import SCRIPT, phone_photo, zip_bytes
from dotpha.notifications.models import Notification, NotificationKind
from dotpha.org.tests.factories import make_user
from dotpha.structure.services import unit_update
from dotpha.tasks.tests.evidence_samples import pdf_bytes

pytestmark = pytest.mark.django_db

TAN_LAP = (20.8125, 105.3372)  # the commune's centre in these tests


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def stored(item: VisitFile) -> bytes:
    with item.file.open("rb") as handle:
        return handle.read()


@pytest.fixture
def visit(stage) -> Visit:
    unit_update(
        actor=stage.organizer,
        unit=stage.world.commune,
        latitude=Decimal(str(TAN_LAP[0])),
        longitude=Decimal(str(TAN_LAP[1])),
    )
    return visit_log(
        actor=stage.cadre_user,
        assignment=stage.tan_lap,
        visit_date=stage.day(3, 10),
        kind="working_visit",
        content="Làm việc về chuyển đổi số.",
        today=stage.day(3, 10),
    )


def test_a_phone_photo_keeps_its_time_and_place_as_fields_only(visit, stage):
    # a 4000 px photo, taken sideways, with its time and GPS position in the EXIF
    photo = phone_photo(
        latitude=20.8140, longitude=105.3390, taken="2026:03:10 09:30:00", size=(4000, 3000), orientation=6
    )
    (item,) = visit_files_add(actor=stage.cadre_user, visit=visit, files=[upload("IMG_0042.JPG", photo)])
    item.refresh_from_db()
    assert item.is_photo and item.original_name == "IMG_0042.jpg"
    assert item.taken_at == datetime.datetime(2026, 3, 10, 2, 30, tzinfo=datetime.UTC)  # 09:30 in Hòa Bình
    assert (item.latitude, item.longitude) == (Decimal("20.814000"), Decimal("105.339000"))
    # the stored file: upright, at most 2048 px, and no EXIF at all (no position, no time)
    content = stored(item)
    with Image.open(io.BytesIO(content)) as image:
        assert image.format == "JPEG" and image.size == (1536, 2048)
        assert dict(image.getexif()) == {}
    assert b"Exif" not in content
    with item.thumbnail.open("rb") as handle:
        thumbnail = handle.read()
    with Image.open(io.BytesIO(thumbnail)) as thumb:
        assert max(thumb.size) == 320 and dict(thumb.getexif()) == {}
    assert b"Exif" not in thumbnail
    # near the commune, on the visit's day: no flag
    assert not item.is_far_from_commune and not item.is_off_date
    assert item.distance_km() == pytest.approx(0.25, abs=0.005)
    assert item.history.get().history_user == stage.cadre_user


@pytest.mark.parametrize(
    ("name", "content"),
    [
        # a script in the JPEG comment and in the EXIF text
        ("comment.jpg", phone_photo(comment=SCRIPT, description=SCRIPT.decode())),
        # polyglots: a valid JPEG followed by an HTML page, or by a zip
        ("html.jpg", phone_photo() + b"<html><body>" + SCRIPT + b"</body></html>"),
        ("zip.jpg", phone_photo() + zip_bytes()),
        # a PNG with the script in a text chunk
        ("text.png", phone_photo(fmt="PNG", description=SCRIPT.decode())),
    ],
)
def test_hostile_images_come_out_neutralised(visit, stage, name, content):
    assert SCRIPT in content or b"PK\x03\x04" in content
    (item,) = visit_files_add(actor=stage.cadre_user, visit=visit, files=[upload(name, content)])
    kept = stored(item)
    assert b"<script" not in kept and b"alert(" not in kept and b"<html" not in kept
    assert b"PK\x03\x04" not in kept and b"index.html" not in kept
    assert kept.startswith(b"\xff\xd8\xff") and kept.endswith(b"\xff\xd9")  # a JPEG and nothing after it
    with Image.open(io.BytesIO(kept)) as image:
        image.load()
        assert image.format == "JPEG" and "comment" not in image.info
    assert item.original_name.endswith(".jpg")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("anh.jpg", b"<html>" + SCRIPT + b"</html>", "không đúng định dạng JPG"),
        ("anh.jpg", b"MZ\x90\x00 an executable renamed", "không đúng định dạng JPG"),
        ("anh.png", phone_photo(), "không đúng định dạng PNG"),  # a JPEG named .png
        ("anh.heic", b"\x00\x00\x00\x18ftypheic", "HEIC chưa đọc được"),
        ("trang.html", b"<html></html>", "không được chấp nhận"),
    ],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_kept(stage, name, content, message):
    with pytest.raises(ApplicationError) as refused:
        visit_log(
            actor=stage.cadre_user,
            assignment=stage.tan_lap,
            visit_date=stage.day(3, 10),
            kind="working_visit",
            content="Làm việc.",
            files=[upload("hop-le.jpg", phone_photo()), upload(name, content)],
            today=stage.day(3, 10),
        )
    assert message in refused.value.message
    assert not Visit.objects.exists() and not VisitFile.objects.exists()


def test_a_pdf_is_kept_as_sent(visit, stage):
    pdf = pdf_bytes()
    (item,) = visit_files_add(actor=stage.cadre_user, visit=visit, files=[upload("bien-ban.pdf", pdf)])
    assert not item.is_photo and item.taken_at is None and stored(item) == pdf


def test_far_from_the_commune_or_on_another_day_is_flagged_not_refused(visit, stage):
    far = phone_photo(latitude=21.0285, longitude=105.8542, taken="2026:03:10 10:00:00")  # Hà Nội
    other_day = phone_photo(latitude=TAN_LAP[0], longitude=TAN_LAP[1], taken="2026:02:27 16:00:00")
    no_exif = phone_photo()
    items = visit_files_add(
        actor=stage.cadre_user,
        visit=visit,
        files=[upload("xa.jpg", far), upload("cu.jpg", other_day), upload("khong.jpg", no_exif)],
    )
    assert [(i.is_far_from_commune, i.is_off_date) for i in items] == [
        (True, False),
        (False, True),
        (False, False),
    ]
    assert items[0].distance_km() == pytest.approx(59, abs=0.5)  # Hòa Bình to Hà Nội, as the crow flies
    assert items[2].taken_at is None and not items[2].has_position and items[2].distance_km() is None


def test_only_the_monitoring_cadre_attaches_and_only_before_confirmation(visit, stage):
    photo = phone_photo()
    # the commune committee, another leader, a cadre of another commune: refused, nothing kept
    for actor in (stage.committee, stage.world.users["unit_manager"], stage.world.users["inspector"]):
        with pytest.raises(PermissionDeniedError):
            visit_files_add(actor=actor, visit=visit, files=[upload("a.jpg", photo)])
    assert not VisitFile.objects.exists()
    # the cadre attaches; once the committee confirms, the visit's evidence is closed
    visit_files_add(actor=stage.cadre_user, visit=visit, files=[upload("a.jpg", photo)])
    visit_confirm(actor=stage.committee, visit=visit)
    with pytest.raises(ApplicationError) as refused:
        visit_files_add(actor=stage.cadre_user, visit=visit, files=[upload("b.jpg", photo)])
    assert refused.value.code == MonitoringRefusal.ALREADY_CONFIRMED
    assert VisitFile.objects.count() == 1


def test_at_most_ten_files_per_visit(visit, stage, settings):
    settings.DOTPHA_EVIDENCE_MAX_FILES = 2
    photo = phone_photo()
    visit_files_add(actor=stage.cadre_user, visit=visit, files=[upload("a.jpg", photo)])
    with pytest.raises(ApplicationError) as refused:
        visit_files_add(actor=stage.cadre_user, visit=visit, files=[upload("b.jpg", photo)] * 2)
    assert "tối đa 2 ảnh, tệp (đã có 1)" in refused.value.message
    assert VisitFile.objects.count() == 1


def test_a_visit_sent_twice_with_its_key_is_recorded_once(stage):
    key = uuid.uuid4()
    sent = {
        "actor": stage.cadre_user,
        "assignment": stage.tan_lap,
        "visit_date": stage.day(3, 10),
        "kind": "working_visit",
        "content": "Làm việc về chuyển đổi số.",
        "idempotency_key": key,
        "today": stage.day(3, 12),
    }
    first = visit_log(**sent, files=[upload("a.jpg", phone_photo())])
    again = visit_log(**sent, files=[upload("a.jpg", phone_photo())])
    assert again.pk == first.pk
    assert Visit.objects.count() == 1 and VisitFile.objects.count() == 1
    assert Notification.objects.filter(kind=NotificationKind.VISIT_LOGGED).count() == 1
    # another key: another visit
    visit_log(**{**sent, "idempotency_key": uuid.uuid4()})
    assert Visit.objects.count() == 2
    # the key of Hạnh's visit sent for another commune: refused, nothing made
    with pytest.raises(PermissionDeniedError):
        visit_log(**{**sent, "assignment": stage.hoa_binh})
    assert Visit.objects.count() == 2


def test_a_key_reused_by_someone_else_is_refused(stage):
    key = uuid.uuid4()
    common = {
        "visit_date": stage.day(3, 10),
        "kind": "working_visit",
        "content": "Làm việc.",
        "idempotency_key": key,
        "today": stage.day(3, 12),
    }
    visit_log(actor=stage.cadre_user, assignment=stage.tan_lap, **common)
    minh = make_user("minh", cadre=stage.minh)
    with pytest.raises(ApplicationError) as refused:
        visit_log(actor=minh, assignment=stage.hoa_binh, **common)
    assert refused.value.code == MonitoringRefusal.KEY_REUSED
    assert Visit.objects.count() == 1
