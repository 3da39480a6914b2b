"""Writes of a rating scheme's settings: the choices the texts leave to the province (thresholds, percentages,
how the year is computed, whether a head's conditions read the units he leads) and the general-criteria
checklist. Only the province's organisation board changes them (one scheme serves the whole province).

A scheme already used (a level decided, or a checklist line scored) keeps its settings, so a decided result
never changes under the record it was decided on: the board then starts a new version from a later year
(`rating_scheme_new_version`), a copy the later years are rated under, which it can change.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from dotpha.accounts.access import organizes_whole_province
from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.ratings.errors import RatingRefusal
from dotpha.ratings.models import AnnualRating, CriteriaGroup, CriteriaItem, RatingScheme, YearMethod

GENERAL_GROUP = "general"
PERCENT_FIELDS = (
    "exceeding_min_percent",
    "behind_max_percent",
    "excellent_quota_percent",
    "delay_penalty_percent",
    "error_penalty_percent",
)


@dataclass(frozen=True)
class SchemeSettings:
    excellent_min: Decimal
    good_min: Decimal
    completed_min: Decimal
    exceeding_min_percent: int
    behind_max_percent: int
    excellent_quota_percent: int
    delay_penalty_percent: int
    error_penalty_percent: int
    year_method: str
    leader_reads_led_units: bool


@dataclass(frozen=True)
class ItemLine:
    """A checklist line as the board sends it: `pk` None adds a line; `remove` takes one out."""

    pk: int | None
    name: str
    points: Decimal | None
    remove: bool = False


def _used(scheme: RatingScheme):
    """The ratings under `scheme` that a change would contradict: a decided level, or a scored checklist."""
    return AnnualRating.objects.filter(scheme=scheme).filter(
        Q(level__gt="") | Q(general_scores__isnull=False)
    )


def years_in_use(scheme: RatingScheme) -> list[int]:
    return sorted(set(_used(scheme).values_list("year", flat=True)))


def _check_actor(actor: User) -> None:
    if not organizes_whole_province(actor):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức cấp tỉnh sửa bộ tiêu chí xếp loại."))


def _check_settings(values: SchemeSettings) -> None:
    if not 0 < values.completed_min < values.good_min < values.excellent_min <= 100:
        raise ApplicationError(
            _(
                "Ngưỡng điểm phải tăng dần trong khoảng 0–100: hoàn thành < hoàn thành tốt < hoàn thành "
                "xuất sắc."
            ),
            code=RatingRefusal.INVALID_SCHEME_SETTING,
        )
    if any(not 0 <= getattr(values, name) <= 100 for name in PERCENT_FIELDS):
        raise ApplicationError(
            _("Các tỷ lệ phần trăm phải từ 0 đến 100."), code=RatingRefusal.INVALID_SCHEME_SETTING
        )
    if values.year_method not in YearMethod.values:
        raise ApplicationError(
            _("Cách tính điểm năm không hợp lệ."), code=RatingRefusal.INVALID_SCHEME_SETTING
        )


def _check_items(scheme: RatingScheme, lines: list[ItemLine]) -> None:
    """The lines kept are each named with a maximum, their sum the general group's points."""
    known = {item.pk for item in scheme.items.all()}
    if any(line.pk is not None and line.pk not in known for line in lines):
        raise ApplicationError(
            _("Tiêu chí không thuộc bộ tiêu chí này."), code=RatingRefusal.INVALID_SCHEME_SETTING
        )
    kept = [line for line in lines if not line.remove]
    for line in kept:
        if not line.name.strip() or line.points is None or line.points <= 0:
            raise ApplicationError(
                _("Mỗi tiêu chí chung cần tên và số điểm tối đa lớn hơn 0."),
                code=RatingRefusal.INVALID_SCHEME_SETTING,
            )
    group = CriteriaGroup.objects.filter(scheme=scheme, code=GENERAL_GROUP).first()
    if group is not None and kept:
        total = sum((line.points or Decimal(0) for line in kept), Decimal(0))
        if total != group.points:
            raise ApplicationError(
                _("Tổng điểm các tiêu chí chung là %(total)s, phải bằng %(maximum)s điểm của nhóm.")
                % {"total": _plain(total), "maximum": _plain(group.points)},
                code=RatingRefusal.INVALID_SCHEME_SETTING,
            )


def _write_items(actor: User, scheme: RatingScheme, lines: list[ItemLine]) -> None:
    current = {item.pk: item for item in scheme.items.all()}
    for line in lines:
        if line.remove and line.pk is not None:
            as_actor(current[line.pk], actor).delete()
    used_codes = {item.code for item in current.values()}
    order = 0
    for line in lines:
        if line.remove:
            continue
        assert line.points is not None  # checked by _check_items
        if line.pk is None:
            item = CriteriaItem(scheme=scheme, code=_new_code(used_codes))
            used_codes.add(item.code)
        else:
            item = current[line.pk]
        if item.pk is None or (item.name, item.points, item.order) != (line.name.strip(), line.points, order):
            item.name, item.points, item.order = line.name.strip(), line.points, order
            as_actor(item, actor).save()
        order += 1


