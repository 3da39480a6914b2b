"""What the monitoring cadre brings back from a visit, or sends with a periodic report: photos taken on the
phone and other files.

A photo is kept re-encoded (see `dotpha.core.photos`): its time and place are the fields below, never the
file's EXIF. Whether it was taken far from the commune or on another day is derived when shown, from the
commune's position as it is then: flagged, never refused."""

import math
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dotpha.core.models import TimeStampedModel
from dotpha.monitoring.models.assignment import MonitoringAssignment
from dotpha.monitoring.models.work import MonitoringReport, Visit

# How far from the commune's centre a photo may be taken before it is flagged: a commune merged in 2025
# spans some ten kilometres.
FAR_FROM_COMMUNE_KM = 10
EARTH_RADIUS_KM = 6371.0


def visit_file_path(instance: "VisitFile", filename: str) -> str:
    """Stored under a random name: the original name is kept in a field, never in the path."""
    suffix = PurePath(filename).suffix.lower()
    return f"monitoring/visits/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


def report_file_path(instance: "ReportFile", filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"monitoring/reports/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class PhoneFile(TimeStampedModel):
    """A photo or file from the cadre's phone, its photo's time and place read out. Served only through a
    view that asks whether the user may see what it is attached to; never from a public media URL."""

    file = models.FileField(_("tệp"), upload_to=visit_file_path, max_length=255)
    thumbnail = models.FileField(_("ảnh thu nhỏ"), upload_to=visit_file_path, max_length=255, blank=True)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    is_photo = models.BooleanField(_("là ảnh"), default=False)
    taken_at = models.DateTimeField(_("chụp lúc"), null=True, blank=True)
    latitude = models.DecimalField(_("vĩ độ nơi chụp"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("kinh độ nơi chụp"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def assignment(self) -> MonitoringAssignment:
        raise NotImplementedError

    def distance_km(self) -> float | None:
        """From the commune's centre, great-circle; None when the photo or the commune has no position."""
        commune = self.assignment.commune
        points = [self.latitude, self.longitude, commune.latitude, commune.longitude]
        if any(v is None for v in points):
            return None
        lat1, lon1, lat2, lon2 = (math.radians(float(v)) for v in points if v is not None)
        h = (
            math.sin((lat2 - lat1) / 2) ** 2
            + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
        )
        return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))

    @property
    def is_far_from_commune(self) -> bool:
        distance = self.distance_km()
        return distance is not None and distance > FAR_FROM_COMMUNE_KM


class VisitFile(PhoneFile):
    """ảnh, tệp minh chứng của một lượt đi cơ sở."""

    visit = models.ForeignKey(
        Visit, verbose_name=_("lượt đi cơ sở"), on_delete=models.CASCADE, related_name="files"
    )
    history = HistoricalRecords()

    class Meta(PhoneFile.Meta):
        verbose_name = _("ảnh, tệp lượt đi cơ sở")
        verbose_name_plural = _("ảnh, tệp lượt đi cơ sở")

    @property
    def assignment(self) -> MonitoringAssignment:
        return self.visit.assignment

    @property
    def is_off_date(self) -> bool:
        return self.taken_at is not None and timezone.localtime(self.taken_at).date() != self.visit.visit_date


class ReportFile(PhoneFile):
    """ảnh, tệp đính kèm báo cáo kết quả theo dõi; sent with the report, kept as it was sent."""

    report = models.ForeignKey(
        MonitoringReport,
        verbose_name=_("báo cáo kết quả theo dõi"),
        on_delete=models.CASCADE,
        related_name="files",
    )
    file = models.FileField(_("tệp"), upload_to=report_file_path, max_length=255)
    thumbnail = models.FileField(_("ảnh thu nhỏ"), upload_to=report_file_path, max_length=255, blank=True)
    history = HistoricalRecords()

    class Meta(PhoneFile.Meta):
        verbose_name = _("ảnh, tệp báo cáo kết quả theo dõi")
        verbose_name_plural = _("ảnh, tệp báo cáo kết quả theo dõi")

    @property
    def assignment(self) -> MonitoringAssignment:
        return self.report.assignment

    @property
    def is_off_date(self) -> bool:
        """Taken outside the days the report covers."""
        if self.taken_at is None:
            return False
        period = self.report.report_period
        return not period.covers_from <= timezone.localtime(self.taken_at).date() <= period.covers_to
