"""The news tokenizer: spaCy's tokens, found faster, with the lexical attributes we read."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import cast

import numpy as np
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import IS_PUNCT, IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from claimtrace.nlp.analysis import analyse_many
from claimtrace.nlp.features import U64
from claimtrace.nlp.pipeline import (
    LEXICAL,
    WIDEST_SUFFIX,
    ChunkPrimer,
    GuardedTokenizer,
    TailSearch,
    make_nlp,
)
from claimtrace.nlp.tagger import COLUMN_ATTRIBUTES, WordColumns, default_tagger, token_columns

# Characters around which English suffixes split: periods, quotes, units,
# currency, dashes, brackets, digits and letters.
_ALPHABET = [*"ab.Z9$%'’s…-—–km/h()[]\"“”,:;!?°C\n ", "US$", "km", "...", "’S", "mph"]


def _widths() -> list[tuple[str, int, int]]:
    parser = re._parser  # type: ignore[attr-defined]  # the width of each suffix piece
    suffixes = spacy.blank("en").Defaults.suffixes or ()
    return [(piece, *parser.parse(piece).getwidth()) for piece in suffixes]


def test_every_suffix_but_a_run_of_periods_fits_the_tail() -> None:
    unbounded = [piece for piece, _, widest in _widths() if widest > WIDEST_SUFFIX]
    assert unbounded == [r"\.\.+"]


def _spacy_tokenizer(nlp: Language) -> Tokenizer:
    guarded = nlp.tokenizer
    assert isinstance(guarded, GuardedTokenizer)
    return cast(Tokenizer, guarded.tokenizer)


def _plain(nlp: Language) -> Callable[[str], re.Match[str] | None]:
    search = _spacy_tokenizer(nlp).suffix_search
    assert isinstance(search, TailSearch)
    return search.search


@cache
def _pipelines() -> tuple[Language, Language]:
    """Ours, and ours with spaCy's own suffix search put back."""
    theirs = make_nlp()
    _spacy_tokenizer(theirs).suffix_search = _plain(theirs)
    return make_nlp(), theirs


@pytest.mark.parametrize(
    "chunk",
    ["word", "said,", "10km", "10km/h", "US$", "5US$", "wait......", "ab......",
     "x....ab", "it’s", "IT’S", "Trump's", "(2016)", "“No.”", "20°C.", "a\n.", "—", "...."],
)  # fmt: skip
def test_tail_search_finds_what_the_full_search_finds(chunk: str) -> None:
    plain = _plain(_pipelines()[0])
    mine, theirs = TailSearch(plain).find(chunk), plain(chunk)
    assert (mine and mine.span()) == (theirs and theirs.span())


def _tokens(doc: Doc) -> list[tuple[str, str, str]]:
    return [(t.text, t.whitespace_, t.norm_) for t in doc]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), min_size=1, max_size=30).map("".join))
def test_tokens_are_spacys(text: str) -> None:
    ours, theirs = _pipelines()
    # theirs: spaCy's own suffix search, and its tokenizer called directly (no priming)
    assert _tokens(ours.tokenizer(text)) == _tokens(_spacy_tokenizer(theirs)(text))


# Chunks and special cases (exceptions) that a primed cache must not confuse:
# a special case met early in a text, the same word bare and with affixes.
_WORDS = ["U.S.", "U.S.,", "(U.S.)", "don't", "Don't", "don't.", "Mr.", "said", "said,",
          "“said", "it’s", "can't", "10km", ":)", "a.m.", "(", "'s", "Trump's"]  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from(_WORDS), min_size=1, max_size=12).map(" ".join),
        min_size=1,
        max_size=4,
    )
)
def test_primed_tokens_are_spacys(texts: list[str]) -> None:
    ours, theirs = _pipelines()
    for text in texts:  # the cache filled by one text serves the next
        assert _tokens(ours.tokenizer(text)) == _tokens(_spacy_tokenizer(theirs)(text))


def test_the_primed_cache_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ChunkPrimer, "LIMIT", 5)
    nlp = make_nlp()
    guarded = nlp.tokenizer
    assert isinstance(guarded, GuardedTokenizer) and guarded.primer is not None
    for text in ("a b c", "d e f U.S.", "g h i", "a b c don't"):
        assert _tokens(nlp.tokenizer(text)) == _tokens(_spacy_tokenizer(nlp)(text))
        assert len(guarded.primer._seen) <= 5


def test_a_string_searched_again_gives_what_it_gave() -> None:
    calls: list[str] = []

    def search(chunk: str, start: int = 0) -> re.Match[str] | None:
        calls.append(chunk)
        return re.compile(r",$").search(chunk, start)

    tail = TailSearch(search)
    first, again = tail("Trump,"), tail("Trump,")
    assert first is not None and first is again and calls == ["Trump,"]
    assert tail("Trump") is None and tail("Trump") is None and calls == ["Trump,", "Trump"]


def test_what_is_remembered_stays_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(TailSearch, "LIMIT", 3)
    tail = TailSearch(re.compile(r",$").search)
    for word in ("a", "b,", "c", "d,", "e"):
        tail(word)
    assert len(tail._found) <= 3 and tail("d,") is not None


@pytest.mark.parametrize("word", ["Trump", "said", "U.S.", "“", "2016", "'s", "km/h", "Ñandú"])
def test_the_lexical_attributes_claimtrace_reads_are_spacys(word: str) -> None:
    ours, theirs = make_nlp().vocab[word], spacy.blank("en").vocab[word]  # new to both
    attributes = ("lower_", "norm_", "prefix_", "suffix_", "shape_", "is_title", "is_space")
    assert [getattr(ours, name) for name in (*attributes, "is_punct")] == [
        getattr(theirs, name) for name in (*attributes, "is_punct")
    ]


def test_the_columns_the_tagger_reads_are_computed() -> None:
    assert {*COLUMN_ATTRIBUTES, IS_PUNCT, IS_SPACE} - {ORTH} <= LEXICAL


def _orth(docs: list[Doc]) -> U64:
    return np.concatenate([np.zeros(0, np.uint64), *(d.to_array(ORTH).reshape(-1) for d in docs)])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_ALPHABET), max_size=30).map("".join), max_size=4))
def test_word_columns_are_the_token_columns(texts: list[str]) -> None:
    nlp = _pipelines()[0]
    docs = list(nlp.pipe(texts))
    words = WordColumns(nlp.vocab)
    for _ in range(2):  # read from the vocabulary, then remembered
        rows = words.rows(_orth(docs))
        ours, theirs = words.columns(rows), token_columns(docs)
        assert ours.keys() == theirs.keys()
        for name, column in theirs.items():
            assert ours[name].dtype == column.dtype and ours[name].tolist() == column.tolist()
        assert words.texts(rows) == [t.text for d in docs for t in d]
        assert words.lowers(rows) == [t.text.lower() for d in docs for t in d]
    for a, doc in zip(analyse_many(texts, nlp, default_tagger(), words), docs, strict=True):
        assert a.words == [t.text for t in doc] and a.lowers == [w.lower() for w in a.words]


def test_word_columns_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(WordColumns, "LIMIT", 4)
    nlp = _pipelines()[0]
    words = WordColumns(nlp.vocab)
    for text in ("a b c", "d e f", "g h i", "a b c"):
        doc = nlp(text)
        rows = words.rows(_orth([doc]))
        assert words.columns(rows)["lower"].tolist() == token_columns([doc])["lower"].tolist()
        assert words.texts(rows) == text.split()
        assert len(words._rows) <= 4
