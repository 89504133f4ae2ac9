"""Chinese-aware tokens and query parsing."""

import pytest

from casemgmt.archive.query import MAX_QUERY_CHARS, QueryError, parse_query
from casemgmt.archive.segment import tokens


def test_han_runs_become_bigrams_and_a_final_character():
    assert tokens("占道经营，罚款") == ["占道", "道经", "经营", "营", "罚款", "款"]


def test_letters_and_digits_are_one_lower_case_token_and_fullwidth_is_normalised():
    assert tokens("城关〔２０２６〕12号 91110000MA01ABCD1X") == ["城关", "关", "2026", "12", "号", "91110000ma01abcd1x"]


def raw(q):
    return [t.raw for t in parse_query(q)]


def test_an_unspaced_chinese_query_is_split_into_words_that_all_must_match():
    assert raw("李四占道经营") == ["李四", "占道", "经营"]
    assert raw("罚款 占道") == ["罚款", "占道"]


def test_single_characters_are_glued_so_nothing_is_dropped():
    assert "".join(raw("在路边占道经营")) == "在路边占道经营"


def test_quotes_keep_a_phrase_and_case_numbers_stay_whole():
    assert raw('"人民路占道"') == ["人民路占道"]
    assert raw("城关镇罚〔2026〕12号") == ["城关镇罚〔2026〕12号"]


def test_empty_punctuation_and_overlong_queries():
    assert parse_query("   ") == []
    with pytest.raises(QueryError, match="标点"):
        parse_query("，。！？")
    with pytest.raises(QueryError, match="过长"):
        parse_query("占" * (MAX_QUERY_CHARS + 1))
    with pytest.raises(QueryError, match="过多"):
        parse_query(" ".join(f"词{i}" for i in range(20)))


def test_a_case_number_matches_its_serial_exactly_not_as_a_prefix():
    term = parse_query("城关镇罚〔2026〕12号")[0]
    assert term.phrase_tokens() == ["城关", "关镇", "镇罚", "罚", "2026", "12"]
    assert not term.prefix
    assert parse_query("330102")[0].prefix and parse_query("罚")[0].prefix
