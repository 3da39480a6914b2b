"""How alike two titles read: diacritics, đ, signs and word order do not count; a number is the target."""

import random

from dotpha.core.search import normalize_words
from dotpha.demo import task_texts
from dotpha.demo.lookalike_pairs import fill_title
from dotpha.demo.places import unique_place_names
from dotpha.tasks.lookalikes import THRESHOLD, TOP, lookalike_text, marked_words, similarity
from dotpha.tasks.selectors.lookalikes import RELATION_ORDER, Candidate, Relation, _Pool, _scored

HOME_AFFAIRS = "Chuyển đổi số 100% hồ sơ thủ tục hành chính thuộc thẩm quyền giải quyết của Sở Nội vụ"


def score(a: str, b: str) -> int:
    return similarity(lookalike_text(a), lookalike_text(b))


def test_the_text_compared_has_no_diacritics_signs_or_numbers():
    assert lookalike_text("Đào tạo 1.500 lao động, (đạt 95%)!") == "dao tao # lao dong dat #"


def test_another_target_is_the_same_task():
    assert score(HOME_AFFAIRS, HOME_AFFAIRS.replace("100%", "95%")) == 100


def test_diacritics_and_word_order_do_not_count():
    unaccented = "chuyen doi so ho so thu tuc hanh chinh cua So Noi vu thuoc tham quyen giai quyet 100%"
    assert score(HOME_AFFAIRS, unaccented) >= 90


def test_a_repeat_with_edits_is_above_the_threshold_and_another_task_below():
    edited = "Chuyển đổi số toàn bộ hồ sơ thủ tục hành chính thuộc thẩm quyền của Sở Nội vụ"
    assert score(HOME_AFFAIRS, edited) >= THRESHOLD
    assert score(HOME_AFFAIRS, "Số hóa 100% hồ sơ cán bộ, công chức") < THRESHOLD
    assert score(HOME_AFFAIRS, "Giải phóng mặt bằng khu công nghiệp Sơn Nam") < THRESHOLD


def test_the_words_the_other_title_lacks_are_marked():
    words = marked_words("Chuyển đổi số 95% hồ sơ của Sở Tài nguyên", HOME_AFFAIRS)
    assert [w.text for w in words if w.differs] == ["95%", "Tài", "nguyên"]
    assert "".join(w.text for w in words if not w.differs) == "Chuyểnđổisốhồsơcủa" + "Sở"


def test_the_fast_ranking_keeps_the_same_top_3_as_scoring_every_candidate():
    """`_scored` stops early (best token-sort first, bounded); it must keep what scoring all would keep."""
    rng = random.Random(7)
    places = unique_place_names(rng, 12)
    candidates, titles = [], {}
    for pk in range(1, 801):
        titles[pk] = fill_title(rng.choice(task_texts.TEMPLATES), rng, places)
        candidates.append(Candidate(pk, normalize_words(titles[pk]), None, None, 1))
    pool = _Pool(candidates)

    def relation_of(candidate: Candidate) -> Relation:
        return RELATION_ORDER[candidate.pk % 3]

    for task in candidates[:60]:
        text = lookalike_text(titles[task.pk])
        every = sorted(
            (
                (similarity(text, lookalike_text(titles[c.pk])), c.pk, relation_of(c))
                for c in candidates
                if c.pk != task.pk
            ),
            key=lambda s: (-s[0], RELATION_ORDER.index(s[2]), -s[1]),
        )
        expected = [(score, pk) for score, pk, _ in every if score >= THRESHOLD][:TOP]
        fast = [(score, c.pk) for score, c, _ in _scored(text, pool, relation_of, skip=task.pk)]
        assert fast == expected
