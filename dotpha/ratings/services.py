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
from dotpha.ratings.clauses import classify
from dotpha.ratings.errors import RatingRefusal
from dotpha.ratings.inputs import RatingInput, gather, rated_cadres
from dotpha.ratings.models import AnnualRating, RatingLevel, RatingScheme
from dotpha.ratings.permissions import authority_of, can_decide, can_propose
from dotpha.ratings.points import task_points
from dotpha.ratings.rules import Proposal, propose_level
from dotpha.ratings.selectors import quota_rows, scheme_for_year
from dotpha.structure.selectors import unit_predecessors

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class ProposalRun:
    created: int
    updated: int
    unchanged: int


def _set_reason(instance: AnnualRating, reason: str) -> None:
    instance._change_reason = reason  # type: ignore[attr-defined]


@transaction.atomic
def rating_propose(*, actor: User, year: int, unit: Unit) -> ProposalRun:
    """Proposes (or refreshes) the level of every cadre managed in `unit`'s subtree (units merged into it
    included) who has results that year. A level already decided is kept; its inputs are refreshed."""
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
    created = updated = unchanged = 0
    now = timezone.now()
    for cadre in cadres:
        items = inputs.get(cadre.pk, [])
        rating = existing.get(cadre.pk)
        proposal = _proposal(scheme, items, rating)
        snapshot = [i.as_json() for i in items]
        if rating is None:
            rating = AnnualRating(cadre=cadre, year=year, authority_unit=cadre.managing_unit)
            created += 1
        elif (rating.scheme_id, rating.proposed_level, rating.proposal_reason, rating.inputs) == (
            scheme.pk if scheme else None,
            proposal.level,
            proposal.reason,
            snapshot,
        ):
            unchanged += 1
            continue
        else:
            updated += 1
        rating.scheme = scheme
        rating.proposed_level = proposal.level
        rating.proposal_reason = proposal.reason
        rating.inputs = snapshot
        rating.proposed_at = now
        as_actor(rating, actor)
        _set_reason(rating, "Lập đề xuất xếp loại từ kết quả trong năm")
        rating.save()
    return ProposalRun(created=created, updated=updated, unchanged=unchanged)


def _proposal(scheme: RatingScheme | None, items: list[RatingInput], rating: AnnualRating | None) -> Proposal:
    """Under a scored scheme the level needs the authority's general-criteria points; until they are
    entered the proposal gives the task-result points only."""
    if scheme is None or not scheme.scored:
        return propose_level(items)
    scored = task_points(scheme, items)
    if not scored.facts.assigned:
        return Proposal("", "Chưa có nhiệm vụ được giao trong năm: chưa đủ căn cứ đề xuất.")
    head = f"Kết quả thực hiện nhiệm vụ: {scored.points:.2f}/{scored.maximum:.0f} điểm"
    if rating is None or rating.general_points is None:
        return Proposal("", f"{head}; chờ cấp có thẩm quyền chấm điểm tiêu chí chung.")
    total = rating.general_points + scored.points
    result = classify(scheme, points=total, facts=scored.facts, grounds=rating.grounds)
    return Proposal(
        result.level, f"{head}; tiêu chí chung: {rating.general_points:.2f}. " + " ".join(result.reasons)
    )


def _check_quota(rating: AnnualRating, level: str, exception: str) -> None:
    """Confirming "excellent" beyond the quota of the rating's unit needs the exception the texts allow."""
    scheme = rating.scheme
    if level != RatingLevel.EXCELLENT or scheme is None or not scheme.scored or exception:
        return
    others = AnnualRating.objects.filter(year=rating.year, authority_unit=rating.authority_unit).exclude(
        pk=rating.pk
    )
    levels = [
        (r.authority_unit, r.cadre, r.level or r.proposed_level) for r in others.select_related("cadre")
    ]
    row = quota_rows(scheme, [*levels, (rating.authority_unit, rating.cadre, level)])[0]
    if row.over:
        raise ApplicationError(
            _(
                "Vượt tỷ lệ hoàn thành xuất sắc của %(unit_name)s: %(excellent)s xuất sắc so với "
                "%(good)s hoàn thành tốt (tối đa %(allowed)s). Nêu lý do thuộc trường hợp được vượt tỷ lệ "
                "(đơn vị có thành tích xuất sắc, nổi trội) để xác nhận."
            )
            % {
                "unit_name": row.unit_name,
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
    user = getattr(rating.cadre, "user", None)
    if user is not None:
        notify(
            recipients=[user],
            kind=NotificationKind.EVALUATED,
            title=f"Kết quả xếp loại chất lượng năm {rating.year}: {RatingLevel(level).label}",
            url=reverse("ratings:detail", args=[rating.pk]),
        )
    return rating
