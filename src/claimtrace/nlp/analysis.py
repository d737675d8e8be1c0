"""One analysed text: tokens, sentences, paragraphs, quotes and tags.

``Analysis`` is what every extractor reads. It is built once per article
(``analyse``) or for a batch (``analyse_many``, which tags the whole batch in
one numpy pass), and never changed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
from spacy.attrs import IDX, LENGTH, ORTH, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from claimtrace.model import Offsets
from claimtrace.nlp.features import U64
from claimtrace.nlp.layout import (
    QuoteRegion,
    find_quotes,
    hard_wrapped,
    paragraph_starts,
    sentence_starts,
)
from claimtrace.nlp.pipeline import abbreviations
from claimtrace.nlp.tagger import TAGS, Tagger, WordColumns

I32 = npt.NDArray[np.int32]


@dataclass(eq=False)
class Analysis:
    """The linguistic layer of one text. Token indices index every list here."""

    text: str
    doc: Doc
    words: list[str]
    lowers: list[str]  # each word lower-cased (``str.lower``)
    spaced: list[bool]
    starts: I32  # character offset of each token
    ends: I32  # end offset (exclusive) of each token
    sentences: list[tuple[int, int]]  # token ranges [start, end)
    sent_of: I32
    paragraphs: list[int]  # first token of each paragraph
    para_of: I32
    quotes: list[QuoteRegion]  # every quotation, outer and nested, in text order
    quote_of: I32  # index into ``quotes`` of the outer quotation around a token, or -1
    tags: list[str]  # part-of-speech tags (our tagger, Penn-style, reduced)
    proper: list[bool]  # capitalised as part of a name (not just as a sentence's first word)
    wordlike: npt.NDArray[np.bool_] = field(
        default_factory=lambda: np.zeros(0, dtype=bool)
    )  # not space, not punctuation

    def __post_init__(self) -> None:
        self._starts: list[int] = self.starts.tolist()  # plain ints: faster to index one by one
        self._ends: list[int] = self.ends.tolist()

    def __len__(self) -> int:
        return len(self.words)

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of tokens [start, end), trimmed of space tokens."""
        words = self.words
        while start < end and words[start].isspace():
            start += 1
        while end > start and words[end - 1].isspace():
            end -= 1
        if start >= end:
            return (self._starts[start] if start < len(words) else len(self.text),) * 2
        return self._starts[start], self._ends[end - 1]

    def token_at(self, offset: int) -> int:
        """The index of the token containing (or starting after) a character offset."""
        return int(np.searchsorted(self.ends, offset, side="right"))

    def in_quote(self, i: int) -> bool:
        return bool(self.quote_of[i] >= 0)

    def sentence(self, i: int) -> tuple[int, int]:
        """The token range of the sentence holding token ``i``."""
        return self.sentences[int(self.sent_of[i])]


_EDGES = frozenset(",.;:()—–\"“”'’‘«»„")


_NAMED_TAGS = np.isin(np.array(TAGS), ["NNP", "CD"])
_TAG_NAMES = np.array(TAGS, dtype=object)


def _capitalised(text: str, starts: I32) -> npt.NDArray[np.bool_]:
    """Whether each token's first character is a capital letter or a digit."""
    first = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)[starts]
    out = ((first >= 65) & (first <= 90)) | ((first >= 48) & (first <= 57))
    for i in np.flatnonzero(first > 127).tolist():  # the rare non-ASCII first letter
        ch = chr(first[i])
        out[i] = ch.isupper() or ch.isdigit()
    return out


def _proper_names(
    words: list[str],
    sentences: list[tuple[int, int]],
    capital: npt.NDArray[np.bool_],
    named: npt.NDArray[np.bool_],
) -> list[bool]:
    """Which tokens are capitalised as part of a name, not just as a sentence's first word.

    A capital counts when the tagger says NNP or CD (``named``), when the
    word is an acronym ("WHO"), or when it does not open its sentence.
    """
    opener = np.zeros(len(words), dtype=bool)
    for start, end in sentences:
        i = start
        while i < end and i - start <= 4 and (words[i] in _EDGES or words[i].isspace()):
            i += 1
        if i < end:
            opener[i] = True
    out = capital & (named | ~opener)
    for i in np.flatnonzero(capital & opener & ~named).tolist():
        word = words[i]
        out[i] = len(word) > 1 and word.isupper() and word.isalpha()
    flags: list[bool] = out.tolist()
    return flags


# What ``_layout`` reads of each token: its offset, length, trailing space, word.
_TOKEN_ATTRIBUTES = [IDX, LENGTH, SPACY, ORTH]


