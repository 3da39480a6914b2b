"""Accounts and their role grants: the one door for creating, granting, ending, resetting and deactivating.

Pages, the API and the bulk action call these; none repeats their rules. An organizer acts only inside
the subtrees of their organizer grants: on accounts whose every unit lies there (`can_manage_account`),
for cadres who work only there, granting roles on units there. No role reaches above that, since every
role is held on a unit; the superuser flag is never set here. Each change is written with the actor and
a reason on its history row, which is the change log (`dotpha.audit`).
"""

import datetime
import re
import secrets
import string
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.access import can_manage_account, can_manage_cadre, can_manage_org, is_organizer
from dotpha.accounts.errors import AccountRefusal
from dotpha.accounts.login_names import normalise_username
from dotpha.accounts.models import Role, RoleGrant, User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.core.search import normalize_search
from dotpha.org.models import Appointment, Cadre, Unit

# no look-alikes (l, 1, O, 0) in a password read off a sheet of paper
_TEMPORARY_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "lI1O0o")
TEMPORARY_LENGTH = 12


@dataclass(frozen=True)
class IssuedPassword:
    """A temporary password handed to one person, shown once and never stored in clear."""

    account: User
    password: str


def temporary_password() -> str:
    while True:
        password = "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(TEMPORARY_LENGTH))
        # letters and digits both, so it is never all digits (NumericPasswordValidator)
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


def _save(obj: Model, actor: User, reason: str, **kwargs) -> None:
    as_actor(obj, actor)
    obj._change_reason = reason  # type: ignore[attr-defined]  # django-simple-history's reason field
    obj.save(**kwargs)


def _require_organizer(actor: User) -> None:
    if not is_organizer(actor):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức được quản lý tài khoản."))


def _require_account(actor: User, account: User) -> None:
    _require_organizer(actor)
    if not can_manage_account(actor, account):
        raise PermissionDeniedError(_("Tài khoản này nằm ngoài phạm vi bạn quản lý."))


def _issue(account: User, actor: User, reason: str) -> IssuedPassword:
    password = temporary_password()
    account.set_password(password)
    account.must_change_password = True
    _save(account, actor, reason)
    return IssuedPassword(account, password)


def _clean_username(username: str) -> str:
    username = normalise_username(username)
    if not username:
        raise ApplicationError(_("Nhập tên đăng nhập."), code=AccountRefusal.USERNAME_REQUIRED)
    try:
        User.username_validator(username)
    except ValidationError:
        raise ApplicationError(
            _("Tên đăng nhập chỉ gồm chữ, số và các ký tự @ . + - _ (không dấu cách)."),
            code=AccountRefusal.USERNAME_INVALID,
        ) from None
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(
            _("Tên đăng nhập “%(username)s” đã có người dùng.") % {"username": username},
            code=AccountRefusal.USERNAME_TAKEN,
        )
    return username


def _create(actor: User, cadre: Cadre, username: str) -> IssuedPassword:
    if not can_manage_cadre(actor, cadre.pk):
        raise PermissionDeniedError(
            _("Cán bộ “%(cadre)s” không công tác trong phạm vi bạn quản lý.") % {"cadre": cadre.full_name}
        )
    if User.objects.filter(cadre=cadre).exists():
        raise ApplicationError(
            _("Cán bộ “%(cadre)s” đã có tài khoản.") % {"cadre": cadre.full_name},
            code=AccountRefusal.CADRE_HAS_ACCOUNT,
        )
    account = User(username=_clean_username(username), cadre=cadre, email=cadre.email)
    return _issue(account, actor, "Tạo tài khoản")


@transaction.atomic
def create_account(*, actor: User, cadre: Cadre, username: str) -> IssuedPassword:
    """An account for `cadre` with a temporary password the person changes at first sign-in."""
    _require_organizer(actor)
    return _create(actor, cadre, username)


