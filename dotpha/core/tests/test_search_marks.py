"""The words of a search, found without diacritics and marked on the original text, which stays escaped."""

from django.template import Context, Template

from dotpha.core.search import SearchTerms, match_spans, search_terms
from dotpha.core.templatetags.search_marks import highlight


def test_the_query_is_split_into_normalised_words_each_once_the_last_one_a_prefix():
    assert search_terms("  Số hóa  HỒ sơ ") == SearchTerms(("so", "hoa", "ho"), "")
    assert search_terms("Nguyễn   Văn") == SearchTerms(("nguyen",), "van")
    assert search_terms("hoà") == SearchTerms((), "hoa")
    assert not search_terms("   ") and search_terms("   ").all == ()
    assert search_terms("125-QĐ/TU, hồ sơ").all == ("125", "qd", "tu", "ho", "so")


def test_spans_cover_the_original_letters_with_their_diacritics():
    text = "Số hóa hồ sơ đất đai"
    spans = match_spans(text, SearchTerms(("hoa", "dat"), ""))
    assert [text[a:b] for a, b in spans] == ["hóa", "đất"]
    # overlapping words are one span
    assert [text[a:b] for a, b in match_spans(text, SearchTerms(("ho so", "so"), ""))] == ["Số", "hồ sơ"]


def test_decomposed_letters_are_marked_whole():
    text = "Đặng Thị Hạnh".replace("ạ", "a\u0323")  # a + combining dot below, as some keyboards type it
    assert highlight(text, "hanh") == "Đặng Thị <mark>Ha\u0323nh</mark>"


def test_highlight_marks_every_word_in_any_order():
    assert (
        highlight("Số hóa hồ sơ", "ho so so hoa")
        == "<mark>Số</mark> <mark>hóa</mark> <mark>hồ</mark> <mark>sơ</mark>"
    )
    assert highlight("Nguyễn Văn Hùng", "nguyen van") == "<mark>Nguyễn</mark> <mark>Văn</mark> Hùng"


def test_the_text_and_the_query_are_escaped():
    text = '<script>alert("số")</script>'
    assert highlight(text, "script so") == (
        "&lt;<mark>script</mark>&gt;alert(&quot;<mark>số</mark>&quot;)&lt;/<mark>script</mark>&gt;"
    )
    # signs typed are not words: "<script>" looks for "script"
    assert highlight(text, "<script>") == (
        "&lt;<mark>script</mark>&gt;alert(&quot;số&quot;)&lt;/<mark>script</mark>&gt;"
    )


def test_whole_words_are_marked_and_the_last_word_where_a_word_starts():
    # "hoa" is finished (a word follows it), "so" is being typed
    assert (
        highlight("Hoàn thành số hóa, chăm sóc, khoa học", "hoa so")
        == "Hoàn thành <mark>số</mark> <mark>hóa</mark>, chăm <mark>só</mark>c, khoa học"
    )
    assert (
        highlight("Hoàn thành số hóa, chăm sóc, khoa học", "so hoa")
        == "<mark>Hoà</mark>n thành <mark>số</mark> <mark>hóa</mark>, chăm sóc, khoa học"
    )
    assert highlight("a & b", "") == "a &amp; b"
    assert highlight(None, "x") == ""


def test_the_filter_in_a_template_keeps_its_marks_only():
    page = Template("{% load search_marks %}{{ t|highlight:q }}").render(
        Context({"t": "Chuyển đổi số <b>", "q": "doi"})
    )
    assert page == "Chuyển <mark>đổi</mark> số &lt;b&gt;"
