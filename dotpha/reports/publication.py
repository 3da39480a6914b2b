"""Công bố kết quả: an organizer publishes a closed period's snapshot on the public pages, or withdraws it.

Publishing is a deliberate act, audited (the publication's history row names who and, on withdrawal, why).
Only the newest snapshot of a period that is still closed is published: a reopened period's figures are
being corrected, and an older snapshot was replaced by a later close.

The public pages are served from Django's cache under a key that carries `public_version()`; every publish
and withdraw changes it once the transaction commits, so no cached page outlives the decision.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError, PermissionDeniedError
from dotpha.core.history import as_actor
from dotpha.programmes.models import Period
from dotpha.reports.errors import ReportRefusal
from dotpha.reports.models import PeriodSnapshot, SnapshotPublication
from dotpha.reports.permissions import can_publish_results

VERSION_KEY = "public-results:version"


def public_version() -> str:
    """The current version of the public pages. A random token rather than a count from 1: were the key
    evicted or the cache restarted, a count would start again at a value old pages may still be stored
    under; a new token never meets them."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_public_version() -> None:
    cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


def _require_publisher(actor: User, snapshot: PeriodSnapshot) -> None:
    if not can_publish_results(actor, snapshot.root):
        raise PermissionDeniedError(
            _("Chỉ Ban Tổ chức của đơn vị báo cáo được công bố hoặc thôi công bố kết quả của kỳ.")
        )


@transaction.atomic
def snapshot_publish(
    *, actor: User, snapshot: PeriodSnapshot, names_public: bool = False
) -> SnapshotPublication:
    """Puts the snapshot's figures on the public pages; with `names_public`, the list of tasks with the
    cadres' names too."""
    _require_publisher(actor, snapshot)
    period = Period.objects.select_for_update().get(pk=snapshot.period_id)
    if not period.is_closed:
        raise ApplicationError(
            _("Kỳ %(period)s đã mở lại: số liệu chốt này đang được sửa, chưa công bố được.")
            % {"period": period.name},
            code=ReportRefusal.PERIOD_OPEN,
        )
    newest = PeriodSnapshot.objects.filter(period=period).latest()
    if newest.pk != snapshot.pk:
        raise ApplicationError(
            _("Kỳ %(period)s đã có số liệu chốt mới hơn: chỉ công bố số liệu chốt mới nhất.")
            % {"period": period.name},
            code=ReportRefusal.SNAPSHOT_SUPERSEDED,
        )
    publication = SnapshotPublication.objects.select_for_update().filter(snapshot=snapshot).first()
    if publication is not None and publication.is_public:
        raise ApplicationError(_("Kết quả này đã được công bố."), code=ReportRefusal.ALREADY_PUBLISHED)
    publication = publication or SnapshotPublication(snapshot=snapshot)
    publication.published_at = timezone.now()
    publication.published_by = actor
    publication.names_public = names_public
    publication.withdrawn_at = None
    as_actor(publication, actor).save()
    transaction.on_commit(bump_public_version)
    return publication


@transaction.atomic
def snapshot_withdraw(*, actor: User, snapshot: PeriodSnapshot, reason: str) -> SnapshotPublication:
    """Takes the snapshot off the public pages at once (its pages and files answer 404)."""
    _require_publisher(actor, snapshot)
    if not reason.strip():
        raise ApplicationError(_("Nêu lý do thôi công bố."), code=ReportRefusal.REASON_REQUIRED)
    publication = SnapshotPublication.objects.select_for_update().filter(snapshot=snapshot).first()
    if publication is None or not publication.is_public:
        raise ApplicationError(_("Kết quả này chưa được công bố."), code=ReportRefusal.NOT_PUBLISHED)
    publication.withdrawn_at = timezone.now()
    publication._change_reason = reason.strip()  # type: ignore[attr-defined]
    as_actor(publication, actor).save()
    transaction.on_commit(bump_public_version)
    return publication
