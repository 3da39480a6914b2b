"""Writes of annual ratings: the organizer prepares the proposals; the authority decides each level."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.notifications.models import NotificationKind
from dotpha.notifications.services import notify
from dotpha.org.models import Cadre, Unit
from dotpha.ratings.duty_groups import derived_groups
from dotpha.ratings.errors import RatingRefusal
from dotpha.ratings.inputs import RatingInput, gather, rated_cadres
from dotpha.ratings.leaders import led_inputs, led_units
from dotpha.ratings.models import (
    AnnualRating,
    DutyGroup,
    GeneralScore,
    QuarterScore,
    RatingLevel,
    YearMethod,
)
from dotpha.ratings.permissions import authority_of, can_decide, can_propose
from dotpha.ratings.points import rating_breakdown
from dotpha.ratings.rules import Proposal, propose_level
from dotpha.ratings.selectors import quota_rows, scheme_for_year
from dotpha.structure.selectors import unit_predecessors

FIRST_YEAR, LAST_YEAR = 2000, 2100

# a checklist column: item code -> (points, comment)
Scores = dict[str, tuple[Decimal | None, str]]


@dataclass(frozen=True)
class ProposalRun:
    created: int
    updated: int
    unchanged: int


def _set_reason(instance: AnnualRating | GeneralScore, reason: str) -> None:
    instance._change_reason = reason  # type: ignore[union-attr]


@transaction.atomic
def rating_propose(*, actor: User, year: int, unit: Unit) -> ProposalRun:
    """Proposes (or refreshes) the level of every cadre managed in `unit`'s subtree (units merged into it
    included) who has results that year. A level already decided is kept; its inputs are refreshed, with the
    results of the units a head leads, the group of similar duties (unless the organizer set it) and the
    quarters' scores."""
    if not can_propose(actor, unit):
        raise PermissionDeniedError(
            _("Chỉ Ban Tổ chức lập đề xuất xếp loại cho cán bộ thuộc phạm vi quản lý.")
        )
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ApplicationError(_("Năm xếp loại không hợp lệ."), code=RatingRefusal.INVALID_YEAR)
    paths = [unit.path, *(p.path for p in unit_predecessors(unit))]
    ids = rated_cadres(year=year, managing_paths=paths)
    inputs = gather(year=year, cadre_ids=ids)
    cadres = Cadre.objects.filter(pk__in=ids, managing_unit__isnull=False).select_related("managing_unit")
    existing = {
        r.cadre_id: r for r in AnnualRating.objects.select_for_update().filter(year=year, cadre_id__in=ids)
    }
    scheme = scheme_for_year(year)
    scored = scheme is not None and scheme.scored
    heads = led_units(year=year, cadre_ids=list(ids)) if scored else {}
    groups = derived_groups(year=year, cadre_ids=list(ids))
    created = updated = unchanged = 0
    now = timezone.now()
    for cadre in cadres:
        items = inputs.get(cadre.pk, [])
        led = (
            [i.as_json() for i in led_inputs(year=year, leader_id=cadre.pk, units=heads[cadre.pk])]
            if cadre.pk in heads
            else []
        )
        rating = existing.get(cadre.pk)
        is_new = rating is None
        if rating is None:
            rating = AnnualRating(cadre=cadre, year=year, authority_unit=cadre.managing_unit)
        before = (
            rating.scheme_id,
            rating.proposed_level,
            rating.proposal_reason,
            rating.inputs,
            rating.led_inputs,
            rating.duty_group,
        )
        rating.scheme = scheme
        rating.inputs = [i.as_json() for i in items]
        rating.led_inputs = led
        if not rating.duty_group_set:
            rating.duty_group = groups[cadre.pk]
        proposal = _proposal(rating, items)
        rating.proposed_level = proposal.level
        rating.proposal_reason = proposal.reason
        after = (
            rating.scheme_id,
            rating.proposed_level,
            rating.proposal_reason,
            rating.inputs,
            rating.led_inputs,
            rating.duty_group,
        )
        if not is_new and before == after:
            unchanged += 1
            _store_quarters(rating)
            continue
        created += is_new
        updated += not is_new
        rating.proposed_at = now
        as_actor(rating, actor)
        _set_reason(rating, "Lập đề xuất xếp loại từ kết quả trong năm")
        rating.save()
        _store_quarters(rating)
    return ProposalRun(created=created, updated=updated, unchanged=unchanged)


