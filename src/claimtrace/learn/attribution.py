"""Train the span tagger on PolNeAR (train split only).

The rules run first on every article, as they do at analysis time, so the
tagger learns from the same inputs it will see. Each paragraph (as
``extract.spans.pieces`` cuts it) is one training sequence, labelled with
the gold sources, cues and contents of its article, and, for the syntactic
scaffold (``learn.neural.Shape.syntax``), each token's dependency relation
in the silver CoreNLP parse: its label and on which side its head is
("nsubj>": a subject before its head).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from itertools import islice

import numpy as np
import numpy.typing as npt

from claimtrace.engine import Engine, rule_pass
from claimtrace.evaluate.polnear import GoldDocument
from claimtrace.extract.features import TAGGER_COLUMNS, TAGGER_VERSION
from claimtrace.extract.spans import BILOU, LABELS, SpanTagger, label_ids, pieces, words
from claimtrace.learn.corenlp import SilverToken
from claimtrace.learn.data import align
from claimtrace.learn.neural import Schedule, Sequence_, Shape, train_tagger
from claimtrace.nlp.analysis import Analysis, analyse_batch

Silver = Mapping[str, Sequence[SilverToken]]  # article id → its silver tokens
# A dependency relation becomes a scaffold label where it occurs this often.
SYNTAX_MIN = 50

SHAPE = Shape(
    vocabulary=tuple(rows for _, rows, _ in TAGGER_COLUMNS),
    widths=tuple(width for _, _, width in TAGGER_COLUMNS),
    labels=BILOU,
)


def _relation(token: SilverToken) -> str:
    side = "" if token.head < 0 else (">" if token.head > token.start else "<")
    return token.deprel + side


def syntax_labels(silver: Silver) -> tuple[str, ...]:
    """The scaffold's labels: every relation seen ``SYNTAX_MIN`` times, and "other"."""
    counts = Counter(_relation(t) for tokens in silver.values() for t in tokens)
    return ("other", *sorted(r for r, n in counts.items() if n >= SYNTAX_MIN))


def syntax_ids(
    a: Analysis, tokens: Sequence[SilverToken], labels: Sequence[str]
) -> npt.NDArray[np.int64]:
    """The scaffold label of each of our tokens: that of the silver token where it
    starts (-100, no label, where there is none)."""
    at = np.full(len(a.text) + 1, -1, dtype=np.int64)
    for k, token in enumerate(tokens):
        at[token.start : token.end] = k
    index = {label: k for k, label in enumerate(labels)}
    out = np.full(len(a), -100, dtype=np.int64)
    for i, start in enumerate(a.starts.tolist()):
        k = int(at[start])
        if k >= 0 and not a.words[i].isspace():
            out[i] = index.get(_relation(tokens[k]), 0)
    return out


def prepare(
    engine: Engine,
    documents: Iterable[GoldDocument],
    silver: Silver | None = None,
    labels: Sequence[str] = (),
    batch: int = 32,
    scheme: Sequence[str] = LABELS,
) -> Iterator[list[Sequence_]]:
    """The training sequences (input ids, label ids of ``scheme``, scaffold label
    ids) of each document, in order; without ``silver`` (or for an article it
    lacks) the scaffold labels are all -100."""
    stream = iter(documents)
    while chunk := list(islice(stream, batch)):
        analysed = analyse_batch(
            [d.text for d in chunk], engine.nlp, engine.tagger, engine.word_columns
        )
        passes = [rule_pass(a, engine.lexicon) for a in analysed.analyses]
        inputs = engine.inputs(analysed, passes)
        for k, (a, document) in enumerate(zip(analysed.analyses, chunk, strict=True)):
            gold = [g for g in (align(a, t) for t in document.attributions) if g is not None]
            spans = label_ids(
                len(a),
                {
                    "content": [r for g in gold for r in g.content],
                    "source": [r for g in gold for r in g.source],
                    "cue": [r for g in gold for r in g.cue],
                },
                scheme,
            )
            tokens = silver.get(document.id) if silver is not None else None
            syntax = (
                syntax_ids(a, tokens, labels)
                if tokens is not None
                else np.full(len(a), -100, dtype=np.int64)
            )
            base = int(analysed.offsets[k])
            yield [(inputs[base + s : base + e], spans[s:e], syntax[s:e]) for s, e in pieces(a)]


def train_spans(
    engine: Engine,
    documents: Sequence[GoldDocument],
    *,
    silver: Silver | None = None,
    shape: Shape = SHAPE,
    schedule: Schedule | None = None,
) -> SpanTagger:
    """Fit the span tagger to gold documents (deterministic for a given schedule);
    given ``silver`` parses, with the syntactic scaffold."""
    labels = syntax_labels(silver) if silver is not None else ()
    shape = replace(shape, syntax=len(labels))
    sequences = [
        s
        for document in prepare(engine, documents, silver, labels, scheme=shape.labels)
        for s in document
    ]
    lstm = train_tagger(sequences, shape, schedule or Schedule(), version=TAGGER_VERSION)
    return SpanTagger(lstm, cue_words(documents))


def cue_words(documents: Iterable[GoldDocument]) -> frozenset[str]:
    """The words (``extract.spans.words``) of every gold cue."""
    return frozenset(
        word
        for document in documents
        for triple in document.attributions
        for start, end in triple.cue
        for word in words(document.text[start:end])
    )
