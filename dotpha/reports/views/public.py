"""Kết quả công khai: the published results of closed periods, for anyone, without signing in.

A press day must cost the database nothing: every page and file is built once and then answered from
Django's cache, under a key holding the publications' version (`publication.public_version`, changed by
every publish and withdraw), the snapshot and the language. A page that does not exist (never published,
withdrawn) is remembered as such too. Pages are rendered without the request: no context processor runs,
so nothing reads the user or the session, and no CSRF token is written into a page served to others.
"""

from collections.abc import Callable
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.template import loader
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from dotpha.reports import public
from dotpha.reports.exports.xlsx import XLSX_TYPE
from dotpha.reports.models import SnapshotPublication
from dotpha.reports.publication import public_version
from dotpha.reports.snapshots import taken_on

CACHE_SECONDS = 24 * 3600
CSV_TYPE = "text/csv; charset=utf-8"


@dataclass(frozen=True)
class Entry:
    """What the cache keeps of an answer (a 404 too: a withdrawn page asked for again costs nothing)."""

    status: int
    content_type: str = ""
    body: bytes = b""
    filename: str = ""


MISSING = Entry(404)


def _serve(key: str, build: Callable[[], Entry]) -> HttpResponse:
    full_key = f"public-results:{public_version()}:{key}"
    entry = cache.get(full_key)
    if entry is None:
        entry = build()
        cache.set(full_key, entry, CACHE_SECONDS)
    if entry.status == 404:
        raise Http404
    response = HttpResponse(entry.body, content_type=entry.content_type)
    if entry.filename:
        response["Content-Disposition"] = f'attachment; filename="{entry.filename}"'
    return response


def _language(request: HttpRequest) -> str:
    """The switch on the page (?lang=en) or, without it, the language the visitor chose before."""
    chosen = request.GET.get("lang", "")
    if chosen in dict(settings.LANGUAGES):
        return chosen
    return getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)


def _page(request: HttpRequest, key: str, build: Callable[[], tuple[str, dict] | None]) -> HttpResponse:
    language = _language(request)

    def render() -> Entry:
        with translation.override(language):
            found = build()
            if found is None:
                return MISSING
            template, context = found
            html = loader.render_to_string(template, context)
        return Entry(200, "text/html; charset=utf-8", html.encode())

    response = _serve(f"{key}:{language}", render)
    response["Content-Language"] = language
    patch_vary_headers(response, ("Cookie",))  # without ?lang, the language cookie chooses
    return response


def _published():
    return SnapshotPublication.objects.filter(withdrawn_at__isnull=True).select_related(
        "snapshot__root", "snapshot__period__programme"
    )


def _publication(snapshot_id: int) -> SnapshotPublication | None:
    return _published().filter(snapshot_id=snapshot_id).first()


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """Every published result, by reporting unit, the newest first."""

    def build() -> tuple[str, dict]:
        publications = sorted(
            _published(),
            key=lambda p: (p.snapshot.root.path, -p.snapshot.taken_at.timestamp(), -p.pk),
        )
        units = [
            (root_path, list(items))
            for root_path, items in groupby(publications, key=lambda p: p.snapshot.root.path)
        ]
        return "public/index.html", {"units": [(items[0].snapshot.root.name, items) for _p, items in units]}

    return _page(request, "index", build)


@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    """One published snapshot: totals, tables by unit and by field, charts, files."""

    def build() -> tuple[str, dict] | None:
        publication = _publication(pk)
        if publication is None:
            return None
        snapshot = publication.snapshot
        content = snapshot.content
        return "public/result.html", {
            "publication": publication,
            "snapshot": snapshot,
            "content": content,
            "taken_on": taken_on(snapshot),
            "total": public.totals(content),
            "tables": public.tables(content),
            "columns": public.COLUMNS,
            "charts": public.charts(content),
            "lines": public.lines(publication),
        }

    return _page(request, f"result:{pk}", build)


def _file(pk: int, kind: str, build: Callable[[SnapshotPublication], Entry | None]) -> HttpResponse:
    def entry() -> Entry:
        publication = _publication(pk)
        made = build(publication) if publication is not None else None
        return made or MISSING

    return _serve(f"file:{pk}:{kind}", entry)


@require_GET
def result_csv(request: HttpRequest, pk: int) -> HttpResponse:
    return _file(
        pk,
        "csv",
        lambda p: Entry(200, CSV_TYPE, public.figures_csv(p.snapshot), f"ket-qua-{pk}.csv"),
    )


@require_GET
def result_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return _file(
        pk,
        "xlsx",
        lambda p: Entry(200, XLSX_TYPE, public.statistics_xlsx(p.snapshot), f"thong-ke-{pk}.xlsx"),
    )


@require_GET
def result_cadres_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The annex by cadre: only when the names were published."""
    return _file(
        pk,
        "cadres",
        lambda p: (
            Entry(200, XLSX_TYPE, public.cadre_annex_xlsx(p.snapshot), f"phu-luc-can-bo-{pk}.xlsx")
            if p.names_public
            else None
        ),
    )