def _store_quarters(rating: AnnualRating) -> None:
    """The four quarters' scores of a scored rating, as `points.rating_breakdown` computes them."""
    breakdown = rating_breakdown(rating)
    if breakdown is None:
        return
    for q in breakdown.quarters:
        if q.task_points is None:
            QuarterScore.objects.filter(rating=rating, quarter=q.quarter).delete()
            continue
        QuarterScore.objects.update_or_create(
            rating=rating,
            quarter=q.quarter,
            defaults={
                "tasks": q.tasks,
                "task_points": q.task_points,
                "general_points": breakdown.general,
                "total": q.total,
            },
        )


def _proposal(rating: AnnualRating, items: list[RatingInput]) -> Proposal:
    """Under a scored scheme the level needs the authority's general-criteria points; until they are
    entered the proposal gives the task-result points only."""
    breakdown = rating_breakdown(rating)
    if breakdown is None:
        return propose_level(items)
    if not breakdown.tasks.facts.assigned:
        return Proposal("", "Chưa có nhiệm vụ được giao trong năm: chưa đủ căn cứ đề xuất.")
    quarters = ", ".join(
        f"quý {q.quarter}: {q.task_points:.2f}" for q in breakdown.quarters if q.task_points is not None
    )
    head = f"Kết quả thực hiện nhiệm vụ: {breakdown.tasks.points:.2f}/{breakdown.tasks.maximum:.0f} điểm"
    if breakdown.scheme.year_method == YearMethod.QUARTER_AVERAGE:
        head += f" ({quarters}; trung bình các quý: {breakdown.task_year_points:.2f})"
    if breakdown.led_facts is not None:
        led = breakdown.led_facts
        head += (
            f"; đơn vị trực tiếp lãnh đạo: {led.completed}/{led.assigned} hoàn thành, "
            f"{led.on_time} đúng hạn, {led.exceeding} vượt yêu cầu"
        )
    if breakdown.classification is None:
        return Proposal("", f"{head}; chờ cấp có thẩm quyền chấm điểm tiêu chí chung.")
    result = breakdown.classification
    return Proposal(
        result.level, f"{head}; tiêu chí chung: {breakdown.general:.2f}. " + " ".join(result.reasons)
    )


def _check_quota(rating: AnnualRating, level: str, exception: str) -> None:
    """Confirming "excellent" beyond the quota of the rating's unit needs the exception the texts allow."""
    scheme = rating.scheme
    if level != RatingLevel.EXCELLENT or scheme is None or not scheme.scored or exception:
        return
    others = AnnualRating.objects.filter(
        year=rating.year, authority_unit=rating.authority_unit, duty_group=rating.duty_group
    ).exclude(pk=rating.pk)
    levels = [(r, r.level or r.proposed_level) for r in others.select_related("cadre", "authority_unit")]
    row = quota_rows(scheme, [*levels, (rating, level)])[0]
    if row.over:
        raise ApplicationError(
            _(
                "Vượt tỷ lệ hoàn thành xuất sắc của %(unit_name)s, nhóm %(group)s: %(excellent)s xuất sắc "
                "so với %(good)s hoàn thành tốt (tối đa %(allowed)s). Nêu lý do thuộc trường hợp được vượt "
                "tỷ lệ (đơn vị có thành tích xuất sắc, nổi trội) để xác nhận."
            )
            % {
                "unit_name": row.unit_name,
                "group": row.group_label,
                "excellent": row.excellent,
                "good": row.good,
                "allowed": row.allowed,
            },
            code=RatingRefusal.EXCELLENT_QUOTA,
        )