@transaction.atomic
def grant_role(
    *,
    actor: User,
    account: User,
    role: str,
    unit: Unit,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> RoleGrant:
    _require_account(actor, account)
    if role not in Role.values:
        raise ApplicationError(_("Vai trò không hợp lệ."), code=AccountRefusal.BAD_ROLE)
    if not can_manage_org(actor, unit):
        raise PermissionDeniedError(
            _("Đơn vị “%(unit)s” nằm ngoài phạm vi bạn quản lý.") % {"unit": unit.name}
        )
    start_date = start_date or timezone.localdate()
    if end_date is not None and end_date <= start_date:
        raise ApplicationError(_("Ngày hết hiệu lực phải sau ngày bắt đầu."), code=AccountRefusal.BAD_DATES)
    if RoleGrant.all_objects.filter(user=account, role=role, unit=unit, end_date__isnull=True).exists():
        raise ApplicationError(
            _("Tài khoản đã có vai trò “%(label)s” tại “%(unit)s”.")
            % {"label": Role(role).label, "unit": unit.name},
            code=AccountRefusal.GRANT_EXISTS,
        )
    grant = RoleGrant(user=account, role=role, unit=unit, start_date=start_date, end_date=end_date)
    _save(grant, actor, "Cấp quyền")
    return grant


@transaction.atomic
def end_grant(*, actor: User, grant: RoleGrant, end_date: datetime.date | None = None) -> RoleGrant:
    """The grant stops counting from `end_date` (today by default): the next request no longer has it."""
    _require_account(actor, grant.user)
    if not can_manage_org(actor, grant.unit):
        raise PermissionDeniedError(
            _("Đơn vị “%(unit)s” nằm ngoài phạm vi bạn quản lý.") % {"unit": grant.unit.name}
        )
    today = timezone.localdate()
    end_date = end_date or today
    if grant.end_date is not None and grant.end_date <= today:
        raise ApplicationError(_("Quyền này đã hết hiệu lực."), code=AccountRefusal.GRANT_ENDED)
    if grant.start_date is not None and end_date < grant.start_date:
        raise ApplicationError(
            _("Ngày hết hiệu lực không được trước ngày bắt đầu."), code=AccountRefusal.BAD_DATES
        )
    grant.end_date = end_date
    _save(grant, actor, "Thu hồi quyền")
    return grant


@transaction.atomic
def reset_password(*, actor: User, account: User) -> IssuedPassword:
    """A new temporary password; the old one stops working now."""
    _require_account(actor, account)
    if not account.is_active:
        raise ApplicationError(_("Tài khoản đã bị vô hiệu hóa."), code=AccountRefusal.ACCOUNT_INACTIVE)
    return _issue(account, actor, "Đặt lại mật khẩu")


@transaction.atomic
def deactivate_account(*, actor: User, account: User) -> User:
    """The account can no longer sign in; its history and grants stay as records."""
    _require_account(actor, account)
    if account.pk == actor.pk:
        raise ApplicationError(
            _("Không thể tự vô hiệu hóa tài khoản của mình."), code=AccountRefusal.SELF_DEACTIVATION
        )
    if not account.is_active:
        raise ApplicationError(_("Tài khoản đã bị vô hiệu hóa."), code=AccountRefusal.ACCOUNT_INACTIVE)
    account.is_active = False
    _save(account, actor, "Vô hiệu hóa tài khoản")
    return account


def username_for(cadre: Cadre, taken: set[str]) -> str:
    """The habit of the province's offices: given name then initials, no diacritics ("Lê Văn Sơn" →
    "sonlv"), with a number when that name is taken."""
    words = re.sub(r"[^a-z ]", "", normalize_search(cadre.full_name)).split() or ["canbo"]
    base = words[-1] + "".join(w[0] for w in words[:-1])
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}{n}"
    taken.add(name)
    return name


@transaction.atomic
def create_accounts_for_unit(*, actor: User, unit: Unit, role: str) -> list[IssuedPassword]:
    """An account for every cadre in post in `unit`'s subtree who has none, each granted `role` on the unit
    of their post. All or nothing: one refusal and no account is made."""
    _require_organizer(actor)
    if not can_manage_org(actor, unit):
        raise PermissionDeniedError(
            _("Đơn vị “%(unit)s” nằm ngoài phạm vi bạn quản lý.") % {"unit": unit.name}
        )
    posts = (
        Appointment.objects.filter(
            end_date__isnull=True, unit__path__startswith=unit.path, cadre__user__isnull=True
        )
        .select_related("cadre", "unit")
        .order_by("cadre__full_name", "cadre_id", "unit__path")
    )
    post_unit: dict[Cadre, Unit] = {}
    for post in posts:
        post_unit.setdefault(post.cadre, post.unit)
    if not post_unit:
        raise ApplicationError(
            _("Mọi cán bộ đang công tác tại “%(unit)s” đều đã có tài khoản.") % {"unit": unit.name},
            code=AccountRefusal.NOTHING_TO_CREATE,
        )
    taken = {name.lower() for name in User.objects.values_list("username", flat=True)}
    issued = []
    for cadre, post in post_unit.items():
        created = _create(actor, cadre, username_for(cadre, taken))
        grant_role(actor=actor, account=created.account, role=role, unit=post)
        issued.append(created)
    return issued