def _layout(
    text: str,
    doc: Doc,
    table: U64,
    words: list[str],
    lowers: list[str],
    tag_ids: npt.NDArray[np.intp],
    wordlike: npt.NDArray[np.bool_],
) -> Analysis:
    starts = table[:, 0].astype(np.int32)
    ends = starts + table[:, 1].astype(np.int32)
    spaced = table[:, 2].astype(bool).tolist()
    n = len(words)

    paragraphs = paragraph_starts(words, wrapped=hard_wrapped(text))
    if n and doc.has_annotation("SENT_START"):
        first = [s.start for s in doc.sents]  # a user's pipeline set them
    else:
        first = sentence_starts(words, spaced, paragraphs, abbreviations())
    bounds = [*first, n]
    sentences = [(bounds[k], bounds[k + 1]) for k in range(len(first))]
    sent_of = np.zeros(n, dtype=np.int32)
    for k, (s, e) in enumerate(sentences):
        sent_of[s:e] = k

    para_of = (np.searchsorted(np.asarray(paragraphs), np.arange(n), side="right") - 1).clip(0)
    para_of = para_of.astype(np.int32)

    quotes = find_quotes(words, spaced, paragraphs)
    quote_of = np.full(n, -1, dtype=np.int32)
    for k in range(len(quotes) - 1, -1, -1):
        region = quotes[k]
        if region.depth == 0:
            quote_of[region.open : region.close + 1] = k

    return Analysis(
        text=text,
        doc=doc,
        words=words,
        lowers=lowers,
        spaced=spaced,
        starts=starts,
        ends=ends,
        sentences=sentences,
        sent_of=sent_of,
        paragraphs=paragraphs,
        para_of=para_of,
        quotes=quotes,
        quote_of=quote_of,
        tags=_TAG_NAMES[tag_ids].tolist(),
        proper=_proper_names(words, sentences, _capitalised(text, starts), _NAMED_TAGS[tag_ids]),
        wordlike=wordlike,
    )


def token_ranges(a: Analysis, offsets: Offsets | None) -> list[tuple[int, int]]:
    """The tokens covering character ``offsets``, trimmed of space tokens."""
    out: list[tuple[int, int]] = []
    for start, end in offsets or ():
        first = int(np.searchsorted(a.ends, start, side="right"))
        last = int(np.searchsorted(a.starts, end, side="left"))
        while first < last and a.words[first].isspace():
            first += 1
        while last > first and a.words[last - 1].isspace():
            last -= 1
        if first < last:
            out.append((first, last))
    return out


@dataclass(eq=False)
class Batch:
    """Analyses of several texts, with their token columns concatenated.

    ``columns`` hold per-token codes (lower case, shape, affixes, …) and
    ``tag_ids`` the tags as ids into ``TAGS``; the tokens of ``analyses[k]``
    are rows ``offsets[k]`` to ``offsets[k + 1]``.
    """

    analyses: list[Analysis]
    columns: dict[str, U64]
    tag_ids: npt.NDArray[np.intp]
    offsets: npt.NDArray[np.int64]


def analyse_batch(
    texts: Iterable[str],
    nlp: Language,
    tagger: Tagger,
    word_columns: WordColumns | None = None,
) -> Batch:
    """Analyse texts as one batch (tokenise, segment, tag).

    ``word_columns``: the lexical columns already read for ``nlp``'s
    vocabulary (an engine keeps them); by default they are read afresh.
    """
    texts = list(texts)
    docs = list(nlp.pipe(texts))
    empty = np.zeros((0, len(_TOKEN_ATTRIBUTES)), dtype=np.uint64)
    tables = [
        np.asarray(d.to_array(_TOKEN_ATTRIBUTES), dtype=np.uint64) if len(d) else empty
        for d in docs
    ]
    table = np.concatenate(tables) if tables else empty
    words = word_columns or WordColumns(nlp.vocab)
    rows = words.rows(table[:, 3])
    columns = words.columns(rows)
    ids = tagger.tag_ids(columns)
    wordlike = (columns["punct"] == 0) & (columns["space"] == 0)
    offsets = np.concatenate([[0], np.cumsum([len(d) for d in docs])]).astype(np.int64)
    analyses = []
    for k, (text, doc) in enumerate(zip(texts, docs, strict=True)):
        first, last = offsets[k], offsets[k + 1]
        mine = rows[first:last]
        analyses.append(
            _layout(
                text,
                doc,
                tables[k],
                words.texts(mine),
                words.lowers(mine),
                ids[first:last],
                wordlike[first:last],
            )
        )
    return Batch(analyses, columns, ids, offsets)


def analyse_many(
    texts: Iterable[str],
    nlp: Language,
    tagger: Tagger,
    word_columns: WordColumns | None = None,
) -> list[Analysis]:
    """Analyse texts as one batch (tokenise, segment, tag)."""
    return analyse_batch(texts, nlp, tagger, word_columns).analyses


def analyse(text: str, nlp: Language, tagger: Tagger) -> Analysis:
    """Analyse one text."""
    return analyse_many([text], nlp, tagger)[0]
