"""Photos taken on a phone, made safe to keep and show: the time and place the camera wrote in the EXIF are
read out, then the pixels alone are re-encoded as a fresh JPEG or PNG (turned upright, at most 2048 px a
side). No byte of the upload survives: comments, EXIF text, trailing HTML or a zip glued after the image
(polyglots) are gone, and the position lives only in the fields the caller keeps."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import IO

from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_SIDE = 2048
THUMBNAIL_SIDE = 320
JPEG_QUALITY = 85

_EXIF_IFD = 0x8769
_GPS_IFD = 0x8825
_DATETIME_ORIGINAL = 0x9003
_OFFSET_TIME_ORIGINAL = 0x9011
_DATETIME = 0x0132  # the file's own time, when the camera wrote no "taken at"
_GPS_LATITUDE_REF, _GPS_LATITUDE, _GPS_LONGITUDE_REF, _GPS_LONGITUDE = 1, 2, 3, 4

# Formats Pillow is asked to read: a renamed file of any other kind is not an image here.
READABLE_FORMATS = ("JPEG", "PNG")


@dataclass(frozen=True)
class CleanPhoto:
    content: bytes  # the re-encoded JPEG
    thumbnail: bytes  # the same, THUMBNAIL_SIDE px a side at most
    taken_at: datetime.datetime | None
    latitude: Decimal | None
    longitude: Decimal | None


class UnreadablePhoto(Exception):
    """Pillow could not decode it (not an image, truncated, or too many pixels to be a photo)."""


def clean_photo(file: IO[bytes], *, keep_png: bool = False) -> CleanPhoto:
    """`keep_png`: a PNG (a screenshot, a scanned table) is re-encoded as a PNG, not a JPEG, so its text
    stays sharp and its name stays true; the thumbnail is a JPEG all the same."""
    file.seek(0)
    try:
        with Image.open(file, formats=list(READABLE_FORMATS)) as image:
            as_png = keep_png and image.format == "PNG"
            exif = image.getexif()
            taken_at = _taken_at(exif)
            latitude, longitude = _position(exif)
            image.draft("RGB", (MAX_SIDE, MAX_SIDE))  # a JPEG decodes at a reduced scale: less memory
            # A new image holding the pixels only: Pillow would otherwise carry `info` (the JPEG comment,
            # the ICC profile, PNG text chunks) into the saved file.
            pixels = ImageOps.exif_transpose(image).convert("RGB")
            upright = Image.new("RGB", pixels.size)
            upright.paste(pixels)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError) as exc:
        raise UnreadablePhoto from exc
    finally:
        file.seek(0)
    upright.thumbnail((MAX_SIDE, MAX_SIDE))
    content = _png(upright) if as_png else _jpeg(upright)
    upright.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
    return CleanPhoto(content, _jpeg(upright), taken_at, latitude, longitude)


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _taken_at(exif: Image.Exif) -> datetime.datetime | None:
    inner = exif.get_ifd(_EXIF_IFD)
    text = inner.get(_DATETIME_ORIGINAL) or exif.get(_DATETIME)
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.datetime.strptime(text.strip("\x00 "), "%Y:%m:%d %H:%M:%S")  # noqa: DTZ007
    except ValueError:
        return None
    offset = inner.get(_OFFSET_TIME_ORIGINAL)
    if isinstance(offset, str):
        try:
            return datetime.datetime.fromisoformat(f"{moment.isoformat()}{offset.strip()}")
        except ValueError:
            pass
    # a phone writes its own local time: the province's
    return timezone.make_aware(moment)


def _position(exif: Image.Exif) -> tuple[Decimal | None, Decimal | None]:
    gps = exif.get_ifd(_GPS_IFD)
    latitude = _degrees(gps.get(_GPS_LATITUDE), gps.get(_GPS_LATITUDE_REF), "S", 90)
    longitude = _degrees(gps.get(_GPS_LONGITUDE), gps.get(_GPS_LONGITUDE_REF), "W", 180)
    if latitude is None or longitude is None:
        return None, None
    return latitude, longitude


def _degrees(value, ref, negative: str, limit: int) -> Decimal | None:
    """(degrees, minutes, seconds) as EXIF rationals to signed decimal degrees, 6 places (about 10 cm)."""
    try:
        d, m, s = (float(part) for part in value)
    except (TypeError, ValueError, ZeroDivisionError):
        return None
    degrees = d + m / 60 + s / 3600
    if isinstance(ref, bytes):
        ref = ref.decode("ascii", "ignore")
    if isinstance(ref, str) and ref.strip("\x00 ").upper() == negative:
        degrees = -degrees
    if not -limit <= degrees <= limit or degrees != degrees:  # out of range, or NaN
        return None
    return Decimal(f"{degrees:.6f}")
