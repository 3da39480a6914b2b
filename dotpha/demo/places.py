"""Place names for the fictional province of Hòa Sơn, built from common Vietnamese toponym parts."""

import random

PREFIXES = [
    "Tân",
    "Phú",
    "An",
    "Bình",
    "Hòa",
    "Thạch",
    "Đông",
    "Tây",
    "Nam",
    "Bắc",
    "Vĩnh",
    "Quảng",
    "Thái",
    "Hưng",
    "Long",
    "Minh",
    "Yên",
    "Đại",
    "Kim",
    "Thanh",
    "Xuân",
    "Lạc",
    "Phúc",
    "Trung",
    "Hợp",
]
SUFFIXES = [
    "Lập",
    "Thịnh",
    "Phong",
    "Sơn",
    "Hà",
    "Lộc",
    "Hưng",
    "Tiến",
    "Thành",
    "Lợi",
    "Mỹ",
    "Hòa",
    "An",
    "Bình",
    "Khánh",
    "Xuyên",
    "Điền",
    "Trạch",
    "Quang",
    "Nghĩa",
    "Tân",
    "Đức",
    "Phú",
    "Hải",
    "Lương",
]


def unique_place_names(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < count:
        name = f"{rng.choice(PREFIXES)} {rng.choice(SUFFIXES)}"
        if name not in seen and name.split()[0] != name.split()[1]:
            seen.add(name)
            names.append(name)
    return names
