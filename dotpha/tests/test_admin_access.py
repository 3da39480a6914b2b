"""The Django admin is for active superusers, and only to look: every address of the admin refused to each
demo account that is not a superuser (the organizers of a commune `xa` and of the province `tochuc`, both
given the staff flag, included), the attacks of issues 11 and 14 replayed and refused with the database
unchanged, every row read-only even for a superuser (accounts and role grants too), and the change log
never deleted or reverted."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.apps import apps as django_apps
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import transaction
from django.db.models import Max, Model
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from simple_history.models import HistoricalChanges

from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.org.models import Cadre, Unit, UnitMerger
from dotpha.programmes.models import Programme
from dotpha.ratings.models import AnnualRating
from dotpha.reports.models import ReportTemplate, TemplateKind
from dotpha.tasks.models import Task

# the demo's accounts that are not superusers, and two more: a user without a role, and a staff flag alone
REFUSED = ["xa", "tochuc", "thuongtruc", "bithu", "giamdoc", "canbo", "kiemtra", "vanphonghdnd"]
EXTRA = ["khongquyen", "nhanvien", "quantri_cu"]


@pytest.fixture(scope="module")
def demo_db(django_db_setup, django_db_blocker):
    """The demo province, built once for this module inside a transaction rolled back at the end; each test
    runs in a savepoint of it."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        _complete_the_demo()
        yield
        transaction.set_rollback(True)


def _complete_the_demo() -> None:
    """One row for the models the demo leaves empty, so every admin page is opened on a real object."""
    User.objects.create_user("khongquyen", password="Mat-khau-2025")
    User.objects.create_user("nhanvien", password="Mat-khau-2025", is_staff=True)
    User.objects.create_user(
        "quantri_cu", password="Mat-khau-2025", is_staff=True, is_superuser=True, is_active=False
    )
    # the organizers given the staff flag, as a superuser might have done to let them into the admin
    User.objects.filter(username__in=["xa", "tochuc"]).update(is_staff=True)
    xa = User.objects.get(username="xa")
    commune = RoleGrant.objects.get(user=xa, role=Role.COMMUNE_COMMITTEE).unit
    if not AnnualRating.objects.exists():
        assert xa.cadre is not None
        AnnualRating.objects.create(cadre=xa.cadre, year=2025, authority_unit=commune)
    if not ReportTemplate.objects.exists():
        ReportTemplate.objects.create(
            kind=TemplateKind.ANNUAL_REPORT,
            file=ContentFile(b"PK mau", name="mau.docx"),
            original_name="Mẫu.docx",
            uploaded_by=xa,
            unit=commune,
        )
    AccessAttempt.objects.create(
        username="giamdoc",
        ip_address="10.0.0.9",
        user_agent="x",
        failures_since_start=1,
        get_data="",
        post_data="",
    )
    AccessFailureLog.objects.create(
        username="giamdoc", ip_address="10.0.0.9", user_agent="x", locked_out=False
    )
    DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="dotpha.notifications.tasks.send_reminders",
        backend_name="default",
        run_after=timezone.now(),
    )
    Group.objects.create(name="Nhóm thử")
    # rows seeded by the migrations have no history yet: give them their first version
    for model in admin.site._registry:
        row = a_row(model)
        history = getattr(model, "history", None)
        if row is not None and history is not None and not history.filter(pk=row.pk).exists():
            history.bulk_history_create([row])


@pytest.fixture
def demo(demo_db, db) -> None:
    return None


def user(username: str) -> User:
    return User.objects.get(username=username)


@dataclass
class AdminUrl:
    label: str
    url: str
    kind: str  # index, app, changelist, add, change, delete, history, version, redirect, password, custom


STANDARD = {
    "": "changelist",
    "add/": "add",
    "<path:object_id>/history/": "history",
    "<path:object_id>/delete/": "delete",
    "<path:object_id>/change/": "change",
    "<path:object_id>/": "redirect",
    "^([^/]+)/history/([^/]+)/$": "version",
    "<id>/password/": "password",
}


def a_row(model: type[Model]) -> Model | None:
    return model._default_manager.order_by("pk").first()


