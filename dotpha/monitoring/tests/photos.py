"""Photos as a phone writes them, made with Pillow: EXIF time and GPS position, and the hostile kinds (a
script in the comment or the EXIF text, HTML or a zip glued after the image)."""

import io
import zipfile

from PIL import Image

EXIF_IFD, GPS_IFD = 0x8769, 0x8825
SCRIPT = b"<script>alert('xss')</script>"


def _dms(value: float) -> tuple[float, float, float]:
    value = abs(value)
    degrees = int(value)
    minutes = int((value - degrees) * 60)
    return float(degrees), float(minutes), round((value - degrees - minutes / 60) * 3600, 2)


def phone_photo(
    *,
    latitude: float | None = None,
    longitude: float | None = None,
    taken: str | None = None,
    description: str = "",
    comment: bytes = b"",
    size: tuple[int, int] = (800, 600),
    fmt: str = "JPEG",
    orientation: int | None = None,
) -> bytes:
    """`taken` as EXIF writes it: "2026:03:10 09:30:00"."""
    image = Image.new("RGB", size, (30, 120, 60))
    image.paste((200, 40, 40), (0, 0, size[0] // 2, size[1] // 4))  # a red band at the top left
    exif = Image.Exif()
    if description:
        exif[0x010E] = description
    if orientation is not None:
        exif[0x0112] = orientation
    if taken:
        exif.get_ifd(EXIF_IFD)[0x9003] = taken
    if latitude is not None and longitude is not None:
        gps = exif.get_ifd(GPS_IFD)
        gps[1] = "N" if latitude >= 0 else "S"
        gps[2] = _dms(latitude)
        gps[3] = "E" if longitude >= 0 else "W"
        gps[4] = _dms(longitude)
    out = io.BytesIO()
    extra = {"comment": comment} if comment else {}
    image.save(out, format=fmt, exif=exif.tobytes(), **extra)
    return out.getvalue()


def zip_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("index.html", b"<html>" + SCRIPT + b"</html>")
    return out.getvalue()
