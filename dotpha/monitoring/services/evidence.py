"""Photos and files of a visit or a periodic report: the same checks as a progress report's evidence (type,
size, content), then each photo re-encoded with its time and place read out (`dotpha.core.photos`). Only
the monitoring cadre of the assignment attaches them: to a visit until the commune committee has confirmed
it, to a report when sending it (a report sent is not changed)."""

from collections.abc import Sequence
from pathlib import PurePath
from typing import cast

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.db import transaction
from django.utils.translation import gettext as _

from dotpha.accounts.models import User
from dotpha.core.errors import ApplicationError
from dotpha.core.photos import UnreadablePhoto, clean_photo
from dotpha.monitoring.errors import MonitoringRefusal
from dotpha.monitoring.models import MonitoringReport, ReportFile, Visit, VisitFile
from dotpha.monitoring.models.evidence import PhoneFile
from dotpha.monitoring.services._common import fresh_assignment, require_own, save
from dotpha.tasks.files import IMAGE_EXTENSIONS, MEGABYTE, validate_evidence

# An iPhone's default format: Pillow reads it only with a plugin this product does not install.
HEIC_EXTENSIONS = (".heic", ".heif")


@transaction.atomic
def visit_files_add(*, actor: User, visit: Visit, files: Sequence[File]) -> list[VisitFile]:
    """More photos or files for a visit already logged."""
    assignment = fresh_assignment(visit.assignment_id)  # locked: two additions cannot both pass the count
    require_own(actor, assignment, _("thêm ảnh, tệp cho lượt đi cơ sở"))
    visit = Visit.objects.get(pk=visit.pk)
    if visit.is_confirmed:
        raise ApplicationError(
            _("Lượt đi cơ sở đã được Đảng ủy xã xác nhận: không thêm ảnh, tệp được nữa."),
            code=MonitoringRefusal.ALREADY_CONFIRMED,
        )
    if not files:
        raise ApplicationError(_("Chọn ảnh hoặc tệp."), code=MonitoringRefusal.REQUIRED)
    validate_phone_files(files, visit)
    return cast(list[VisitFile], attach_phone_files(actor, visit, files))  # a visit's files are VisitFiles


def attach_phone_files(
    actor: User, owner: Visit | MonitoringReport, files: Sequence[File]
) -> list[PhoneFile]:
    """Stores files `validate_phone_files` accepted, all of them (one refused: none kept). The caller
    holds the assignment's lock and has checked the actor."""
    made: list[PhoneFile] = []
    for file in files:
        name = PurePath(file.name or "").name
        extension = PurePath(name).suffix.lower()
        if extension in IMAGE_EXTENSIONS:
            item = _photo(actor, owner, file, name)
        else:
            item = _new(owner, original_name=name, size=file.size or 0, uploaded_by=actor)
            item.file.save(name, file, save=False)
        save(item, actor)
        made.append(item)
    return made


def _new(owner: Visit | MonitoringReport, **fields) -> VisitFile | ReportFile:
    if isinstance(owner, Visit):
        return VisitFile(visit=owner, **fields)
    return ReportFile(report=owner, **fields)


def validate_phone_files(files: Sequence[File], owner: Visit | MonitoringReport) -> None:
    """`owner` the visit or report they are for, not saved yet when they are sent with it."""
    kept = list(owner.files.values_list("size", flat=True)) if owner.pk else []
    limit = settings.DOTPHA_EVIDENCE_MAX_FILES
    total_limit = settings.DOTPHA_EVIDENCE_MAX_REPORT_BYTES
    too_many = len(kept) + len(files) > limit
    too_big = sum(kept) + sum(file.size or 0 for file in files) > total_limit
    if too_many and isinstance(owner, Visit):
        raise ApplicationError(
            _("Mỗi lượt đi cơ sở đính kèm tối đa %(limit)s ảnh, tệp (đã có %(kept)s).")
            % {"limit": limit, "kept": len(kept)},
            code=MonitoringRefusal.FILE_COUNT,
        )
    if too_many:
        raise ApplicationError(
            _("Mỗi báo cáo kết quả theo dõi đính kèm tối đa %(limit)s ảnh, tệp.") % {"limit": limit},
            code=MonitoringRefusal.FILE_COUNT,
        )
    if too_big and isinstance(owner, Visit):
        raise ApplicationError(
            _("Tổng dung lượng ảnh, tệp của một lượt đi cơ sở tối đa %(limit)s MB; hãy bớt ảnh, tệp.")
            % {"limit": total_limit // MEGABYTE},
            code=MonitoringRefusal.FILE_TOTAL_SIZE,
        )
    if too_big:
        raise ApplicationError(
            _(
                "Tổng dung lượng ảnh, tệp của một báo cáo kết quả theo dõi tối đa %(limit)s MB; "
                "hãy bớt ảnh, tệp."
            )
            % {"limit": total_limit // MEGABYTE},
            code=MonitoringRefusal.FILE_TOTAL_SIZE,
        )
    for file in files:
        name = PurePath(file.name or "").name
        if PurePath(name).suffix.lower() in HEIC_EXTENSIONS:
            raise ApplicationError(
                _(
                    "Ảnh “%(name)s” ở định dạng HEIC chưa đọc được: trên iPhone chọn Cài đặt > Camera > "
                    "Định dạng > Tương thích nhất, hoặc gửi ảnh JPG, PNG."
                )
                % {"name": name},
                code=MonitoringRefusal.FILE_TYPE,
            )
        validate_evidence(file)


def _photo(actor: User, owner: Visit | MonitoringReport, file: File, name: str) -> VisitFile | ReportFile:
    try:
        photo = clean_photo(file)
    except UnreadablePhoto as exc:
        raise ApplicationError(
            _("Không đọc được ảnh “%(name)s”.") % {"name": name}, code=MonitoringRefusal.FILE_CONTENT
        ) from exc
    jpeg_name = f"{PurePath(name).stem}.jpg"
    item = _new(
        owner,
        original_name=jpeg_name,
        size=len(photo.content),
        is_photo=True,
        taken_at=photo.taken_at,
        latitude=photo.latitude,
        longitude=photo.longitude,
        uploaded_by=actor,
    )
    item.file.save(jpeg_name, ContentFile(photo.content), save=False)
    item.thumbnail.save(jpeg_name, ContentFile(photo.thumbnail), save=False)
    return item
