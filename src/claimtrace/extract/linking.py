"""Group the span tagger's spans into attributions: each content and source to its cue.

The tagger labels spans, not links. A content span that shares a sentence
with a cue belongs to the nearest such cue (fewest tokens between them; the
earlier cue on a tie). One in a sentence without a cue continues an
attribution only when nothing but spaces and punctuation separates them:
a quotation running on after its cue's sentence or paragraph ("“…,” she
said. “…”", also past a source after the cue: "“…,” said X, a strategist
who advised Bush. “…”"), or one leading up to it. A quotation that runs
on after an attribution holding none continues the quotation of an earlier
cue of the sentence with the same source ("“…,” she said, pointing out
where …. “…”"). The pieces of one cue's content
become one discontinuous content, as PolNeAR annotates them; content spans
that join no cue are returned apart (``Links.orphans``). Each cue takes the
nearest source that shares a sentence with it; cues may share one ("she
said …, adding …").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from claimtrace.extract.spans import Labels, role_spans
from claimtrace.nlp.analysis import Analysis

TokenRange = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Tagged:
    """One attribution as the span tagger found it, in token ranges."""

    cue: TokenRange
    source: TokenRange | None
    content: tuple[TokenRange, ...]


@dataclass(frozen=True, slots=True)
class Links:
    """A text's tagged attributions, in cue order, and the contents that joined none."""

    attributions: list[Tagged]
    orphans: list[TokenRange]


def _gap(one: TokenRange, other: TokenRange) -> int:
    """Tokens between two ranges (0 when they touch or overlap)."""
    return max(one[0] - other[1], other[0] - one[1], 0)


def _only_punctuation(a: Analysis, start: int, end: int) -> bool:
    """Whether tokens [start, end) hold no word (spaces and punctuation only)."""
    return not a.wordlike[start:end].any() if end > start else True


def _joined(a: Analysis, pieces: Sequence[TokenRange]) -> tuple[TokenRange, ...]:
    """Pieces in text order, those with no word between them made one (a quotation
    over two paragraphs is one piece)."""
    out: list[TokenRange] = []
    for start, end in sorted(pieces):
        if out and _only_punctuation(a, out[-1][1], start):
            out[-1] = (out[-1][0], max(end, out[-1][1]))
        else:
            out.append((start, end))
    return tuple(out)


def _nearest(spans: Sequence[TokenRange], starts: Sequence[int], span: TokenRange,
             lo: int = 0, hi: int | None = None) -> list[int]:  # fmt: skip
    """Among ``spans[lo:hi]`` (in text order, none overlapping ``span``), the last
    one before ``span`` and the first one after it: the only ones that can be
    nearest."""
    hi = len(spans) if hi is None else hi
    before = bisect_left(starts, span[0], lo, hi) - 1
    return [k for k in (before, before + 1) if lo <= k < hi]


class _Extents:
    """The first and last token of each cue and the contents it has so far, findable
    by where they end and where they start."""

    def __init__(self, extents: list[TokenRange]) -> None:
        self.extent = extents
        self.ends = sorted((end, k) for k, (_, end) in enumerate(extents))
        self.starts = sorted((start, k) for k, (start, _) in enumerate(extents))

    def ending_in(self, first: int, last: int) -> list[int]:
        """Cues whose extent ends in [first, last]."""
        lo, hi = (
            bisect_left(self.ends, (first, -1)),
            bisect_right(self.ends, (last, len(self.ends))),
        )
        return [k for _, k in self.ends[lo:hi]]

    def starting_in(self, first: int, last: int) -> list[int]:
        """Cues whose extent starts in [first, last]."""
        lo = bisect_left(self.starts, (first, -1))
        hi = bisect_right(self.starts, (last, len(self.starts)))
        return [k for _, k in self.starts[lo:hi]]

    def grow(self, k: int, span: TokenRange) -> None:
        start, end = self.extent[k]
        self.ends.remove((end, k))
        self.starts.remove((start, k))
        start, end = min(start, span[0]), max(end, span[1])
        self.extent[k] = (start, end)
        insort(self.ends, (end, k))
        insort(self.starts, (start, k))