def admin_urls() -> Iterator[AdminUrl]:
    """Every address of the admin but its login page: the site's own, each app's index, and every url each
    registered ModelAdmin declares (Django's, simple_history's, UserAdmin's, treebeard's), on a real row."""
    index = reverse("admin:index")
    yield AdminUrl("index", index, "index")
    yield AdminUrl("password change", reverse("admin:password_change"), "site")
    yield AdminUrl("password changed", reverse("admin:password_change_done"), "site")
    yield AdminUrl("jsi18n", reverse("admin:jsi18n"), "site")
    yield AdminUrl(
        "autocomplete",
        reverse("admin:autocomplete") + "?app_label=accounts&model_name=rolegrant&field_name=unit&term=ha",
        "site",
    )
    some_unit = a_row(Unit)
    assert some_unit is not None
    unit_type = django_apps.get_model("contenttypes", "ContentType").objects.get_for_model(Unit)
    # no model has a page of its own to send to: a superuser gets 404, the others the login page
    yield AdminUrl(
        "view on site", reverse("admin:view_on_site", args=[unit_type.pk, some_unit.pk]), "view on site"
    )
    for app_label in sorted({model._meta.app_label for model in admin.site._registry}):
        yield AdminUrl(f"app {app_label}", reverse("admin:app_list", args=[app_label]), "app")
    for model, model_admin in admin.site._registry.items():
        row = a_row(model)
        pk = str(row.pk) if row is not None else "1"
        version = (
            row.history.order_by("history_id").first()
            if row is not None and hasattr(row, "history")
            else None
        )
        prefix = f"{index}{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.get_urls():
            route = str(pattern.pattern)
            kind = STANDARD.get(route, "custom")
            if kind == "version" and version is None:
                continue
            path = route.removeprefix("^").removesuffix("$")
            path = path.replace(
                "([^/]+)/history/([^/]+)/", f"{pk}/history/{version.history_id if version else ''}/"
            )
            path = re.sub(r"<[^>]+>", pk, path)
            assert "(" not in path and "<" not in path, f"an admin address this test cannot fill in: {route}"
            yield AdminUrl(f"{model._meta.label} {kind} {route}", prefix + path, kind)


def refused(response) -> bool:
    if response.status_code == 403:
        return True
    return response.status_code == 302 and response.url.startswith(reverse("admin:login"))


def fingerprint() -> dict[str, object]:
    """What the attack would change: accounts and their grants, programmes, units and mergers, tasks,
    cadres, every table the admin shows, and the change log (its length and last row)."""
    rows: dict[str, object] = {
        label: list(model._default_manager.order_by("pk").values_list())
        for label, model in [
            ("users", User),
            ("grants", RoleGrant),
            ("programmes", Programme),
            ("units", Unit),
            ("mergers", UnitMerger),
            ("tasks", Task),
            ("cadres", Cadre),
        ]
    }
    for model in admin.site._registry:
        rows[f"count {model._meta.label}"] = model._default_manager.count()
    for model in django_apps.get_models():
        if issubclass(model, HistoricalChanges):
            rows[f"history {model._meta.label}"] = (
                model._default_manager.count(),
                model._default_manager.aggregate(last=Max("history_id"))["last"],
            )
    return rows


def test_the_walk_covers_every_admin_address_on_real_rows(demo):
    urls = list(admin_urls())
    kinds = {u.kind for u in urls}
    assert {
        "index",
        "app",
        "changelist",
        "add",
        "change",
        "delete",
        "history",
        "version",
        "password",
    } <= kinds
    # every model of the product shows in the walk with a real row and a version of its history
    for model in admin.site._registry:
        if model._meta.app_label in {
            "accounts",
            "org",
            "programmes",
            "tasks",
            "reports",
            "ratings",
            "monitoring",
        }:
            assert a_row(model) is not None, model._meta.label
            assert any(u.kind == "version" and f"/{model._meta.model_name}/" in u.url for u in urls), model
    # treebeard's own addresses are in it too
    assert any(u.url.endswith("/org/unit/move/") for u in urls)
    assert any("/org/unit/children/" in u.url for u in urls)


