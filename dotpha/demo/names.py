"""Vietnamese personal names: family + middle + given, drawn with a seeded generator so the demo is the
same on every machine. Family-name weights follow their rough share of the population."""

import random

FAMILY = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 3),
    ("Phan", 3),
    ("Vũ", 3),
    ("Võ", 2),
    ("Đặng", 2),
    ("Bùi", 2),
    ("Đỗ", 2),
    ("Hồ", 1),
    ("Ngô", 1),
    ("Dương", 1),
    ("Lý", 1),
    ("Đinh", 1),
    ("Đào", 1),
    ("Hà", 1),
    ("Lương", 1),
    ("Mai", 1),
    ("Tạ", 1),
    ("Triệu", 1),
]
MIDDLE = {
    "male": ["Văn", "Đức", "Minh", "Quang", "Hữu", "Xuân", "Thanh", "Mạnh", "Công", "Ngọc", "Trọng", "Đình"],
    "female": ["Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Hồng", "Phương", "Kim", "Bích"],
}
GIVEN = {
    "male": [
        "Hùng",
        "Dũng",
        "Tuấn",
        "Hải",
        "Long",
        "Nam",
        "Sơn",
        "Thắng",
        "Trung",
        "Cường",
        "Bình",
        "Quân",
        "Khánh",
        "Phong",
        "Toàn",
        "Vinh",
        "Hiếu",
        "Đạt",
        "Tùng",
        "Thành",
        "Huy",
        "Lâm",
        "Kiên",
        "Định",
        "Chiến",
        "Hưng",
        "Tâm",
        "Tiến",
        "Quyết",
        "Đông",
    ],
    "female": [
        "Hạnh",
        "Lan",
        "Hương",
        "Hoa",
        "Mai",
        "Thảo",
        "Trang",
        "Hà",
        "Nga",
        "Linh",
        "Huyền",
        "Thủy",
        "Yến",
        "Dung",
        "Loan",
        "Nhung",
        "Oanh",
        "Vân",
        "Hằng",
        "Liên",
        "Phượng",
        "Quyên",
    ],
}


def full_name(rng: random.Random, gender: str) -> str:
    families, weights = zip(*FAMILY, strict=True)
    family = rng.choices(families, weights=weights)[0]
    return f"{family} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"
