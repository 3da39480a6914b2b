"""The labelled pairs the look-alike matcher is measured on (`manage.py lookalike_eval`), drawn from the
demo's task titles (`task_texts.TEMPLATES`, filled as the demo fills them: places, a target value, a unit,
a year). `manage.py lookalike_pairs` writes them again, the same for the same seed.

Each group is one title (the task being approved) and the titles it is compared with, each labelled:

- `repeat`: the same task registered again, with one or two of these edits (the rule is in the `edit`
  column):
  - `target`: another target value ("100%" → "95%", "40 hộ" → "55 hộ");
  - `year`: ", năm 2026" added, or the year in the title changed;
  - `lead`: a lead-in verb the cadre adds ("Tiếp tục", "Đẩy mạnh", "Phấn đấu", "Tập trung");
  - `tail`: a closing phrase added ("trên địa bàn", "theo kế hoạch", "bảo đảm tiến độ", ...);
  - `unaccented`: typed without diacritics;
  - `drop`: one word left out (not the first; titles of six words or more);
  - `typo`: one letter left out of a word of four letters or more;
  - `reword`: a phrase said otherwise ("Nâng cao" → "Tăng cường", "Chuyển đổi số" → "Số hóa", ...);
  - `reorder`: the part after the comma put first, or the place put first ("Tại X, …", "Sở Y: …").
- `related`: a new task close to it: the same kind of task for another place or unit (`another_place`), or
  another task of the same field of work (`same_field`);
- `unrelated`: a task of another field of work.
"""

import csv
import random
import unicodedata
from collections.abc import Callable
from pathlib import Path

from dotpha.demo import task_texts
from dotpha.demo.places import unique_place_names
from dotpha.demo.province import DEPARTMENTS

HEADER = ["group", "label", "edit", "title", "candidate"]
LEADS = ("Tiếp tục", "Đẩy mạnh", "Phấn đấu", "Tập trung")
TAILS = ("trên địa bàn", "theo kế hoạch", "bảo đảm tiến độ", "theo Nghị quyết của Tỉnh ủy", "năm 2026")
INSTANCES_PER_TEMPLATE = 2
# how a cadre says the same thing again in other words (the first found in the title is replaced)
REWORDINGS = (
    ("Giải quyết dứt điểm", "Xử lý dứt điểm"),
    ("Hoàn thành", "Thực hiện xong"),
    ("Nâng cao", "Tăng cường"),
    ("Chuyển đổi số", "Số hóa"),
    ("Xây dựng", "Hình thành"),
    ("Triển khai", "Thực hiện"),
    ("Phát triển", "Mở rộng"),
    ("Kết nạp", "Phát triển"),
    ("hộ nghèo", "hộ gia đình nghèo"),
    ("thủ tục hành chính", "TTHC"),
    ("Giảm", "Giảm thiểu"),
    ("Đưa", "Chuyển"),
    ("Thu hút", "Kêu gọi"),
    ("Xóa", "Xóa bỏ"),
)


def fill_title(template: task_texts.Template, rng: random.Random, places: list[str]) -> str:
    """A title of the template, filled as the demo fills it (two places, a target, a department)."""
    xa, xa2 = rng.sample(places, 2)
    number = rng.randint(*template.target[2:]) if template.target else 0
    return template.title.format(xa=xa, xa2=xa2, n=number, don_vi=rng.choice(DEPARTMENTS), nam=2025)