def _new_code(used: set[str]) -> str:
    number = 1
    while f"line-{number}" in used:
        number += 1
    return f"line-{number}"


@transaction.atomic
def rating_scheme_update(
    *, actor: User, scheme: RatingScheme, settings: SchemeSettings, items: list[ItemLine] | None = None
) -> RatingScheme:
    """Changes a scored scheme's settings and checklist, all or nothing, while no rating has used it."""
    _check_actor(actor)
    scheme = RatingScheme.objects.select_for_update().get(pk=scheme.pk)
    if not scheme.scored:
        raise ApplicationError(
            _("Bộ tiêu chí này không chấm điểm: không có thiết lập để sửa."), code=RatingRefusal.NOT_SCORED
        )
    used = years_in_use(scheme)
    if used:
        raise ApplicationError(
            _(
                "Bộ tiêu chí đã dùng để xếp loại năm %(years)s (đã quyết định mức hoặc đã chấm tiêu chí "
                "chung): giữ nguyên để kết quả đó không đổi. Muốn đổi cho các năm sau, tạo phiên bản mới."
            )
            % {"years": ", ".join(str(y) for y in used)},
            code=RatingRefusal.SCHEME_IN_USE,
        )
    _check_settings(settings)
    if items is not None:
        _check_items(scheme, items)
    for name, value in settings.__dict__.items():
        setattr(scheme, name, value)
    as_actor(scheme, actor)
    scheme._change_reason = "Ban Tổ chức sửa thiết lập bộ tiêu chí xếp loại"  # type: ignore[attr-defined]
    scheme.save()
    if items is not None:
        _write_items(actor, scheme, items)
    return scheme


@transaction.atomic
def rating_scheme_new_version(*, actor: User, scheme: RatingScheme, from_year: int) -> RatingScheme:
    """A copy of `scheme` (settings, groups, checklist) that rates `from_year` onwards; `scheme` then ends
    the year before. Every year already used stays under `scheme`, so `from_year` comes after them."""
    _check_actor(actor)
    scheme = RatingScheme.objects.select_for_update().get(pk=scheme.pk)
    if not scheme.scored:
        raise ApplicationError(
            _("Bộ tiêu chí này không chấm điểm: không có thiết lập để sửa."), code=RatingRefusal.NOT_SCORED
        )
    last_used = _used(scheme).aggregate(year=Max("year"))["year"]
    first = max(scheme.valid_from_year + 1, (last_used or 0) + 1)
    last = scheme.valid_to_year
    if from_year < first or (last is not None and from_year > last):
        raise ApplicationError(
            _("Phiên bản mới áp dụng từ năm %(first)s trở đi (các năm trước đã dùng bộ tiêu chí hiện hành).")
            % {"first": first},
            code=RatingRefusal.INVALID_SCHEME_SETTING,
        )
    groups = list(scheme.groups.all())
    items = list(scheme.items.all())
    scheme.valid_to_year = from_year - 1
    as_actor(scheme, actor)
    scheme._change_reason = "Kết thúc áp dụng, thay bằng phiên bản mới"  # type: ignore[attr-defined]
    scheme.save()
    copy = RatingScheme.objects.get(pk=scheme.pk)
    copy.pk = None
    copy.code = _version_code(scheme.code, from_year)
    copy.valid_from_year, copy.valid_to_year = from_year, last
    as_actor(copy, actor)
    copy._change_reason = "Phiên bản mới của bộ tiêu chí xếp loại"  # type: ignore[attr-defined]
    copy.save()
    for group in groups:
        CriteriaGroup.objects.create(
            scheme=copy, code=group.code, name=group.name, points=group.points, order=group.order
        )
    for item in items:
        as_actor(
            CriteriaItem(scheme=copy, code=item.code, name=item.name, points=item.points, order=item.order),
            actor,
        ).save()
    # the proposals already made for those years (none decided or scored, by the check above) follow
    for rating in AnnualRating.objects.filter(scheme=scheme, year__gte=from_year):
        rating.scheme = copy
        as_actor(rating, actor)
        rating._change_reason = "Theo phiên bản mới của bộ tiêu chí xếp loại"  # type: ignore[attr-defined]
        rating.save(update_fields=["scheme", "updated_at"])
    return copy


def _version_code(code: str, year: int) -> str:
    base = f"{code}@{year}"
    candidate, number = base, 1
    while RatingScheme.objects.filter(code=candidate).exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def _plain(points: Decimal) -> str:
    """30.00 as "30", 7.50 as "7.5": points as people write them."""
    return format(points.normalize(), "f")
