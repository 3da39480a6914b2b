"""The unit levels and kinds every province starts with. They are data: a province adds its own in admin."""

from django.db import migrations

LEVELS = [
    ("province", "Cấp tỉnh", 1),
    ("district", "Cấp huyện (trước 01/07/2025)", 2),
    ("commune", "Cấp xã", 3),
]

KINDS = [
    ("province", "Tỉnh, thành phố", "province"),
    ("party_committee", "Cấp ủy (Tỉnh ủy, Đảng ủy)", None),
    ("standing_committee", "Ban Thường vụ", None),
    ("organisation_board", "Ban Tổ chức", None),
    ("party_agency", "Cơ quan tham mưu, giúp việc cấp ủy", None),
    ("peoples_council", "Hội đồng nhân dân", None),
    ("peoples_committee", "Ủy ban nhân dân", None),
    ("office", "Văn phòng", None),
    ("department", "Sở, ban, ngành", "province"),
    ("central_agency", "Cơ quan ngành dọc Trung ương", "province"),
    ("mass_organisation", "Mặt trận Tổ quốc, đoàn thể", None),
    ("district_committee", "Huyện ủy, Thành ủy, Thị ủy (trước 01/07/2025)", "district"),
    ("commune", "Xã", "commune"),
    ("ward", "Phường", "commune"),
    ("township", "Thị trấn (trước 01/07/2025)", "commune"),
    ("special_zone", "Đặc khu", "commune"),
]


def seed(apps, schema_editor):
    UnitLevel = apps.get_model("org", "UnitLevel")
    UnitKind = apps.get_model("org", "UnitKind")
    levels = {}
    for code, name, rank in LEVELS:
        levels[code], _ = UnitLevel.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})
    for code, name, level in KINDS:
        UnitKind.objects.get_or_create(
            code=code, defaults={"name": name, "default_level": levels[level] if level else None}
        )


class Migration(migrations.Migration):
    dependencies = [("org", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