@transaction.atomic
def rating_decide(
    *,
    actor: User,
    rating: AnnualRating,
    level: str,
    comment: str,
    general_points: Decimal | None = None,
    grounds: list[str] | None = None,
    quota_exception: str = "",
    general_scores: Scores | None = None,
) -> AnnualRating:
    """The authority sets the final level with its comment (it may set it again; history keeps each).
    Under a scored scheme it enters the general-criteria points too, and confirming "excellent" beyond
    the unit's quota needs the stated exception. A disqualifying ground it records (discipline,
    degradation, …) allows only "không hoàn thành"."""
    # Lock the rating row only: PostgreSQL cannot lock the nullable side of the managing-unit join.
    rating = (
        AnnualRating.objects.select_for_update(of=("self",))
        .select_related("cadre__managing_unit")
        .get(pk=rating.pk)
    )
    if actor.cadre_id is not None and actor.cadre_id == rating.cadre_id:
        raise PermissionDeniedError(_("Không thể tự xếp loại chính mình."))
    if not can_decide(actor, rating):
        raise PermissionDeniedError(_("Chỉ cấp có thẩm quyền quản lý cán bộ quyết định mức xếp loại."))
    if level not in RatingLevel.values:
        raise ApplicationError(_("Chọn một trong bốn mức xếp loại."), code=RatingRefusal.INVALID_LEVEL)
    comment = comment.strip()
    if not comment:
        raise ApplicationError(_("Nhập nhận xét của cấp có thẩm quyền."), code=RatingRefusal.COMMENT_REQUIRED)
    scheme = rating.scheme
    if scheme is not None and scheme.scored and general_scores is not None:
        # the checklist's third column: the general points are its sum
        general_points = _write_column(actor, rating, general_scores, column="decided")
    if scheme is not None and scheme.scored:
        maximum = scheme.groups.get(code="general").points
        if general_points is None or not 0 <= general_points <= maximum:
            raise ApplicationError(
                _("Nhập điểm tiêu chí chung từ 0 đến %(maximum)s.") % {"maximum": f"{maximum:.0f}"},
                code=RatingRefusal.INVALID_GENERAL_POINTS,
            )
        rating.general_points = general_points
        grounds = sorted(set(grounds or []))
        known = {g["code"] for g in scheme.disqualifying_grounds}
        if not known.issuperset(grounds):
            raise ApplicationError(
                _("Trường hợp không hoàn thành nhiệm vụ không hợp lệ."), code=RatingRefusal.INVALID_GROUND
            )
        if grounds and level != RatingLevel.NOT_COMPLETED:
            raise ApplicationError(
                _(
                    "Cán bộ thuộc trường hợp không hoàn thành nhiệm vụ (%(grounds)s): "
                    "chỉ xếp loại Không hoàn thành nhiệm vụ."
                )
                % {"grounds": "; ".join(scheme.ground_label(code) for code in grounds)},
                code=RatingRefusal.DISQUALIFIED,
            )
        rating.grounds = grounds
    quota_exception = quota_exception.strip()
    rating.authority_unit = authority_of(rating)  # the quota is the deciding unit's
    _check_quota(rating, level, quota_exception)
    rating.quota_exception = quota_exception if level == RatingLevel.EXCELLENT else ""
    rating.level = level
    rating.comment = comment
    rating.decided_at = timezone.now()
    rating.decided_by = actor
    as_actor(rating, actor)
    _set_reason(rating, "Quyết định mức xếp loại")
    rating.save()
    _store_quarters(rating)
    user = getattr(rating.cadre, "user", None)
    if user is not None:
        notify(
            recipients=[user],
            kind=NotificationKind.EVALUATED,
            title=f"Kết quả xếp loại chất lượng năm {rating.year}: {RatingLevel(level).label}",
            url=reverse("ratings:detail", args=[rating.pk]),
        )
    return rating


