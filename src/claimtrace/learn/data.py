"""Gold attributions of PolNeAR, aligned to our tokens."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from claimtrace.evaluate.polnear import GoldDocument, read_corpus
from claimtrace.evaluate.scoring import SpanTriple
from claimtrace.nlp.analysis import Analysis, token_ranges

TokenRange = tuple[int, int]


@dataclass(frozen=True, slots=True)
class GoldFrame:
    """One gold attribution in token ranges (pieces, in order)."""

    cue: list[TokenRange]
    source: list[TokenRange]
    content: list[TokenRange]


def align(a: Analysis, triple: SpanTriple) -> GoldFrame | None:
    """A gold attribution in tokens, or None when its cue covers no token."""
    cue = token_ranges(a, triple.cue)
    if not cue:
        return None
    return GoldFrame(cue, token_ranges(a, triple.source), token_ranges(a, triple.content))


def gold_documents(directory: Path, *, every_annotator: bool = False) -> Iterator[GoldDocument]:
    """The gold documents of a split (both annotators' files when asked, for training)."""
    yield from read_corpus(directory, every_annotator=every_annotator)
