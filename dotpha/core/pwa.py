"""The installable app (PWA): its manifest and its service worker. The worker is served from the site's root
so its scope covers every page (a file under /static/ could only control /static/); its code is
static/js/sw.js, given the static files it keeps for offline use (their hashed names in production)."""

import json

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

# What the pages need to open without signal: the base template's styles and scripts, and the icons.
OFFLINE_STATIC = (
    "vendor/bootstrap/bootstrap.min.css",
    "css/dotpha.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/dotpha.js",
    "js/visit_queue.js",
    "icons/dotpha-192.png",
    "icons/dotpha-512.png",
)
THEME_COLOR = "#f8d7da"  # the navbar's pale red (Bootstrap's bg-danger-subtle)


def _worker_source() -> str:
    path = finders.find("js/sw.js")
    with open(str(path), encoding="utf-8") as handle:
        return handle.read()


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    config = {"static": [static(name) for name in OFFLINE_STATIC], "staticPrefix": static("")}
    source = _worker_source().replace("__CONFIG__", json.dumps(config))
    response = HttpResponse(source, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # a new version is picked up at the next visit
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    body = {
        "name": str(settings.APP_NAME),
        "short_name": str(settings.APP_NAME),
        "description": _("Hệ thống quản lý việc đột phá, đổi mới và theo dõi cơ sở"),
        "lang": request.LANGUAGE_CODE,
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOR,
        "icons": [
            {"src": static(f"icons/dotpha-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}
            for size in (192, 512)
        ],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json; charset=utf-8"
    )
