"""Publishing a closed period's results is a deliberate, audited act of the reporting unit's organizers;
a refusal changes nothing."""

import pytest

from dotpha.accounts.models import Role
from dotpha.core.errors import ApplicationError
from dotpha.org.tests.factories import make_user
from dotpha.programmes.services import period_close, period_reopen
from dotpha.reports.models import PeriodSnapshot, SnapshotPublication
from dotpha.reports.publication import public_version, snapshot_publish, snapshot_withdraw
from dotpha.reports.tests.factories import YearSpec, build_year

pytestmark = pytest.mark.django_db

SPEC = YearSpec(
    excellent=4, good=3, completed=2, not_completed=1, not_evaluated=1, ahead=1, cadres_per_unit=1
)


@pytest.fixture
def snapshot(world) -> PeriodSnapshot:
    year = build_year(world, SPEC)
    period_close(actor=world.users["organizer"], period=year.period)
    return PeriodSnapshot.objects.get(period=year.period)


def test_the_organizer_publishes_and_withdraws_with_history(
    world, snapshot, django_capture_on_commit_callbacks
):
    organizer = world.users["organizer"]
    before = public_version()
    with django_capture_on_commit_callbacks(execute=True):
        publication = snapshot_publish(actor=organizer, snapshot=snapshot, names_public=True)
    after_publish = public_version()
    assert after_publish != before  # the cached public pages are left behind
    publication.refresh_from_db()
    assert (publication.published_by, publication.names_public, publication.withdrawn_at) == (
        organizer,
        True,
        None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        snapshot_withdraw(actor=organizer, snapshot=snapshot, reason="Số liệu cần rà soát lại")
    assert public_version() != after_publish
    publication.refresh_from_db()
    assert publication.withdrawn_at is not None
    rows = list(publication.history.order_by("history_date"))  # type: ignore[attr-defined]
    assert [(r.history_user, r.withdrawn_at is None) for r in rows] == [(organizer, True), (organizer, False)]
    assert rows[-1].history_change_reason == "Số liệu cần rà soát lại"
    # published again, without names this time: the same row, made public again
    snapshot_publish(actor=organizer, snapshot=snapshot)
    publication.refresh_from_db()
    assert publication.withdrawn_at is None and not publication.names_public
    assert SnapshotPublication.objects.count() == 1


@pytest.mark.parametrize("who", ["approver", "unit_manager", "commune_committee", "cadre", "inspector"])
def test_only_the_organizer_publishes(world, snapshot, who):
    with pytest.raises(ApplicationError) as info:
        snapshot_publish(actor=world.users[who], snapshot=snapshot)
    assert info.value.code == "forbidden"
    assert not SnapshotPublication.objects.exists()


def test_a_communes_organizer_does_not_publish_the_provinces_results(world, snapshot):
    commune_organizer = make_user("tochucxa", Role.ORGANIZER, world.commune)
    with pytest.raises(ApplicationError) as info:
        snapshot_publish(actor=commune_organizer, snapshot=snapshot)
    assert info.value.code == "forbidden"
    organizer = world.users["organizer"]
    snapshot_publish(actor=organizer, snapshot=snapshot)
    with pytest.raises(ApplicationError) as info:
        snapshot_withdraw(actor=commune_organizer, snapshot=snapshot, reason="Không đúng")
    assert info.value.code == "forbidden"
    assert SnapshotPublication.objects.get().withdrawn_at is None


def test_a_reopened_or_superseded_snapshot_is_not_published(world, snapshot):
    organizer = world.users["organizer"]
    period = snapshot.period
    period_reopen(actor=organizer, period=period, reason="Bổ sung kết quả đánh giá")
    with pytest.raises(ApplicationError) as info:
        snapshot_publish(actor=organizer, snapshot=snapshot)
    assert info.value.code == "period_open"
    period_close(actor=organizer, period=period)
    with pytest.raises(ApplicationError) as info:
        snapshot_publish(actor=organizer, snapshot=snapshot)
    assert info.value.code == "snapshot_superseded"
    assert not SnapshotPublication.objects.exists()
    newest = PeriodSnapshot.objects.filter(period=period).latest()
    assert snapshot_publish(actor=organizer, snapshot=newest).snapshot == newest


def test_refusals_of_publishing_twice_and_of_withdrawing(world, snapshot):
    organizer = world.users["organizer"]
    with pytest.raises(ApplicationError) as info:
        snapshot_withdraw(actor=organizer, snapshot=snapshot, reason="Rà soát")
    assert info.value.code == "not_published"
    snapshot_publish(actor=organizer, snapshot=snapshot)
    with pytest.raises(ApplicationError) as info:
        snapshot_publish(actor=organizer, snapshot=snapshot, names_public=True)
    assert info.value.code == "already_published"
    with pytest.raises(ApplicationError) as info:
        snapshot_withdraw(actor=organizer, snapshot=snapshot, reason="  ")
    assert info.value.code == "reason_required"
    publication = SnapshotPublication.objects.get()
    assert publication.withdrawn_at is None and not publication.names_public
    assert publication.history.count() == 1  # type: ignore[attr-defined]
