import pytest
from django.urls import reverse

from dotpha.notifications.models import Notification
from dotpha.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_list_shows_only_my_notifications(world, client):
    notify(recipients=[world.users["cadre"]], kind="approved", title="Việc của Hạnh đã duyệt")
    notify(recipients=[world.users["organizer"]], kind="approved", title="Việc của người khác")
    client.force_login(world.users["cadre"])
    text = client.get(reverse("notifications:list")).text
    assert "Việc của Hạnh đã duyệt" in text and "chưa đọc" in text
    assert "Việc của người khác" not in text


def test_opening_marks_read_and_follows_the_link(world, client):
    (row,) = notify(recipients=[world.users["cadre"]], kind="approved", title="x", url="/units/")
    client.force_login(world.users["cadre"])
    response = client.post(reverse("notifications:open", args=[row.pk]))
    assert response.status_code == 302 and response.url == "/units/"
    row.refresh_from_db()
    assert row.read_at is not None


def test_someone_elses_notification_is_not_found_and_stays_unread(world, client):
    (row,) = notify(recipients=[world.users["cadre"]], kind="approved", title="x")
    client.force_login(world.users["organizer"])
    assert client.post(reverse("notifications:open", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_read_all(world, client):
    notify(recipients=[world.users["cadre"]], kind="approved", title="a")
    notify(recipients=[world.users["cadre"]], kind="returned", title="b")
    client.force_login(world.users["cadre"])
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_access(world, client):
    (row,) = notify(recipients=[world.users["cadre"]], kind="approved", title="x")
    assert client.get(reverse("notifications:list")).status_code == 302
    assert client.post(reverse("notifications:open", args=[row.pk])).status_code == 302
    for user in world.users.values():
        client.force_login(user)
        assert client.get(reverse("notifications:list")).status_code == 200
        assert client.get(reverse("notifications:open", args=[row.pk])).status_code == 405