def link(a: Analysis, labels: Labels) -> Links:
    """The attributions of one text's labels (``extract.spans.LABELS`` ids).

    Linear in the text but for a few binary searches: a sentence or paragraph
    may hold thousands of cues ("said said said …")."""
    cues = role_spans(labels, "cue")
    spans = role_spans(labels, "content")
    if not cues:
        return Links([], spans)
    sentence, paragraph = a.sent_of, a.para_of
    cue_starts = [start for start, _ in cues]
    cue_sentence = [int(sentence[start]) for start in cue_starts]
    cue_paragraph = [int(paragraph[start]) for start in cue_starts]
    owner: list[int | None] = [None] * len(spans)
    for j, span in enumerate(spans):
        # The cues starting in a sentence the content touches: a run of ``cues``.
        lo = bisect_left(cue_sentence, int(sentence[span[0]]))
        hi = bisect_right(cue_sentence, int(sentence[span[1] - 1]))
        near = _nearest(cues, cue_starts, span, lo, hi)
        if near:
            owner[j] = min(near, key=lambda k: (_gap(cues[k], span), k))
    sources = _sources(a, cues, cue_sentence, role_spans(labels, "source"))
    extent = [
        cue if source is None or source[0] < cue[0] else (cue[0], max(cue[1], source[1]))
        for cue, source in zip(cues, sources, strict=True)
    ]
    for j, mine in enumerate(owner):
        if mine is not None:
            first, last = extent[mine]
            extent[mine] = (min(first, spans[j][0]), max(last, spans[j][1]))
    extents = _Extents(extent)
    quoting = [False] * len(cues)  # whether a cue's content so far holds a quotation
    for j, mine in enumerate(owner):
        if mine is not None:
            quoting[mine] = quoting[mine] or _quoted(a, spans[j])
    words = np.flatnonzero(a.wordlike)
    # Run-on pieces, forwards (after an attribution) and then backwards (before one).
    for order in (range(len(spans)), range(len(spans) - 1, -1, -1)):
        for j in order:
            if owner[j] is not None:
                continue
            span = spans[j]
            p = int(paragraph[span[0]])
            # An attribution that ends with no word before the span, or starts with
            # none after it.
            w = int(np.searchsorted(words, span[0])) - 1
            after_word = int(words[w]) + 1 if w >= 0 else 0
            w = int(np.searchsorted(words, span[1]))
            before_word = int(words[w]) if w < len(words) else len(a)
            touching = [
                *extents.ending_in(after_word, span[0]),
                *extents.starting_in(span[1], before_word),
            ]
            # The cues of this paragraph first, then those of the one before
            # (nearest first) and of the one after.
            rank = {p: 0, p - 1: 1, p + 1: 2}
            ranked = [
                (rank[cue_paragraph[k]], -k if cue_paragraph[k] == p - 1 else k, k)
                for k in touching
                if cue_paragraph[k] in rank
            ]
            if ranked:
                k = min(ranked)[2]
                if a.in_quote(span[0]):
                    k = _quotation_of(k, cue_sentence, sources, quoting)
                owner[j] = k
                quoting[k] = quoting[k] or _quoted(a, span)
                extents.grow(k, span)
    contents: list[list[TokenRange]] = [[] for _ in cues]
    orphans: list[TokenRange] = []
    for j, mine in enumerate(owner):
        if mine is None:
            orphans.append(spans[j])
        else:
            contents[mine].append(spans[j])
    attributions = [
        Tagged(cue, source, _joined(a, content))
        for cue, source, content in zip(cues, sources, contents, strict=True)
    ]
    return Links(attributions, orphans)


def _quoted(a: Analysis, span: TokenRange) -> bool:
    return a.in_quote(span[0]) or a.in_quote(span[1] - 1)


# How many cues back a run-on quotation looks for the one it continues (a few:
# "said X, a strategist who worked for Bush and has advised …"), so that a
# sentence of thousands of cues stays linear.
_BACK = 3


def _quotation_of(
    k: int, cue_sentence: list[int], sources: list[TokenRange | None], quoting: list[bool]
) -> int:
    """The cue a quotation running on after cue ``k``'s attribution continues: ``k``,
    unless ``k`` holds no quotation and an earlier cue of its sentence with the same
    source does ("“…,” she said, describing how …. “…”": the quotation goes on)."""
    if sources[k] is None or quoting[k]:
        return k
    for other in range(k - 1, max(k - _BACK, 0) - 1, -1):
        if cue_sentence[other] != cue_sentence[k]:
            break
        if quoting[other] and sources[other] == sources[k]:
            return other
    return k


def _sources(
    a: Analysis, cues: list[TokenRange], cue_sentence: list[int], sources: list[TokenRange]
) -> list[TokenRange | None]:
    """Each cue's nearest source among those that touch the cue's (first) sentence;
    the earlier one on a tie."""
    sentence = a.sent_of
    starts = [start for start, _ in sources]
    out: list[TokenRange | None] = []
    for cue, s in zip(cues, cue_sentence, strict=True):
        # Sources are in text order and none overlaps a cue: the last one before
        # the cue reaches furthest into its sentence, the first one after
        # starts nearest it.
        near = [
            k
            for k in _nearest(sources, starts, cue)
            if int(sentence[sources[k][0]]) <= s <= int(sentence[sources[k][1] - 1])
        ]
        out.append(sources[min(near, key=lambda k: (_gap(sources[k], cue), k))] if near else None)
    return out
