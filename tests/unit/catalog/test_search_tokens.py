"""The catalog's tokeniser: CJK unigrams and bigrams, latin words and their prefixes."""

from __future__ import annotations

from services.catalog.domain.search import MIN_PREFIX, document_tokens, pack, query_tokens


def matches(query: str, *texts: str) -> bool:
    return set(query_tokens(query)) <= document_tokens(*texts)


def test_a_chinese_word_finds_a_name_that_contains_it():
    assert matches("椰子", "海南椰子水")
    assert matches("椰", "海南椰子水")
    assert not matches("椰汁", "海南椰子水")


def test_chinese_text_is_cut_into_characters_and_adjacent_pairs():
    assert document_tokens("椰子水") == {"椰", "子", "水", "椰子", "子水"}
    assert query_tokens("椰子水") == ["子水", "椰子"]
    assert query_tokens("水") == ["水"]


def test_a_latin_prefix_of_three_letters_or_more_finds_the_word():
    assert matches("coco", "Coconut water")
    assert matches("Water", "Coconut water")
    assert MIN_PREFIX == 3 and not matches("co", "Coconut water")


def test_full_width_letters_and_digits_fold_to_ascii():
    assert matches("abc12", "ＡＢＣ１２ 套餐")
    assert document_tokens("ＡＢＣ") == {"abc"}


def test_punctuation_and_missing_texts_give_no_tokens():
    assert document_tokens(None, "", "！？…") == set()
    assert query_tokens("  ,,  ") == []


def test_query_tokens_are_sorted_and_without_repeats():
    assert query_tokens("water 椰子 water") == ["water", "椰子"]


def test_packed_tokens_match_only_whole_tokens():
    packed = pack({"椰子", "water"})
    assert packed == " water 椰子 "
    assert " water " in packed and " wat " not in packed
    assert pack(set()) == " "
