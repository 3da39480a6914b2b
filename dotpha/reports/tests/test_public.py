"""The public results pages: anyone reads a published snapshot without signing in, aggregates only unless
the names were published, the files read back the snapshot's figures, and after the first request a page
costs the database nothing; withdrawing takes the page down at once."""

import csv
import io
import re

import openpyxl
import pytest
from django.core.cache import cache
from django.urls import reverse

from dotpha.core.errors import ApplicationError
from dotpha.org.models import Unit
from dotpha.programmes.services import period_close
from dotpha.reports.models import PeriodSnapshot, SnapshotPublication
from dotpha.reports.publication import snapshot_publish, snapshot_withdraw
from dotpha.reports.tests.factories import YearSpec, build_year

pytestmark = pytest.mark.django_db

SPEC = YearSpec(
    excellent=9, good=6, completed=3, not_completed=2, not_evaluated=1, ahead=2, cadres_per_unit=2
)


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def year(world):
    return build_year(world, SPEC)


@pytest.fixture
def snapshot(world, year) -> PeriodSnapshot:
    period_close(actor=world.users["organizer"], period=year.period)
    return PeriodSnapshot.objects.get(period=year.period)


@pytest.fixture
def publish(world, snapshot, django_capture_on_commit_callbacks):
    def run(names_public: bool = False) -> SnapshotPublication:
        with django_capture_on_commit_callbacks(execute=True):
            return snapshot_publish(
                actor=world.users["organizer"], snapshot=snapshot, names_public=names_public
            )

    return run


def page(client, snapshot) -> str:
    response = client.get(reverse("public:result", args=[snapshot.pk]))
    assert response.status_code == 200
    return response.content.decode()


def figure(html: str, code: str) -> str:
    match = re.search(rf'data-figure="{code}">([^<]*)', html)
    assert match, code
    return match.group(1).strip()


def row_cells(html: str, table: str, label: str) -> list[str]:
    """The cells of the row headed `label` in the table `table`."""
    section = html.split(f'data-table="{table}"')[1].split("</table>")[0]
    for row in re.findall(r"<tr>(.*?)</tr>", section, flags=re.S):
        if re.search(rf'<th scope="row"[^>]*>{re.escape(label)}', row):
            return re.findall(r'<td class="text-end">([^<]*)</td>', row)
    raise AssertionError(label)


def test_a_published_result_is_open_to_anyone_with_the_snapshots_figures(world, snapshot, publish, client):
    publish()
    index = client.get(reverse("public:index"))
    assert index.status_code == 200
    assert f'data-result="{snapshot.pk}"' in index.content.decode()
    html = page(client, snapshot)
    assert 'lang="vi"' in html and html.count("<h1") == 1
    assert snapshot.content_hash in html
    assert figure(html, "approved") == str(SPEC.approved)
    assert figure(html, "finished_rate") == "85,7%"  # (9 + 6 + 3) / 21
    assert figure(html, "ahead") == str(SPEC.ahead)
    # the units table: the people's committee's row is the snapshot's figures of that unit (its subtree)
    people = Unit.objects.get(code="P-UBND")
    frozen = snapshot.content["unit_figures"][str(people.pk)]
    cells = row_cells(html, "units", people.name)
    assert frozen["approved"] > 0
    assert cells[:3] == [str(frozen["approved"]), str(frozen["cadres"]), str(frozen["excellent"])]
    # the fields take every other task of 21, the first field (by code) the odd one out
    assert row_cells(html, "fields", "Chuyển đổi số")[0] == "11"
    assert row_cells(html, "fields", "Giải phóng mặt bằng")[0] == "10"
    # nothing of the signed-in product: no navigation bar, no sign-in form, no CSRF token
    assert "navbar" not in html and "csrfmiddlewaretoken" not in html and "csrftoken" not in index.cookies


def test_no_names_unless_the_organizers_published_them(world, year, snapshot, publish, client):
    name = year.cadres[world.home_affairs.code][0].full_name
    publish()
    html = page(client, snapshot)
    assert name not in html and 'data-table="lines"' not in html
    assert name not in client.get(reverse("public:result_csv", args=[snapshot.pk])).content.decode(
        "utf-8-sig"
    )
    assert client.get(reverse("public:result_cadres_xlsx", args=[snapshot.pk])).status_code == 404

    organizer = world.users["organizer"]
    with pytest.raises(ApplicationError):  # published already: withdrawn first, then published with names
        snapshot_publish(actor=organizer, snapshot=snapshot, names_public=True)
    snapshot_withdraw(actor=organizer, snapshot=snapshot, reason="Công bố kèm danh sách")
    publish(names_public=True)
    html = page(client, snapshot)
    assert name in html and html.count("data-assignee") == SPEC.approved
    annex = client.get(reverse("public:result_cadres_xlsx", args=[snapshot.pk]))
    assert annex.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(annex.content))
    assert any(c.value == name for ws in book.worksheets for row in ws.iter_rows() for c in row)


