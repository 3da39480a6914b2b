"""The unit levels and kinds every province starts with. They are data: a province adds its own in admin.

Used by the data migration (with historical models) and by test fixtures after a database flush.
"""

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


def seed_kinds_and_levels(level_model, kind_model) -> None:
    levels = {}
    for code, name, rank in LEVELS:
        levels[code], _ = level_model.objects.get_or_create(code=code, defaults={"name": name, "rank": rank})
    for code, name, level in KINDS:
        kind_model.objects.get_or_create(
            code=code, defaults={"name": name, "default_level": levels[level] if level else None}
        )
