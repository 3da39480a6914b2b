"""The installable app: the manifest names Đột phá with its icons, the service worker is served from the
site's root with the header that lets it control every page, and the pages register it."""

import json

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from PIL import Image

pytestmark = pytest.mark.django_db


def test_the_service_worker_is_served_from_the_root_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert "__CONFIG__" not in body
    config = json.loads(body.split("const CONFIG = ", 1)[1].split(";\n", 1)[0])
    # it keeps, for offline use, the files the base template loads, at the addresses the pages use
    assert "/static/js/visit_queue.js" in config["static"]
    assert "/static/vendor/bootstrap/bootstrap.min.css" in config["static"]
    for url in config["static"]:
        assert finders.find(url.removeprefix("/static/")), url
    assert client.post("/sw.js").status_code == 405


def test_the_manifest_names_the_product_with_its_icons(client):
    response = client.get(reverse("pwa_manifest"))
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(response.content)
    assert (
        manifest["name"] == "Đột phá" and manifest["start_url"] == "/" and manifest["display"] == "standalone"
    )
    for icon in manifest["icons"]:
        path = finders.find(icon["src"].removeprefix("/static/"))
        assert isinstance(path, str), icon
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"


def test_every_page_links_the_manifest_and_the_worker_the_signed_in_ones_the_queue(client, world):
    page = client.get(reverse("login")).content.decode()
    assert 'rel="manifest" href="/manifest.webmanifest"' in page
    assert 'name="dotpha-service-worker" content="/sw.js"' in page
    assert "dotpha-user" not in page
    client.force_login(world.users["cadre"])
    page = client.get(reverse("home"), follow=True).content.decode()
    assert f'name="dotpha-user" content="{world.users["cadre"].pk}"' in page
    assert 'id="visit-queue"' in page and "js/visit_queue.js" in page
