"""Train the cue and role taggers on PolNeAR (train split only).

The rules run first on every article, as they do at analysis time, so the
models learn from the same features they will see. The cue tagger learns
from every sentence; the role tagger from the window of every gold cue
(the gold cue stands in for the predicted one, as is usual).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np

from claimtrace.engine import Engine, rule_pass
from claimtrace.evaluate.polnear import GoldDocument
from claimtrace.extract.features import (
    BITS,
    FEATURE_VERSION,
    LSTM_VERSION,
    LSTM_VOCABULARY,
    cue_features,
    lstm_inputs,
    role_features,
    token_codes,
)
from claimtrace.extract.learned import (
    CUE_LABELS,
    ROLE_LABELS,
    bio,
    role_instances,
)
from claimtrace.extract.roles import Frame
from claimtrace.learn.crf import train_crf
from claimtrace.learn.data import GoldFrame, align
from claimtrace.learn.neural import EPOCHS, train_lstm
from claimtrace.nlp.analysis import analyse_batch
from claimtrace.nlp.crf import LinearCRF
from claimtrace.nlp.features import I64
from claimtrace.nlp.lstm import BiLSTM

TokenRange = tuple[int, int]


@dataclass
class Example:
    """One article prepared for training: features and labels of both taggers."""

    cue_rows: list[tuple[I64, list[str]]]  # per sentence
    lstm_rows: list[tuple[I64, np.ndarray]]  # per sentence: input ids, label ids
    role_rows: list[tuple[I64, list[str]]]  # per gold cue window


def _overlaps(a: TokenRange, b: TokenRange) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _matching_frame(frames: Sequence[Frame], cue: TokenRange) -> Frame | None:
    return next((f for f in frames if _overlaps((f.cue.start, f.cue.end), cue)), None)


def _role_labels(gold: GoldFrame, w0: int, w1: int) -> list[str]:
    def local(ranges: list[TokenRange]) -> list[TokenRange]:
        return [(s - w0, e - w0) for s, e in ranges]

    labels = bio(w1 - w0, local(gold.content), "C")
    return bio(w1 - w0, local(gold.source), "S", labels)


def prepare(
    engine: Engine, documents: Iterable[GoldDocument], batch: int = 32
) -> Iterator[Example]:
    """Features and labels of each document, batch by batch."""
    stream = iter(documents)
    while chunk := list(islice(stream, batch)):
        analysed = analyse_batch([d.text for d in chunk], engine.nlp, engine.tagger)
        passes = [rule_pass(a, engine.lexicon) for a in analysed.analyses]
        codes = token_codes(analysed, engine.table, engine.clusters, [p.cue_ranges for p in passes])
        cue_rows = cue_features(codes)
        lstm_rows = lstm_inputs(codes)
        golds = [
            [g for g in (align(a, t) for t in d.attributions) if g is not None]
            for a, d in zip(analysed.analyses, chunk, strict=True)
        ]
        cues = [[(g.cue[0][0], g.cue[-1][1]) for g in gs] for gs in golds]
        frames = [
            [_matching_frame(p.frames, cue) for cue in cs]
            for p, cs in zip(passes, cues, strict=True)
        ]
        instances, windows = role_instances(analysed, cues, frames)
        role_rows = role_features(codes, instances)
        position = 0
        w = 0
        for k, a in enumerate(analysed.analyses):
            base = int(analysed.offsets[k])
            cue_labels = ["O"] * len(a)
            for g in golds[k]:
                bio(len(a), [(g.cue[0][0], g.cue[-1][1])], "CUE", cue_labels)
            sentences = [
                (cue_rows[base + s : base + e], cue_labels[s:e]) for s, e in a.sentences if e > s
            ]
            label_ids = np.array([CUE_LABELS.index(x) for x in cue_labels], dtype=np.int64)
            words = [
                (lstm_rows[base + s : base + e], label_ids[s:e]) for s, e in a.sentences if e > s
            ]
            roles = []
            for g in golds[k]:
                w0, w1 = windows[w]
                size = w1 - w0
                roles.append((role_rows[position : position + size], _role_labels(g, w0, w1)))
                position += size
                w += 1
            yield Example(sentences, words, roles)


def train_models(
    engine: Engine,
    documents: Sequence[GoldDocument],
    *,
    iterations: int = 200,
    lstm_epochs: int = EPOCHS,
) -> tuple[LinearCRF, LinearCRF, BiLSTM | None]:
    """Fit the cue and role taggers to gold documents (the cue tagger's BiLSTM
    too, unless ``lstm_epochs`` is 0)."""
    examples = list(prepare(engine, documents))
    cue = train_crf(
        (row for e in examples for row in e.cue_rows),
        CUE_LABELS,
        bits=BITS,
        version=FEATURE_VERSION,
        iterations=iterations,
    )
    role = train_crf(
        (row for e in examples for row in e.role_rows),
        ROLE_LABELS,
        bits=BITS,
        version=FEATURE_VERSION,
        iterations=iterations,
    )
    lstm = None
    if lstm_epochs:
        lstm = train_lstm(
            [row for e in examples for row in e.lstm_rows],
            LSTM_VOCABULARY,
            len(CUE_LABELS),
            version=LSTM_VERSION,
            epochs=lstm_epochs,
        )
    return cue, role, lstm
