from hypothesis import given
from hypothesis import strategies as st

from dotpha.core.search import normalize_search


def test_strips_vietnamese_marks_and_folds_d():
    assert normalize_search("Nguyễn Văn Đặng") == "nguyen van dang"
    assert normalize_search("ĐẢNG ỦY XÃ TÂN LẬP") == "dang uy xa tan lap"


def test_decomposed_input_matches_composed():
    assert normalize_search(unicodedata_nfd("Hòa Bình")) == normalize_search("Hòa Bình") == "hoa binh"


def test_collapses_whitespace():
    assert normalize_search("  Lê   Thị\tHạnh ") == "le thi hanh"


@given(st.text())
def test_idempotent(text):
    once = normalize_search(text)
    assert normalize_search(once) == once


def unicodedata_nfd(text: str) -> str:
    import unicodedata

    return unicodedata.normalize("NFD", text)
