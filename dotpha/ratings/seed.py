"""The two rating schemes: Decree 90/2020 (unscored, 2021–2025, so those years keep their results) and
Regulation 366-QĐ/TW with Decree 335/2025/NĐ-CP (scored out of 100, from 2026).

Used by the data migration (with historical models) and by test fixtures after a database flush.
"""

GROUNDS_366_335 = [
    {
        "code": "degradation",
        "label": "Bị cấp có thẩm quyền kết luận có biểu hiện suy thoái về tư tưởng chính trị, đạo đức, "
        "lối sống, “tự diễn biến”, “tự chuyển hóa”; vi phạm những điều đảng viên không được làm; "
        "vi phạm trách nhiệm nêu gương",
    },
    {
        "code": "discipline",
        "label": "Bị kỷ luật bằng hình thức từ khiển trách trở lên trong năm đánh giá",
    },
    {
        "code": "led_unit_corruption",
        "label": "Cơ quan, đơn vị thuộc thẩm quyền phụ trách, quản lý trực tiếp liên quan đến tham ô, "
        "tham nhũng, lãng phí và bị xử lý theo quy định (cán bộ lãnh đạo, quản lý)",
    },
]


# The general criteria for an individual under 366-QĐ/TW (its appendices, as reported by the press: the full
# appendix tables were not available to check). Their split of the 30 points is not confirmed: 10 each, data
# the province may change.
GENERAL_ITEMS_366 = [
    (
        "politics-ethics",
        "Phẩm chất chính trị, đạo đức, lối sống; ý thức tổ chức kỷ luật; thực hiện trách nhiệm nêu gương",
        10,
    ),
    (
        "innovation",
        "Tư duy đổi mới, chiến lược, khát vọng cống hiến; dám nghĩ, dám làm, dám chịu trách nhiệm",
        10,
    ),
    ("self-criticism", "Tự phê bình và phê bình; tự soi, tự sửa; khắc phục hạn chế, khuyết điểm", 10),
]


def seed_criteria_items(RatingScheme, CriteriaItem) -> None:
    scheme = RatingScheme.objects.get(code="qd366-2025/nd335-2025")
    for order, (code, name, points) in enumerate(GENERAL_ITEMS_366):
        CriteriaItem.objects.update_or_create(
            scheme=scheme, code=code, defaults={"name": name, "points": points, "order": order}
        )


def seed_rating_schemes(RatingScheme, CriteriaGroup, CriteriaItem=None) -> None:
    RatingScheme.objects.update_or_create(
        code="nd90-2020",
        defaults={
            "name": "Nghị định 90/2020/NĐ-CP (sửa đổi bởi Nghị định 48/2023/NĐ-CP)",
            "legal_basis": "Đánh giá, xếp loại theo tiêu chí định tính; không chấm điểm.",
            "valid_from_year": 2021,
            "valid_to_year": 2025,
            "scored": False,
        },
    )
    scheme, _ = RatingScheme.objects.update_or_create(
        code="qd366-2025/nd335-2025",
        defaults={
            "name": "Quy định 366-QĐ/TW và Nghị định 335/2025/NĐ-CP",
            "legal_basis": "Quy định 366-QĐ/TW ngày 30/8/2025 của Bộ Chính trị (Điều 11); Nghị định "
            "335/2025/NĐ-CP ngày 21/12/2025 của Chính phủ, hiệu lực từ 01/01/2026.",
            "valid_from_year": 2026,
            "valid_to_year": None,
            "scored": True,
            "disqualifying_grounds": GROUNDS_366_335,
        },
    )
    for order, (code, name, points) in enumerate(
        [("general", "Tiêu chí chung", 30), ("task-results", "Kết quả thực hiện nhiệm vụ", 70)]
    ):
        CriteriaGroup.objects.update_or_create(
            scheme=scheme, code=code, defaults={"name": name, "points": points, "order": order}
        )
    if CriteriaItem is not None:
        seed_criteria_items(RatingScheme, CriteriaItem)
