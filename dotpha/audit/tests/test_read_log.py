"""Reads of personal data are logged (who, when, what, scope), kept at least three months, append-only, and
readable by the inspector and the province's organizers."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.api.services import token_create
from dotpha.audit.models import ReadKind, ReadLog
from dotpha.audit.services import record_read
from dotpha.core.errors import ApplicationError
from dotpha.org.models import Cadre
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.reports.models import ExportJob
from dotpha.reports.services import export_job_run
from dotpha.reports.tests.factories import build_year
from dotpha.tests.test_access import ROLES

pytestmark = pytest.mark.django_db


def only_row() -> ReadLog:
    return ReadLog.objects.get()


def test_opening_a_cadre_page_is_logged(world, client):
    deputy = Cadre.objects.get(full_name="Đặng Thị Hạnh")
    client.force_login(world.users["unit_manager"])
    assert client.get(reverse("org:cadre_detail", args=[deputy.pk])).status_code == 200
    row = only_row()
    assert (row.user, row.username, row.kind, row.channel) == (
        world.users["unit_manager"],
        "giamdoc",
        ReadKind.CADRE,
        "web",
    )
    assert (row.subject, row.object_id, row.object_repr) == ("org.cadre", str(deputy.pk), "Đặng Thị Hạnh")
    assert row.unit == world.standing and "Ban Thường vụ Tỉnh ủy" in row.scope
    assert abs(row.at - timezone.now()) < datetime.timedelta(minutes=1)


def test_a_cadre_out_of_scope_is_not_found_and_nothing_is_logged(world, client):
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    client.force_login(world.users["unit_manager"])
    assert client.get(reverse("org:cadre_detail", args=[ward_chair.pk])).status_code == 404
    assert ReadLog.objects.count() == 0


def test_reading_a_cadre_through_the_api_is_logged(world, client):
    deputy = Cadre.objects.get(full_name="Đặng Thị Hạnh")
    _token, raw = token_create(actor=world.users["approver"], name="Văn phòng điện tử")
    response = client.get(f"/api/v1/cadres/{deputy.pk}", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200 and response.json()["full_name"] == "Đặng Thị Hạnh"
    row = only_row()
    assert (row.user, row.kind, row.channel, row.object_id) == (
        world.users["approver"],
        ReadKind.CADRE,
        "api",
        str(deputy.pk),
    )
    # the list is not a profile read; a cadre out of scope answers 404 and is not logged
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    assert (
        client.get(f"/api/v1/cadres/{ward_chair.pk}", headers={"Authorization": f"Bearer {raw}"}).status_code
        == 404
    )
    assert ReadLog.objects.count() == 1


def test_each_page_of_the_api_cadre_list_is_logged(world, client):
    """The list serves the same profile as the detail, 200 at a time: every page is one row naming them."""
    _token, raw = token_create(actor=world.users["organizer"], name="Văn phòng điện tử")
    auth = {"Authorization": f"Bearer {raw}"}
    first = client.get("/api/v1/cadres", {"page_size": 2}, headers=auth).json()
    second = client.get("/api/v1/cadres", {"page_size": 2, "page": 2, "q": ""}, headers=auth).json()
    assert first["count"] >= 3 and len(first["items"]) == 2
    rows = list(ReadLog.objects.order_by("at", "pk"))
    assert len(rows) == 2
    for row, page, served in zip(rows, (1, 2), (first, second), strict=True):
        assert (row.user, row.username, row.kind, row.channel, row.subject) == (
            world.users["organizer"],
            "tochuc",
            ReadKind.CADRE,
            "api",
            "org.cadre",
        )
        ids = [item["id"] for item in served["items"]]
        assert row.params["ids"] == ids and row.params["count"] == served["count"]
        assert (row.params["page"], row.params["page_size"]) == (page, 2)
        assert row.object_repr == f"Danh sách cán bộ: {len(ids)} người (trang {page}, tổng {served['count']})"

    deputy = Cadre.objects.get(full_name="Đặng Thị Hạnh")
    found = client.get("/api/v1/cadres", {"q": "dang thi hanh"}, headers=auth).json()
    assert [item["id"] for item in found["items"]] == [deputy.pk]
    last = ReadLog.objects.order_by("-at", "-pk").first()
    assert last is not None
    assert last.params["ids"] == [deputy.pk] and last.params["filters"] == {"q": "dang thi hanh"}
    assert last.scope == "Bộ lọc: q=dang thi hanh"
    assert ReadLog.objects.count() == 3


def test_a_refused_cadre_list_is_not_logged(world, client):
    response = client.get("/api/v1/cadres", headers={"Authorization": "Bearer sai"})
    assert response.status_code == 401
    assert not ReadLog.objects.exists()


def test_a_superuser_opening_a_cadre_in_the_admin_is_logged(world, client):
    inspector_admin = User.objects.create_superuser("quantri", password="Mat-khau-2025")
    deputy = Cadre.objects.get(full_name="Đặng Thị Hạnh")
    client.force_login(inspector_admin)
    change = client.get(reverse("admin:org_cadre_change", args=[deputy.pk]))
    assert change.status_code == 200 and "Đặng Thị Hạnh" in change.text
    history = client.get(reverse("admin:org_cadre_history", args=[deputy.pk]))
    assert history.status_code == 200
    rows = list(ReadLog.objects.order_by("at", "pk").values_list("username", "kind", "channel", "object_id"))
    assert rows == [("quantri", ReadKind.CADRE, "web", str(deputy.pk))] * 2
    # the list of cadres and a cadre that does not exist are not profile reads
    assert client.get(reverse("admin:org_cadre_changelist")).status_code == 200
    assert client.get(reverse("admin:org_cadre_change", args=[999999])).status_code == 302
    assert ReadLog.objects.count() == 2


@pytest.mark.parametrize(
    ("kind", "filename"),
    [
        ("statistics", "thong-ke-viec-dot-pha-"),
        ("annex_cadres", "phu-luc-viec-theo-can-bo-"),
        ("annex_grades", "phu-luc-ket-qua-theo-muc-"),
        ("report_docx", "bao-cao-viec-dot-pha-"),
        ("report_pdf", "bao-cao-viec-dot-pha-"),
    ],
)
def test_every_statistics_export_is_logged(world, client, kind, filename):
    year = build_year(world)
    client.force_login(world.users["organizer"])
    response = client.get(reverse("reports:export", args=[kind]), {"period": year.period.pk})
    assert response.status_code == 200
    assert f'filename="{filename}' in response["Content-Disposition"]
    row = only_row()
    assert (row.user, row.kind, row.subject) == (world.users["organizer"], ReadKind.EXPORT, kind)
    assert filename in row.object_repr
    assert row.unit == world.province
    assert row.scope.startswith("Tỉnh Thử Nghiệm") and "2024" in row.scope
    assert row.params == {"period": str(year.period.pk)}


def test_the_ratings_export_is_logged(world, client):
    deputy = Cadre.objects.get(full_name="Đặng Thị Hạnh")
    AnnualRating.objects.create(
        cadre=deputy, year=2024, authority_unit=world.standing, proposed_level=RatingLevel.GOOD
    )
    client.force_login(world.users["approver"])
    response = client.get(reverse("reports:export", args=["ratings"]), {"year": "2024"})
    assert response.status_code == 200
    row = only_row()
    assert (row.user, row.kind, row.subject) == (world.users["approver"], ReadKind.EXPORT, "ratings")
    assert "xep-loai-can-bo-2024.xlsx" in row.object_repr and "năm 2024" in row.scope
    assert row.params == {"year": "2024"}


def test_a_background_export_is_logged_when_its_file_is_downloaded(world, client):
    year = build_year(world)
    client.force_login(world.users["organizer"])
    response = client.get(
        reverse("reports:export", args=["annex_cadres"]), {"period": year.period.pk, "background": "1"}
    )
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert ReadLog.objects.count() == 0  # queued, nothing has left yet
    export_job_run(job_id=str(job.pk))
    download = client.get(reverse("reports:job_download", args=[job.pk]))
    assert download.status_code == 200
    b"".join(download.streaming_content)
    row = only_row()
    assert (row.user, row.subject, row.object_id) == (world.users["organizer"], "annex_cadres", str(job.pk))
    assert row.unit == world.province
    # another user asking for the job's file gets 404, and nothing is logged for them
    client.force_login(world.users["inspector"])
    assert client.get(reverse("reports:job_download", args=[job.pk])).status_code == 404
    assert ReadLog.objects.count() == 1


def test_a_refused_export_logs_nothing(world, client):
    client.force_login(world.users["unit_manager"])
    response = client.get(reverse("reports:export", args=["statistics"]), {"unit": world.commune.pk})
    assert response.status_code == 404
    client.force_login(world.users["cadre"])
    assert client.get(reverse("reports:export", args=["statistics"])).status_code == 403
    assert ReadLog.objects.count() == 0


def _row_at(days_ago: float, **extra) -> ReadLog:
    return ReadLog.objects.create(
        at=timezone.now() - datetime.timedelta(days=days_ago),
        user_id=1,
        username="tochuc",
        kind=ReadKind.CADRE,
        subject="org.cadre",
        object_repr=f"{days_ago} ngày trước",
        **extra,
    )


def test_the_purge_keeps_three_months(world):
    kept = [_row_at(0), _row_at(30), _row_at(89.9)]
    _row_at(90.1)
    _row_at(400)
    out = io.StringIO()
    call_command("purge_read_log", stdout=out)
    assert "Đã xóa 2 dòng" in out.getvalue()
    assert set(ReadLog.objects.values_list("pk", flat=True)) == {r.pk for r in kept}


def test_the_purge_refuses_a_period_under_ninety_days(world, settings):
    for days in (0, 30, 60, 89.0):
        _row_at(days)
    settings.DOTPHA_READ_LOG_DAYS = 30
    with pytest.raises(CommandError, match="ít nhất 90 ngày"):
        call_command("purge_read_log")
    assert ReadLog.objects.count() == 4
    settings.DOTPHA_READ_LOG_DAYS = 180
    call_command("purge_read_log", stdout=io.StringIO())
    assert ReadLog.objects.count() == 4


def test_the_log_is_append_only(world):
    row = record_read(
        user=world.users["organizer"], kind=ReadKind.CADRE, subject="org.cadre", object_repr="Đặng Thị Hạnh"
    )
    row.object_repr = "Người khác"
    with pytest.raises(ApplicationError, match="chỉ được ghi thêm"):
        row.save()
    with pytest.raises(ApplicationError):
        row.delete()
    with pytest.raises(ApplicationError):
        ReadLog.objects.all().delete()
    with pytest.raises(ApplicationError):
        ReadLog.objects.update(object_repr="Người khác")
    # deleting the account that read leaves the row as it was written
    reader = world.users["nobody"]
    record_read(user=reader, kind=ReadKind.EXPORT, subject="statistics", object_repr="Bảng thống kê")
    reader.delete()
    assert list(ReadLog.objects.order_by("pk").values_list("username", "object_repr")) == [
        ("tochuc", "Đặng Thị Hạnh"),
        ("khongquyen", "Bảng thống kê"),
    ]


def test_who_reads_the_read_log(world, client):
    record_read(
        user=world.users["unit_manager"],
        kind=ReadKind.CADRE,
        subject="org.cadre",
        object_repr="Đặng Thị Hạnh",
    )
    # the organizer of one commune reads the change log of its commune, not who read what
    RoleGrant.objects.create(user=world.users["commune_committee"], role=Role.ORGANIZER, unit=world.commune)
    allowed = {"organizer", "inspector"}
    for role in ROLES:
        client.force_login(world.users[role])
        response = client.get(reverse("audit:reads"))
        assert response.status_code == (200 if role in allowed else 403), role
        if role in allowed:
            assert "Đặng Thị Hạnh" in response.text and "giamdoc" in response.text
    superuser = world.users["nobody"]
    superuser.is_superuser = True
    superuser.save()
    client.force_login(superuser)
    assert client.get(reverse("audit:reads")).status_code == 200


def test_the_read_log_filters_by_user_and_kind(world, client):
    record_read(
        user=world.users["unit_manager"],
        kind=ReadKind.CADRE,
        subject="org.cadre",
        object_repr="Đặng Thị Hạnh",
    )
    record_read(
        user=world.users["approver"], kind=ReadKind.EXPORT, subject="statistics", object_repr="Bảng thống kê"
    )
    client.force_login(world.users["inspector"])
    by_user = client.get(reverse("audit:reads"), {"user": "GIAMDOC"}).text
    assert "Đặng Thị Hạnh" in by_user and "Bảng thống kê" not in by_user
    by_kind = client.get(reverse("audit:reads"), {"kind": "export"}).text
    assert "Bảng thống kê" in by_kind and "Đặng Thị Hạnh" not in by_kind
    # an unknown kind is ignored rather than an error
    assert client.get(reverse("audit:reads"), {"kind": "x"}).status_code == 200