def test_unpublished_and_withdrawn_results_are_not_found(
    world, snapshot, publish, client, django_capture_on_commit_callbacks
):
    names = ["public:result", "public:result_csv", "public:result_xlsx"]
    for name in names:
        assert client.get(reverse(name, args=[snapshot.pk])).status_code == 404
    publish()
    for name in names:
        assert client.get(reverse(name, args=[snapshot.pk])).status_code == 200  # now cached
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_withdraw(actor=world.users["organizer"], snapshot=snapshot, reason="Số liệu cần rà soát")
    for name in names:
        assert client.get(reverse(name, args=[snapshot.pk])).status_code == 404, name
    assert f'data-result="{snapshot.pk}"' not in client.get(reverse("public:index")).content.decode()


def test_the_files_read_back_the_snapshots_figures(snapshot, publish, client):
    publish()
    response = client.get(reverse("public:result_csv", args=[snapshot.pk]))
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, total = rows[0], rows[1]
    assert total[:2] == ["Tổng cộng", snapshot.content["root"]["name"]]
    by_header = dict(zip(header, total, strict=True))
    assert by_header["Đã phê duyệt (được giao)"] == str(SPEC.approved)
    assert by_header["Hoàn thành xuất sắc"] == str(SPEC.excellent)
    assert by_header["Tỷ lệ hoàn thành xuất sắc (%)"] == f"{100 * SPEC.excellent / SPEC.approved:.1f}"
    units = [r for r in rows if r[0] == "Theo đơn vị"]
    assert len(units) == len(snapshot.content["units"])

    xlsx = client.get(reverse("public:result_xlsx", args=[snapshot.pk]))
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    sheet = book.worksheets[0]
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert any(isinstance(v, str) and snapshot.content_hash in v for row in values for v in row)
    total_row = next(row for row in values if row[1] == "Tổng cộng")
    labels = next(row for row in values if row[0] == "STT")
    assert total_row[labels.index("Đã phê duyệt (được giao)")] == SPEC.approved


def test_after_the_first_request_a_page_costs_no_query(snapshot, publish, client, django_assert_num_queries):
    publish()
    addresses = [
        reverse("public:index"),
        reverse("public:result", args=[snapshot.pk]),
        reverse("public:result", args=[snapshot.pk]) + "?lang=en",
        reverse("public:result_csv", args=[snapshot.pk]),
        reverse("public:result_xlsx", args=[snapshot.pk]),
        reverse("public:result", args=[snapshot.pk + 1000]),  # a 404 is remembered too
    ]
    first = [client.get(address) for address in addresses]
    for address, before in zip(addresses, first, strict=True):
        with django_assert_num_queries(0):
            again = client.get(address)
        assert again.status_code == before.status_code, address
        if before.status_code == 200:
            assert again.content == before.content, address
    english = first[2]
    assert english["Content-Language"] == "en" and 'lang="en"' in english.content.decode()


def test_the_organizer_publishes_from_the_board(world, year, snapshot, client):
    organizer = world.users["organizer"]
    client.force_login(world.users["approver"])
    board = client.get(reverse("reports:board"), {"period": year.period.pk}).content.decode()
    assert "data-publication" not in board
    assert client.get(reverse("reports:snapshot_publish", args=[snapshot.pk])).status_code == 403

    client.force_login(organizer)
    board = client.get(reverse("reports:board"), {"period": year.period.pk}).content.decode()
    assert reverse("reports:snapshot_publish", args=[snapshot.pk]) in board
    confirm = client.get(reverse("reports:snapshot_publish", args=[snapshot.pk]))
    assert "Xác nhận công bố" in confirm.content.decode()
    assert not SnapshotPublication.objects.exists()  # opening the page publishes nothing
    response = client.post(reverse("reports:snapshot_publish", args=[snapshot.pk]), {"names_public": "on"})
    assert response.status_code == 302
    publication = SnapshotPublication.objects.get()
    assert publication.names_public and publication.published_by == organizer
    board = client.get(reverse("reports:board"), {"period": year.period.pk}).content.decode()
    assert reverse("reports:snapshot_withdraw", args=[snapshot.pk]) in board

    refused = client.post(reverse("reports:snapshot_withdraw", args=[snapshot.pk]), {"reason": " "})
    assert refused.status_code == 200
    client.post(reverse("reports:snapshot_withdraw", args=[snapshot.pk]), {"reason": "Rà soát lại"})
    publication.refresh_from_db()
    assert publication.withdrawn_at is not None