@pytest.mark.parametrize("username", [*REFUSED, *EXTRA, None])
def test_every_admin_address_is_refused_to_who_is_not_an_active_superuser(demo, client, username):
    """GET and POST every address; the commune's organizer, the province's organizer, the inspector, a
    staff flag alone, a former (inactive) superuser and the anonymous visitor alike."""
    if username:
        client.force_login(user(username))
    before = fingerprint()
    failures = []
    for target in admin_urls():
        for method in (client.get, client.post):
            response = method(target.url)
            if not refused(response):
                failures.append(
                    f"{method.__name__.upper()} {target.label} {target.url}: {response.status_code}"
                )
    assert not failures, "\n".join(failures)
    assert fingerprint() == before


def test_a_superuser_reads_every_admin_page(demo, client):
    client.force_login(user("quantri"))
    failures = []
    for target in admin_urls():
        response = client.get(target.url)
        expected = {"redirect": 302, "view on site": 404}.get(target.kind, 200)
        if target.kind in {"add", "delete", "password"} or target.url.endswith("/move/"):
            continue  # writes: see the next tests
        if response.status_code != expected:
            failures.append(f"{target.label} {target.url}: {response.status_code}")
    assert not failures, "\n".join(failures)


def test_the_unit_tree_lists_and_opens_a_unit_for_a_superuser(demo, client):
    """Issue 11 #12: /admin/org/unit/ answered 500 (`_treebeard_parent`) for everyone."""
    client.force_login(user("quantri"))
    province = Unit.objects.get_root_nodes().get()
    response = client.get(reverse("admin:org_unit_changelist"))
    assert response.status_code == 200
    assert province.name in response.text
    commune = RoleGrant.objects.get(user__username="xa", role=Role.COMMUNE_COMMITTEE).unit
    response = client.get(reverse("admin:org_unit_change", args=[commune.pk]))
    assert response.status_code == 200
    assert commune.name in response.text
    # a search lists matches from the whole tree, without diacritics
    response = client.get(reverse("admin:org_unit_changelist") + "?q=" + commune.search_text.split()[-1])
    assert response.status_code == 200 and commune.name in response.text
    # the children of the province, as the tree's script asks for them
    response = client.get(reverse("admin:index") + f"org/unit/children/{province.pk}/")
    assert response.status_code == 200 and "result_html" in response.json()


DOMAIN_APPS = {"accounts", "org", "programmes", "tasks", "reports", "ratings", "monitoring"}


def test_domain_rows_are_read_only_even_for_a_superuser(demo, client):
    """No add, change, delete, password change or revert of a domain row in the admin, accounts and role
    grants included: those go through the services, which check the scope and audit."""
    client.force_login(user("quantri"))
    before = fingerprint()
    failures = []
    for target in admin_urls():
        if target.kind not in {"add", "change", "delete", "version", "password"} and not target.url.endswith(
            "/move/"
        ):
            continue
        app_label = target.url.removeprefix(reverse("admin:index")).split("/")[0]
        if app_label not in DOMAIN_APPS:
            continue
        if target.kind in {"add", "delete", "password"}:
            response = client.get(target.url)
            if response.status_code != 403:
                failures.append(f"GET {target.label}: {response.status_code}")
        response = client.post(target.url, {"post": "yes", "name": "Đổi tên", "title": "Đổi tên"})
        if response.status_code != 403:
            failures.append(f"POST {target.label}: {response.status_code}")
    assert not failures, "\n".join(failures)
    assert fingerprint() == before
    # the change page shows the row without a save button
    programme = Programme.objects.order_by("pk").first()
    assert programme is not None
    response = client.get(reverse("admin:programmes_programme_change", args=[programme.pk]))
    assert response.status_code == 200 and programme.title in response.text
    assert 'name="_save"' not in response.text
    # an account's page too: its grants are listed, none of them a field to edit
    xa = user("xa")
    response = client.get(reverse("admin:accounts_user_change", args=[xa.pk]))
    assert response.status_code == 200 and "xa" in response.text
    assert 'name="_save"' not in response.text and 'name="grants-0-role"' not in response.text
    assert RoleGrant.objects.get(user=xa, role=Role.COMMUNE_COMMITTEE).unit.name in response.text


