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


# The posts that lead an agency or a party committee (its head and deputies): the leaders the province
# names to follow a commune. A post whose title is one of these, or one of these followed by the body
# ("Giám đốc Sở Nội vụ"), starts out as a leadership post; organizers change the flag in admin.
LEADERSHIP_TITLES = (
    "Bí thư",
    "Phó Bí thư",
    "Chủ tịch",
    "Phó Chủ tịch",
    "Giám đốc",
    "Phó Giám đốc",
    "Thủ trưởng",
    "Phó Thủ trưởng",
    "Trưởng ban",
    "Phó Trưởng ban",
    "Chủ nhiệm",
    "Phó Chủ nhiệm",
    "Chánh Văn phòng",
    "Phó Chánh Văn phòng",
)


def is_leadership_title(name: str) -> bool:
    title = " ".join(name.split()).casefold()
    return any(title == t.casefold() or title.startswith(t.casefold() + " ") for t in LEADERSHIP_TITLES)


def flag_leadership_posts(position_model) -> None:
    for position in position_model.objects.filter(is_leadership=False):
        if is_leadership_title(position.name):
            position.is_leadership = True
            position.save(update_fields=["is_leadership"])
