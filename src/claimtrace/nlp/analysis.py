"""One analysed text: tokens, sentences, paragraphs, quotes and tags.

``Analysis`` is what every extractor reads. It is built once per article
(``analyse``) or for a batch (``analyse_many``, which tags the whole batch in
one numpy pass), and never changed afterwards.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from spacy.language import Language
from spacy.tokens import Doc

from spacy.attrs import IDX, LENGTH, SPACY

from claimtrace.nlp.layout import (
    QuoteRegion,
    find_quotes,
    hard_wrapped,
    paragraph_starts,
    sentence_starts,
)
from claimtrace.nlp.pipeline import abbreviations
from claimtrace.nlp.tagger import Tagger

I32 = npt.NDArray[np.int32]


@dataclass(eq=False)
class Analysis:
    """The linguistic layer of one text. Token indices index every list here."""

    text: str
    doc: Doc
    words: list[str]
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

    def __len__(self) -> int:
        return len(self.words)

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character offsets of tokens [start, end), trimmed of space tokens."""
        while start < end and self.words[start].isspace():
            start += 1
        while end > start and self.words[end - 1].isspace():
            end -= 1
        if start >= end:
            return (int(self.starts[start]) if start < len(self) else len(self.text),) * 2
        return int(self.starts[start]), int(self.ends[end - 1])

    def token_at(self, offset: int) -> int:
        """The index of the token containing (or starting after) a character offset."""
        return int(np.searchsorted(self.ends, offset, side="right"))

    def in_quote(self, i: int) -> bool:
        return bool(self.quote_of[i] >= 0)

    def sentence(self, i: int) -> tuple[int, int]:
        """The token range of the sentence holding token ``i``."""
        return self.sentences[int(self.sent_of[i])]


def _layout(text: str, doc: Doc, tags: Sequence[str]) -> Analysis:
    table = doc.to_array([IDX, LENGTH, SPACY]).astype(np.int64)
    starts = table[:, 0].astype(np.int32)
    ends = (table[:, 0] + table[:, 1]).astype(np.int32)
    words = [text[s:e] for s, e in zip(starts.tolist(), ends.tolist(), strict=True)]
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
        spaced=spaced,
        starts=starts,
        ends=ends,
        sentences=sentences,
        sent_of=sent_of,
        paragraphs=paragraphs,
        para_of=para_of,
        quotes=quotes,
        quote_of=quote_of,
        tags=list(tags),
    )


def analyse_many(texts: Iterable[str], nlp: Language, tagger: Tagger) -> list[Analysis]:
    """Analyse texts as one batch (tokenise, segment, tag)."""
    texts = list(texts)
    docs = list(nlp.pipe(texts))
    tags = tagger.tag_many(docs)
    return [_layout(text, doc, t) for text, doc, t in zip(texts, docs, tags, strict=True)]


def analyse(text: str, nlp: Language, tagger: Tagger) -> Analysis:
    """Analyse one text."""
    return analyse_many([text], nlp, tagger)[0]