def test_a_superuser_creates_no_account_and_grants_no_role_in_the_admin(demo, client):
    """Accounts and grants are made on the accounts pages, through the services that audit them."""
    client.force_login(user("quantri"))
    province = Unit.objects.get_root_nodes().get()
    canbo = user("canbo")
    before = fingerprint()
    new_user = {"username": "moi", "password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!"}
    assert client.post(reverse("admin:accounts_user_add"), new_user).status_code == 403
    grant = {"user": canbo.pk, "role": Role.ORGANIZER, "unit": province.pk}
    assert client.post(reverse("admin:accounts_rolegrant_add"), grant).status_code == 403
    response = client.post(
        reverse("admin:accounts_user_change", args=[canbo.pk]),
        user_form(
            canbo,
            is_superuser="on",
            **{
                "grants-TOTAL_FORMS": "1",
                "grants-0-role": Role.ORGANIZER,
                "grants-0-unit": province.pk,
                "grants-0-user": canbo.pk,
            },
        ),
    )
    assert response.status_code == 403
    some_grant = RoleGrant.objects.order_by("pk").first()
    assert some_grant is not None
    response = client.post(reverse("admin:accounts_rolegrant_delete", args=[some_grant.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert not User.objects.filter(username="moi").exists()
    assert not RoleGrant.objects.filter(user=canbo, role=Role.ORGANIZER).exists()
    assert not user("canbo").is_superuser
    assert fingerprint() == before


def test_the_history_is_never_reverted_nor_deleted_by_a_superuser(demo, client):
    """simple_history's version page saves the old version when posted: refused for everyone, users too."""
    admin_user = user("quantri")
    client.force_login(admin_user)
    tochuc = user("tochuc")
    tochuc.first_name = "Tên mới"
    tochuc._history_user = admin_user  # type: ignore[attr-defined]
    tochuc.save()
    old = tochuc.history.order_by("history_id").first()
    before = fingerprint()
    url = reverse("admin:accounts_user_simple_history", args=[tochuc.pk, old.history_id])
    page = client.get(url)
    assert page.status_code == 200 and "Revert" not in page.text
    response = client.post(url, {"username": "tochuc", "first_name": old.first_name, "_change_history": "1"})
    assert response.status_code == 403
    # history rows have no admin page at all, so none to delete them from
    history_model = type(old)
    label = f"{history_model._meta.app_label}_{history_model._meta.model_name}"
    assert history_model not in admin.site._registry
    response = client.post(
        reverse("admin:index") + f"accounts/{history_model._meta.model_name}/{old.pk}/delete/"
    )
    assert response.status_code == 404, label
    # nor a user, whose name the change log keeps
    response = client.post(reverse("admin:accounts_user_delete", args=[tochuc.pk]), {"post": "yes"})
    assert response.status_code == 403
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [tochuc.pk]},
    )
    assert User.objects.filter(pk=tochuc.pk).exists()
    assert fingerprint() == before
    assert user("tochuc").first_name == "Tên mới"


def test_the_change_log_is_append_only_everywhere(demo):
    """Not in the admin and not elsewhere: code and simple_history's cleaning commands are refused too."""
    before = fingerprint()
    history = Programme.history.model
    with pytest.raises(PermissionDenied), transaction.atomic():
        history.objects.order_by("history_id").first().delete()
    with pytest.raises(PermissionDenied), transaction.atomic():
        history.objects.all().delete()
    with pytest.raises(PermissionDenied), transaction.atomic():
        call_command("clean_old_history", "--auto", "--days", "0", stdout=StringIO())
    assert fingerprint() == before


# ---- the attack of issue 11, as the organizer of one commune (demo account `xa`) and as the province's
# organizer (`tochuc`), each with the staff flag: the admin is no scoped write path for either


@pytest.fixture(params=["xa", "tochuc"])
def attacker(demo, client, request):
    organizer = user(request.param)
    assert organizer.is_staff and not organizer.is_superuser
    assert RoleGrant.objects.filter(user=organizer, role=Role.ORGANIZER).exists()
    client.force_login(organizer)
    return organizer


def user_form(target: User, **changes) -> dict[str, object]:
    data: dict[str, object] = {
        "username": target.username,
        "first_name": target.first_name,
        "last_name": target.last_name,
        "email": target.email,
        "is_active": "on",
        "cadre": target.cadre_id or "",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "01/01/2025",
        "date_joined_1": "08:00:00",
        "grants-TOTAL_FORMS": "0",
        "grants-INITIAL_FORMS": "0",
        "grants-MIN_NUM_FORMS": "0",
        "grants-MAX_NUM_FORMS": "1000",
    }
    return data | changes


def test_the_commune_organizer_cannot_make_themselves_superuser(attacker, client):
    before = fingerprint()
    response = client.post(
        reverse("admin:accounts_user_change", args=[attacker.pk]),
        user_form(attacker, is_superuser="on", is_staff="on"),
    )
    assert refused(response)
    attacker.refresh_from_db()
    assert not attacker.is_superuser
    assert fingerprint() == before


def test_the_commune_organizer_cannot_grant_a_role_on_the_province(attacker, client):
    province = Unit.objects.get_root_nodes().get()
    before = fingerprint()
    response = client.post(
        reverse("admin:accounts_rolegrant_add"),
        {"user": attacker.pk, "role": Role.APPROVER, "unit": province.pk},
    )
    assert refused(response)
    response = client.post(
        reverse("admin:accounts_user_change", args=[attacker.pk]),
        user_form(
            attacker,
            **{
                "grants-TOTAL_FORMS": "1",
                "grants-0-role": Role.APPROVER,
                "grants-0-unit": province.pk,
                "grants-0-user": attacker.pk,
            },
        ),
    )
    assert refused(response)
    assert not RoleGrant.objects.filter(user=attacker, role=Role.APPROVER, unit=province).exists()
    assert fingerprint() == before


def test_the_commune_organizer_cannot_change_another_users_password(attacker, client):
    tochuc = user("tochuc")
    before = fingerprint()
    response = client.post(
        reverse("admin:auth_user_password_change", args=[tochuc.pk]),
        {"password1": "Chiem-quyen-2026!", "password2": "Chiem-quyen-2026!", "usable_password": "true"},
    )
    assert refused(response)
    assert not user("tochuc").check_password("Chiem-quyen-2026!")
    assert fingerprint() == before


def test_the_commune_organizer_cannot_edit_the_province_programme(attacker, client):
    province = Unit.objects.get_root_nodes().get()
    programme = Programme.objects.filter(issuing_unit__path__startswith=province.path).order_by("pk").first()
    assert programme is not None
    before = fingerprint()
    response = client.post(
        reverse("admin:programmes_programme_change", args=[programme.pk]),
        {
            "number": programme.number,
            "document_kind": programme.document_kind,
            "title": "Chương trình do xã sửa",
            "issued_on": "01/01/2025",
            "issuing_unit": programme.issuing_unit_id,
            "report_cadence": programme.report_cadence,
            "periods-TOTAL_FORMS": "0",
            "periods-INITIAL_FORMS": "0",
        },
    )
    assert refused(response)
    programme.refresh_from_db()
    assert programme.title != "Chương trình do xã sửa"
    assert fingerprint() == before


def test_the_commune_organizer_cannot_record_a_merger(attacker, client):
    """The attack pulled a department's tasks into the commune with a merger."""
    commune = RoleGrant.objects.get(user__username="xa", role=Role.COMMUNE_COMMITTEE).unit
    department = Unit.objects.filter(kind__code="department", valid_to__isnull=True).order_by("pk").first()
    assert department is not None
    before = fingerprint()
    merger = {
        "predecessor": department.pk,
        "successor": commune.pk,
        "effective_date": timezone.localdate().strftime("%d/%m/%Y"),
        "decision_number": "01-QĐ/XA",
    }
    assert refused(client.post(reverse("admin:org_unitmerger_add"), merger))
    existing = UnitMerger.objects.order_by("pk").first()
    assert existing is not None
    assert refused(client.post(reverse("admin:org_unitmerger_change", args=[existing.pk]), merger))
    # nor move the department under the commune in the tree
    move = {"node": department.pk, "target": commune.pk, "relation": "child"}
    assert refused(client.post(reverse("admin:index") + "org/unit/move/", move))
    assert not UnitMerger.objects.filter(predecessor=department).exists()
    assert fingerprint() == before