def _write_column(actor: User, rating: AnnualRating, scores: Scores, *, column: str) -> Decimal:
    """Writes one column of the general-criteria checklist (self, unit or decided), every line within its
    maximum; returns the column's sum."""
    scheme = rating.scheme
    if scheme is None or not scheme.scored:
        raise ApplicationError(
            _("Năm này xếp loại theo quy định cũ, không chấm điểm tiêu chí chung."),
            code=RatingRefusal.NOT_SCORED,
        )
    items = list(scheme.items.all())
    for item in items:
        points = scores.get(item.code, (None, ""))[0]
        if points is None or not 0 <= points <= item.points:
            raise ApplicationError(
                _("Nhập điểm “%(item)s” từ 0 đến %(maximum)s.")
                % {"item": item.name, "maximum": f"{item.points:.0f}"},
                code=RatingRefusal.INVALID_ITEM_POINTS,
            )
    total = Decimal(0)
    for item in items:
        points, comment = scores[item.code]
        assert points is not None  # checked above
        # built unsaved when new, so its first history row is this column's writing, with its reason
        line = GeneralScore.objects.filter(rating=rating, item=item).first() or GeneralScore(
            rating=rating, item=item
        )
        setattr(line, f"{column}_points", points)
        setattr(line, f"{column}_comment", comment.strip())
        as_actor(line, actor)
        _set_reason(line, _COLUMN_REASONS[column])
        line.save()
        total += points
    return total


_COLUMN_REASONS = {
    "self": "Cán bộ tự chấm điểm tiêu chí chung",
    "unit": "Đơn vị đề xuất điểm tiêu chí chung",
    "decided": "Cấp có thẩm quyền quyết định điểm tiêu chí chung",
}


def _undecided_for_update(rating: AnnualRating) -> AnnualRating:
    rating = (
        AnnualRating.objects.select_for_update(of=("self",))
        .select_related("cadre__managing_unit", "scheme")
        .get(pk=rating.pk)
    )
    if rating.is_decided:
        raise ApplicationError(
            _("Cấp có thẩm quyền đã quyết định mức xếp loại: không sửa được điểm tự chấm và đề xuất."),
            code=RatingRefusal.ALREADY_DECIDED,
        )
    return rating


@transaction.atomic
def rating_self_score(*, actor: User, rating: AnnualRating, scores: Scores) -> AnnualRating:
    """The cadre scores themself on the general-criteria checklist (first column), until the decision."""
    if actor.cadre_id is None or actor.cadre_id != rating.cadre_id:
        raise PermissionDeniedError(_("Chỉ cán bộ được xếp loại tự chấm điểm của mình."))
    rating = _undecided_for_update(rating)
    _write_column(actor, rating, scores, column="self")
    return rating


@transaction.atomic
def rating_unit_score(*, actor: User, rating: AnnualRating, scores: Scores) -> AnnualRating:
    """The organizer of the unit managing the cadre proposes the checklist's points (second column)."""
    if not can_propose(actor, authority_of(rating)) or actor.cadre_id == rating.cadre_id:
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức của đơn vị quản lý cán bộ đề xuất điểm."))
    rating = _undecided_for_update(rating)
    _write_column(actor, rating, scores, column="unit")
    return rating


@transaction.atomic
def rating_set_duty_group(*, actor: User, rating: AnnualRating, duty_group: str) -> AnnualRating:
    """The organizer puts the cadre in another group of similar duties (the quota is counted per group);
    the proposal runs keep it from then on."""
    if not can_propose(actor, authority_of(rating)):
        raise PermissionDeniedError(_("Chỉ Ban Tổ chức của đơn vị quản lý cán bộ xác định nhóm."))
    if duty_group not in DutyGroup.values:
        raise ApplicationError(_("Nhóm chức trách không hợp lệ."), code=RatingRefusal.INVALID_DUTY_GROUP)
    rating = AnnualRating.objects.select_for_update(of=("self",)).get(pk=rating.pk)
    rating.duty_group = duty_group
    rating.duty_group_set = True
    as_actor(rating, actor)
    _set_reason(rating, "Xác định nhóm chức trách tương đồng")
    rating.save()
    return rating
