"""Who may open what in statistics, reports and ratings: every new address with every role in
`world.users` and anonymously (allowed 200/302, forbidden 403, not disclosed 404, anonymous to login)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from dotpha.org.models import Cadre
from dotpha.ratings.models import AnnualRating, RatingLevel
from dotpha.reports.models import ExportJob, ExportStatus

pytestmark = pytest.mark.django_db

ROLES = ["organizer", "approver", "unit_manager", "cadre", "commune_committee", "inspector", "nobody"]
READERS = {"organizer", "approver", "unit_manager", "commune_committee", "inspector"}
BOARD = {"organizer", "approver", "inspector"}


def expect(allowed: dict[str, int] | set[str], *, denied: int = 404, no_role: int = 403) -> dict[str, int]:
    """`allowed` roles get 200 (or the given status); other readers `denied`; cadre and nobody `no_role`."""
    codes = allowed if isinstance(allowed, dict) else dict.fromkeys(allowed, 200)
    return {role: codes.get(role, denied if role in READERS else no_role) for role in ROLES}


@pytest.fixture
def objects(world):
    deputy = Cadre.objects.get(full_name="Đặng Thị Hạnh")
    ward_chair = Cadre.objects.get(full_name="Vũ Thị Lan")
    ratings = {
        "deputy": AnnualRating.objects.create(
            cadre=deputy, year=2024, authority_unit=world.standing, proposed_level=RatingLevel.GOOD
        ),
        "ward": AnnualRating.objects.create(
            cadre=ward_chair, year=2024, authority_unit=world.other_commune, proposed_level=RatingLevel.GOOD
        ),
    }
    job = ExportJob.objects.create(
        kind="statistics", params={}, requested_by=world.users["organizer"], status=ExportStatus.DONE
    )
    job.file.save("thong-ke.xlsx", ContentFile(b"PK"), save=False)
    job.filename = "thong-ke.xlsx"
    job.save()
    return {"ratings": ratings, "job": job}


def get_cases(world, objects):
    export = lambda kind: reverse("reports:export", args=[kind])  # noqa: E731
    job = objects["job"]
    ratings = objects["ratings"]
    own_job = {"organizer": 200}
    return [
        ("statistics home", reverse("reports:home"), expect(dict.fromkeys(READERS, 302))),
        ("board", reverse("reports:board"), expect(BOARD, denied=403)),
        (
            "department dashboard",
            reverse("reports:unit", args=[world.home_affairs.pk]),
            expect(BOARD | {"unit_manager"}),
        ),
        (
            "commune dashboard",
            reverse("reports:unit", args=[world.commune.pk]),
            expect(BOARD | {"commune_committee"}),
        ),
        (
            "merged commune dashboard",
            reverse("reports:unit", args=[world.old_commune.pk]),
            expect(BOARD | {"commune_committee"}),
        ),
        ("unknown unit", reverse("reports:unit", args=[999999]), expect(set())),
        ("drill-down, own scope", reverse("reports:tasks") + "?m=approved", expect(READERS)),
        (
            "drill-down, province",
            reverse("reports:tasks") + f"?unit={world.province.pk}&m=total",
            expect(BOARD),
        ),
        ("report page", reverse("reports:report"), expect(READERS)),
        ("statistics export", export("statistics"), expect(READERS)),
        ("statistics of another unit", export("statistics") + f"?unit={world.finance.pk}", expect(BOARD)),
        ("cadre annex", export("annex_cadres"), expect(READERS)),
        ("grade annex", export("annex_grades"), expect(READERS)),
        ("Word report", export("report_docx"), expect(READERS)),
        ("PDF report", export("report_pdf"), expect(READERS)),
        ("rating list export", export("ratings"), expect(READERS)),
        ("rating list in Word", export("ratings_docx"), expect(READERS)),
        ("unknown export", export("khong-co"), dict.fromkeys(ROLES, 404)),
        ("background job", export("statistics") + "?background=1", expect(dict.fromkeys(READERS, 302))),
        ("job status", reverse("reports:job", args=[job.pk]), expect(own_job)),
        ("job file", reverse("reports:job_download", args=[job.pk]), expect(own_job)),
        ("templates", reverse("reports:templates"), expect({"organizer"}, denied=403)),
        ("default template", reverse("reports:template_file", args=[0]), expect({"organizer"}, denied=403)),
        ("rating list", reverse("ratings:list"), expect(READERS)),
        (
            "deputy's rating",
            reverse("ratings:detail", args=[ratings["deputy"].pk]),
            {**expect(BOARD | {"unit_manager"}), "cadre": 200, "nobody": 404},
        ),
        (
            "ward chair's rating",
            reverse("ratings:detail", args=[ratings["ward"].pk]),
            {**expect({"organizer", "inspector"}), "cadre": 404, "nobody": 404},
        ),
    ]


def post_cases(world, objects):
    deputy = objects["ratings"]["deputy"]
    return [
        (
            "propose ratings",
            reverse("ratings:propose"),
            {"year": "2024"},
            expect({"organizer": 302}, denied=403),
        ),
        (
            "decide the deputy's rating",
            reverse("ratings:decide", args=[deputy.pk]),
            {"level": RatingLevel.GOOD, "comment": "Hoàn thành tốt."},
            {**expect({"approver": 302}, denied=403), "commune_committee": 404, "cadre": 403, "nobody": 404},
        ),
        ("upload a template", reverse("reports:templates"), {"note": "x"}, expect({"organizer"}, denied=403)),
    ]


def test_every_page_with_every_role(world, objects, client):
    failures = []
    for label, url, expected in get_cases(world, objects):
        for role, status in expected.items():
            client.force_login(world.users[role])
            got = client.get(url).status_code
            if got != status:
                failures.append(f"{label} as {role}: expected {status}, got {got}")
    assert failures == []


def test_every_action_with_every_role(world, objects, client):
    failures = []
    for label, url, data, expected in post_cases(world, objects):
        for role, status in expected.items():
            client.force_login(world.users[role])
            got = client.post(url, data).status_code
            if got != status:
                failures.append(f"{label} as {role}: expected {status}, got {got}")
    assert failures == []


def test_anonymous_is_sent_to_login(world, objects, client):
    for label, url, _expected in get_cases(world, objects):
        response = client.get(url)
        assert response.status_code == 302, label
        assert response.url.startswith(reverse("login")), label
    for label, url, data, _expected in post_cases(world, objects):
        response = client.post(url, data)
        assert response.status_code == 302, label
        assert response.url.startswith(reverse("login")), label


def test_superuser_reads_everything(world, client):
    from dotpha.accounts.models import User

    admin = User.objects.create_superuser("quantri", password="x")
    client.force_login(admin)
    assert client.get(reverse("reports:board")).status_code == 200
    assert client.get(reverse("reports:unit", args=[world.commune.pk])).status_code == 200
    assert client.get(reverse("ratings:list")).status_code == 200
