"""The query language (casemgmt.archive.query) and the 文号 normalisation it shares with the index."""

import pytest

from casemgmt.archive.highlight import highlight, mark
from casemgmt.archive.query import MAX_QUERY_CHARS, QueryError, parse_query, pattern
from casemgmt.archive.segment import normalise, tokens
from casemgmt.org import docnumber


def raw(q):
    return [t.raw for t in parse_query(q)]


def test_words_separated_by_spaces_or_chinese_punctuation_each_must_match():
    assert raw("占道 城关") == ["占道", "城关"]
    assert raw("占道，城关") == ["占道", "城关"]
    assert raw("占道、城关；人民路") == ["占道", "城关", "人民路"]
    assert raw("  占道\t城关  ") == ["占道", "城关"]


def test_an_unspaced_chinese_query_is_segmented_as_words_of_the_index():
    assert raw("占道经营") == ["占道", "经营"]
    assert all(not t.phrase for t in parse_query("占道经营"))
    # Each word's tokens are index tokens of the text it comes from.
    indexed = set(tokens("当事人在人民路占道经营"))
    assert all(set(t.phrase_tokens()) <= indexed for t in parse_query("占道经营"))


@pytest.mark.parametrize("q", ['"人民路占道"', "“人民路占道”", "「人民路占道」", "『人民路占道』", "＂人民路占道＂"])
def test_quoted_text_is_one_phrase_with_any_quotation_marks(q):
    (term,) = parse_query(q)
    assert term.phrase and term.raw == "人民路占道"
    assert term.phrase_tokens() == ["人民", "民路", "路占", "占道"]


def test_phrases_and_words_mix():
    terms = parse_query('陈某 "人民路占道" 罚款')
    assert [(t.raw, t.phrase) for t in terms] == [("陈某", False), ("人民路占道", True), ("罚款", False)]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ('"占道', ["占道"]),  # unbalanced quote: the quote is punctuation
        ('占道"', ["占道"]),
        ("“占道", ["占道"]),
        ("占道*", ["占道"]),
        ("(占道)", ["占道"]),
        ("占道 AND 城关", ["占道", "and", "城关"]),  # operators are words like any other
        ("占道 OR 城关", ["占道", "or", "城关"]),
        ("NEAR(占道 城关)", ["near(占道", "城关"]),
        ("占道 -广告", ["占道", "广告"]),
        ("col:占道", ["col", "占道"]),  # an FTS5 column filter is two words
        ("'; DROP TABLE x; --", ["drop", "table", "x"]),
    ],
)
def test_engine_syntax_in_user_input_is_text(q, expected):
    terms = parse_query(q)
    assert [t.raw for t in terms] == expected
    for term in terms:
        # Only index tokens reach an engine: Han characters, lower-case letters and digits.
        assert all(tok.isalnum() for tok in term.phrase_tokens())


@pytest.mark.parametrize("q", ["，。！？", '"', '""', "“”", "()", "*", "---"])
def test_a_query_of_punctuation_alone_is_refused_in_chinese(q):
    with pytest.raises(QueryError, match="标点"):
        parse_query(q)


def test_empty_overlong_and_too_many_terms():
    assert parse_query("") == [] and parse_query(None) == [] and parse_query("   ") == []
    with pytest.raises(QueryError, match="过长"):
        parse_query("占" * (MAX_QUERY_CHARS + 1))
    with pytest.raises(QueryError, match="过多"):
        parse_query(" ".join(f"词{i}" for i in range(20)))


def test_repeated_terms_count_once():
    assert raw("占道 占道 占道") == ["占道"]


# --- 文号 ----------------------------------------------------------------------------------------------------------

VARIANTS = [
    "城关镇罚〔2026〕12号",
    "城关镇罚(2026)12号",
    "城关镇罚（2026）12号",
    "城关镇罚[2026]12号",
    "城关镇罚［2026］12号",
    "城关镇罚【2026】12号",
    "城关镇罚〈2026〉12号",
    "城关镇罚﹝2026﹞12号",
    "城关镇罚〔2026〕第12号",
    "城关镇罚〔2026〕012号",
    "城关镇罚〔2026〕第0012号",
    "城关镇罚〔２０２６〕１２号",
    "城关镇罚（２０２６）第０１２号",
    "城关镇罚 〔2026〕 12 号",
    "城关镇罚 ( 2026 ) 第 12 号",
]


@pytest.mark.parametrize("typed", VARIANTS)
def test_every_typed_form_of_a_number_normalises_to_the_generated_one(typed):
    assert docnumber.canonical(typed) == "城关镇罚〔2026〕12号"
    assert normalise(typed) == "城关镇罚〔2026〕12号"
    (term,) = parse_query(typed)
    assert term.phrase_tokens() == ["城关", "关镇", "镇罚", "罚", "2026", "12"] and not term.prefix


def test_the_generated_shape_is_what_case_numbers_and_the_default_document_pattern_use():
    from documents.models import DEFAULT_PATTERN

    assert docnumber.compose("城关镇立", 2026, 3) == "城关镇立〔2026〕3号"
    assert DEFAULT_PATTERN.format(prefix="城关镇综执", code="罚决", year=2026, seq=12) == "城关镇综执罚决〔2026〕12号"


def test_other_serials_and_years_stay_apart():
    assert normalise("城关镇罚〔2026〕120号") != normalise("城关镇罚〔2026〕12号")
    assert normalise("城关镇罚〔2025〕12号") != normalise("城关镇罚〔2026〕12号")
    # Text that only looks a little like a number is left alone.
    assert normalise("人民路12号") == "人民路12号"
    assert normalise("第（六）项") == "第(六)项"


# --- marking matches ---------------------------------------------------------------------------------------------


def test_marks_escape_the_text_first_so_indexed_markup_stays_text():
    text = '<script>alert("占道")</script>在人民路占道经营 & <b>罚款</b>'
    marked = str(mark(text, pattern(parse_query("占道 script"))))
    assert "<script>" not in marked and "<b>" not in marked
    assert "&lt;<mark>script</mark>&gt;" in marked
    assert "人民路<mark>占道</mark>经营 &amp; &lt;b&gt;罚款&lt;/b&gt;" in marked
    snippet = str(highlight(text, pattern(parse_query("罚款"))))
    assert "<mark>罚款</mark>" in snippet and "<b>" not in snippet and "<script" not in snippet


def test_a_number_is_marked_on_the_text_as_it_was_written():
    text = "送达文书：城关镇罚（２０２６）第012号，已送达"
    marked = str(mark(text, pattern(parse_query("城关镇罚〔2026〕12号"))))
    assert marked == "送达文书：<mark>城关镇罚（２０２６）第012号</mark>，已送达"


def test_full_width_and_upper_case_text_is_marked_as_written():
    assert str(mark("代码ＡＢＣ１２３", pattern(parse_query("abc123")))) == "代码<mark>ＡＢＣ１２３</mark>"


def test_a_snippet_is_a_window_around_the_first_match():
    text = "前" * 200 + "占道经营" + "后" * 200
    snippet = str(highlight(text, pattern(parse_query("占道"))))
    assert snippet.startswith("…") and snippet.endswith("…") and "<mark>占道</mark>" in snippet
    assert len(snippet) < 120
    assert highlight(text, pattern(parse_query("广告"))) is None