def _another_target(title: str, rng: random.Random) -> str | None:
    words = title.split()
    numbered = [i for i, w in enumerate(words) if any(c.isdigit() for c in w)]
    if not numbered:
        return None
    i = rng.choice(numbered)
    digits = "".join(c for c in words[i] if c.isdigit())
    value = int(digits)
    new = value + rng.choice((-1, 1)) * max(1, value // rng.choice((4, 5, 10)))
    words[i] = words[i].replace(digits, str(new if new != value else value + 1), 1)
    return " ".join(words)


def _year(title: str, rng: random.Random) -> str:
    return title.replace("2025", "2026") if "2025" in title else f"{title}, năm 2026"


def _lead(title: str, rng: random.Random) -> str:
    return f"{rng.choice(LEADS)} {title[0].lower()}{title[1:]}"


def _tail(title: str, rng: random.Random) -> str:
    return f"{title} {rng.choice(TAILS)}"


def _unaccented(title: str, rng: random.Random) -> str:
    decomposed = unicodedata.normalize("NFD", title.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _reword(title: str, rng: random.Random) -> str | None:
    for phrase, other in REWORDINGS:
        if phrase in title:
            return title.replace(phrase, other, 1)
    return None


def _drop(title: str, rng: random.Random) -> str | None:
    words = title.split()
    if len(words) < 6:
        return None
    del words[rng.randrange(1, len(words))]
    return " ".join(words)


def _typo(title: str, rng: random.Random) -> str | None:
    words = title.split()
    long = [i for i, w in enumerate(words) if len(w) >= 4 and w.isalpha()]
    if not long:
        return None
    i = rng.choice(long)
    cut = rng.randrange(1, len(words[i]))
    words[i] = words[i][:cut] + words[i][cut + 1 :]
    return " ".join(words)


def _reorder(title: str, rng: random.Random) -> str | None:
    if ", " in title:
        head, rest = title.split(", ", 1)
        return f"{rest[0].upper()}{rest[1:]}, {head[0].lower()}{head[1:]}"
    if " tại " in title:
        head, place = title.split(" tại ", 1)
        return f"Tại {place}, {head[0].lower()}{head[1:]}"
    if " của " in title:
        head, owner = title.split(" của ", 1)
        return f"{owner[0].upper()}{owner[1:]}: {head[0].lower()}{head[1:]}"
    return None


# in the order they are applied: a lead-in before the place is moved in front of it
EDITS: dict[str, Callable[[str, random.Random], str | None]] = {
    "lead": _lead,
    "reword": _reword,
    "reorder": _reorder,
    "drop": _drop,
    "typo": _typo,
    "target": _another_target,
    "year": _year,
    "tail": _tail,
    "unaccented": _unaccented,
}


def _repeat(title: str, rng: random.Random, count: int) -> tuple[str, str]:
    """The title with `count` edits that apply to it, chosen at random and applied in `EDITS`' order; their
    names joined by '+'."""
    chosen = [name for name in rng.sample(list(EDITS), len(EDITS)) if EDITS[name](title, random.Random(0))]
    chosen = [name for name in EDITS if name in chosen[:count]]
    for name in chosen:
        title = EDITS[name](title, rng) or title
    return title, "+".join(chosen)


def pairs(seed: int = 2026) -> list[list[str]]:
    rng = random.Random(seed)
    places = unique_place_names(rng, 40)
    templates = task_texts.TEMPLATES
    rows: list[list[str]] = []
    group = 0
    for template in templates:
        same_field = [t for t in templates if t.field == template.field and t is not template]
        other_fields = [t for t in templates if t.field != template.field]
        for _ in range(INSTANCES_PER_TEMPLATE):
            group += 1
            title = fill_title(template, rng, places)

            def add(label: str, edit: str, candidate: str, title: str = title, group: int = group) -> None:
                rows.append([str(group), label, edit, title, candidate])

            for count in (1, 2):
                repeated, edits = _repeat(title, rng, count)
                add("repeat", edits, repeated)
            if any(key in template.title for key in ("{xa}", "{don_vi}")):
                other = fill_title(template, rng, places)
                if other != title:
                    add("related", "another_place", other)
            if same_field:
                add("related", "same_field", fill_title(rng.choice(same_field), rng, places))
            for other_template in rng.sample(other_fields, 2):
                add("unrelated", "other_field", fill_title(other_template, rng, places))
    return rows


def write(path: Path, seed: int = 2026) -> int:
    rows = pairs(seed)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return len(rows)
