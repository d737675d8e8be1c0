"""The learned extractors: a cue tagger over whole texts, a role tagger per cue.

Both are linear-chain CRFs over hashed features (``extract.features``),
trained on PolNeAR by ``claimtrace train`` and shipped in ``models/``. They
read what the rules found as features, so they learn when to trust them.

The role tagger labels the tokens of one cue's window (its sentence and
the quotations that touch it) as source (``S``), content (``C``) or neither.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
from threadpoolctl import ThreadpoolController

from claimtrace.errors import ModelError
from claimtrace.extract.features import (
    FEATURE_VERSION,
    LSTM_VERSION,
    ROLE_ADDRESSEE,
    ROLE_CONTENT,
    ROLE_DESCRIPTION,
    ROLE_NONE,
    ROLE_SOURCE,
    RoleInstances,
    TokenCodes,
    cue_features,
    lstm_inputs,
    role_features,
)
from claimtrace.extract.roles import Frame
from claimtrace.nlp.analysis import Analysis, Batch
from claimtrace.nlp.crf import LinearCRF
from claimtrace.nlp.features import string_codes
from claimtrace.nlp.lstm import BiLSTM

TokenRange = tuple[int, int]

CUE_LABELS = ("O", "B-CUE", "I-CUE")
ROLE_LABELS = ("O", "B-S", "I-S", "B-C", "I-C")
_REACH = 120  # tokens a window may extend either side of its cue
_PIECE = 400  # longest token sequence the cue tagger decodes at once


def spans_of(labels: Sequence[str], kind: str, base: int = 0) -> list[TokenRange]:
    """Token ranges labelled ``B-kind I-kind*``, offset by ``base``."""
    out: list[TokenRange] = []
    begin, inside = f"B-{kind}", f"I-{kind}"
    start = None
    for i, label in enumerate(labels):
        if label == inside:
            continue
        if start is not None:
            out.append((base + start, base + i))
            start = None
        if label == begin:
            start = i
    if start is not None:
        out.append((base + start, base + len(labels)))
    return out


def label_spans(ids: np.ndarray, begin: int, inside: int, base: int = 0) -> list[TokenRange]:
    """Token ranges of label ids ``begin inside*`` (vectorised ``spans_of``)."""
    starts = np.flatnonzero(ids == begin)
    if not len(starts):
        return []
    # A span runs on while the next label is ``inside``: it ends at the first
    # later position that is not (or at the end).
    stops = np.append(np.flatnonzero(ids != inside), len(ids))
    ends = stops[np.searchsorted(stops, starts, side="right")]
    return [(base + int(s), base + int(e)) for s, e in zip(starts, ends, strict=True)]


def window_spans(
    ids: np.ndarray,
    begin: int,
    inside: int,
    offsets: np.ndarray,
    bases: np.ndarray,
) -> list[list[TokenRange]]:
    """``label_spans`` of consecutive windows at once.

    ``ids`` holds the labels of every window, window ``k`` from
    ``offsets[k]``; its spans are offset by ``bases[k]``. A span never runs
    from one window into the next.
    """
    out: list[list[TokenRange]] = [[] for _ in range(len(offsets))]
    starts = np.flatnonzero(ids == begin)
    if not len(starts):
        return out
    breaks = ids != inside
    breaks[offsets[offsets < len(ids)]] = True
    stops = np.append(np.flatnonzero(breaks), len(ids))
    ends = stops[np.searchsorted(stops, starts, side="right")]
    which = np.searchsorted(offsets, starts, side="right") - 1
    shift = bases[which] - offsets[which]
    firsts, lasts = (starts + shift).tolist(), (ends + shift).tolist()
    for k, s, e in zip(which.tolist(), firsts, lasts, strict=True):
        out[k].append((s, e))
    return out


def bio(
    length: int, ranges: Sequence[TokenRange], kind: str, labels: list[str] | None = None
) -> list[str]:
    """BIO labels of ``ranges`` (relative token ranges) over ``length`` tokens."""
    out = labels if labels is not None else ["O"] * length
    for start, end in ranges:
        start, end = max(start, 0), min(end, length)
        if start >= end:
            continue
        out[start] = f"B-{kind}"
        for i in range(start + 1, end):
            out[i] = f"I-{kind}"
    return out


def window(a: Analysis, cue: TokenRange) -> TokenRange:
    """The tokens a cue's roles are looked for in: its sentence and the quotations that
    touch it, at most ``_REACH`` tokens either side."""
    head = min(cue[0], len(a) - 1)
    start, end = a.sentence(head)
    # Outer quotations do not overlap, so only those around the sentence's
    # first and last tokens can reach beyond it.
    first, last = int(a.quote_of[start]), int(a.quote_of[end - 1])
    if first >= 0:
        start = min(start, a.quotes[first].open)
    if last >= 0:
        end = max(end, a.quotes[last].close + 1)
    return max(start, cue[0] - _REACH), min(end, cue[1] + _REACH)


# Added to the cue labels' scores: above 0 the tagger finds more cues at some
# cost in precision. Chosen by cross-validation on the train split
# (``python -m claimtrace.learn.cv``), see docs/models.md.
CUE_BIAS = 0.0
# How much the BiLSTM's label log-probabilities weigh against the CRF's
# scores; chosen by cross-validation on the train split (docs/models.md).
LSTM_WEIGHT = 2.0
# A rule's cue that the tagger did not mark is dropped when the BiLSTM gives
# each of its words a cue probability below this (cross-validated on train).
VETO = 0.5


@dataclass(frozen=True, eq=False)
class CueFindings:
    """The tagger's cues in each text of a batch, and, with a BiLSTM, every token's
    probability of being part of a cue (batch-wide, as the batch's tokens)."""

    spans: list[list[TokenRange]]
    probability: np.ndarray | None = None


@dataclass
class CueModel:
    """Finds cues in every token of a batch: a CRF over local features, with a
    BiLSTM's reading of the whole sentence added to its scores when there is one."""

    crf: LinearCRF
    bias: float = CUE_BIAS
    lstm: BiLSTM | None = None
    lstm_weight: float = LSTM_WEIGHT
    veto: float = VETO

    def predict(self, batch: Batch, codes: TokenCodes) -> CueFindings:
        """Cue token ranges for each text of the batch (and each token's cue probability)."""
        # Overlong "sentences" (text without punctuation) are cut into pieces
        # so that decoding stays cheap; cues are short and local.
        lengths = [
            min(_PIECE, e - s - k)
            for a in batch.analyses
            for s, e in a.sentences
            for k in range(0, e - s, _PIECE)
        ]
        begin, inside = self.crf.labels.index("B-CUE"), self.crf.labels.index("I-CUE")
        shift = np.zeros(len(self.crf.labels), dtype=np.float32)
        shift[[begin, inside]] = self.bias
        probability = None
        if self.lstm is not None:
            # One thread: analysis runs in parallel as worker processes, and
            # "one worker" must mean one core (see docs/benchmarks.md).
            with _blas().limit(limits=1, user_api="blas"):
                scores = self.lstm.log_probs(lstm_inputs(codes), lengths)
            shift = shift + self.lstm_weight * scores
            probability = 1.0 - np.exp(scores[:, self.crf.labels.index("O")])
        labels = self.crf.decode(cue_features(codes), lengths, shift)
        out = []
        for k in range(len(batch.analyses)):
            base, end = int(batch.offsets[k]), int(batch.offsets[k + 1])
            out.append(label_spans(labels[base:end], begin, inside))
        return CueFindings(out, probability)


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()


def _lemma_codes(a: Analysis, cues: Sequence[TokenRange]) -> list[str]:
    return [" ".join(a.words[s:e]).lower() for s, e in cues]


def rule_roles(frame: Frame | None, w0: int, w1: int) -> np.ndarray:
    """What the rules say of each window token for this cue (ROLE_* codes)."""
    out = np.full(w1 - w0, ROLE_NONE, dtype=np.uint64)
    if frame is None:
        return out
    for code, ranges in (
        (ROLE_CONTENT, frame.content),
        (ROLE_SOURCE, [frame.source] if frame.source else []),
        (ROLE_DESCRIPTION, [frame.description] if frame.description else []),
        (ROLE_ADDRESSEE, [frame.addressee] if frame.addressee else []),
    ):
        for s, e in ranges:
            out[max(s, w0) - w0 : max(min(e, w1), w0) - w0] = code
    return out


def role_instances(
    batch: Batch,
    cues: Sequence[Sequence[TokenRange]],
    frames: Sequence[Sequence[Frame | None]],
) -> tuple[RoleInstances, list[TokenRange]]:
    """The (cue, token) pairs of every cue, and each cue's window (local ranges)."""
    tokens, starts, ends, rules, lemmas, lengths, windows = [], [], [], [], [], [], []
    for k, a in enumerate(batch.analyses):
        base = int(batch.offsets[k])
        names = _lemma_codes(a, cues[k])
        codes = string_codes(names) if names else np.zeros(0, dtype=np.uint64)
        for c, cue in enumerate(cues[k]):
            w0, w1 = window(a, cue)
            windows.append((w0, w1))
            size = w1 - w0
            tokens.append(np.arange(base + w0, base + w1, dtype=np.int64))
            starts.append(np.full(size, base + cue[0], dtype=np.int64))
            ends.append(np.full(size, base + cue[1], dtype=np.int64))
            rules.append(rule_roles(frames[k][c], w0, w1))
            lemmas.append(np.full(size, codes[c], dtype=np.uint64))
            lengths.append(size)

    def join(parts: list[np.ndarray], dtype: type) -> np.ndarray:
        return np.concatenate(parts) if parts else np.zeros(0, dtype=dtype)

    instances = RoleInstances(
        token=join(tokens, np.int64),
        cue_start=join(starts, np.int64),
        cue_end=join(ends, np.int64),
        rules=join(rules, np.uint64),
        lemma=join(lemmas, np.uint64),
        lengths=lengths,
    )
    return instances, windows


@dataclass
class RoleModel:
    """Labels source and content tokens in each cue's window."""

    crf: LinearCRF

    def predict(
        self, codes: TokenCodes, instances: RoleInstances, windows: Sequence[TokenRange]
    ) -> list[tuple[list[TokenRange], list[TokenRange]]]:
        """(source ranges, content ranges) of each cue, in text token indices."""
        if not instances.lengths:
            return []
        labels = self.crf.decode(role_features(codes, instances), instances.lengths)
        index = self.crf.labels.index
        offsets = np.concatenate([[0], np.cumsum(instances.lengths)[:-1]]).astype(np.int64)
        bases = np.array([w0 for w0, _ in windows], dtype=np.int64)
        sources = window_spans(labels, index("B-S"), index("I-S"), offsets, bases)
        contents = window_spans(labels, index("B-C"), index("I-C"), offsets, bases)
        return list(zip(sources, contents, strict=True))


MODELS_VERSION = FEATURE_VERSION


@dataclass(frozen=True)
class Models:
    """The learned taggers claimtrace ships."""

    cue: CueModel
    role: RoleModel

    @classmethod
    def load(cls, directory: Path) -> Models:
        """Load ``cue.npz``, ``role.npz`` and, where there is one, ``lstm.npz``."""
        for name in ("cue.npz", "role.npz"):
            if not (directory / name).exists():
                raise ModelError(
                    f"the model {directory / name} is missing: reinstall claimtrace, or build "
                    "it with `claimtrace train --data ../shared/polnear`."
                )
        lstm = directory / "lstm.npz"
        return cls(
            CueModel(
                LinearCRF.load(directory / "cue.npz", FEATURE_VERSION),
                lstm=BiLSTM.load(lstm, LSTM_VERSION) if lstm.exists() else None,
            ),
            RoleModel(LinearCRF.load(directory / "role.npz", FEATURE_VERSION)),
        )

    def save(self, directory: Path) -> None:
        self.cue.crf.save(directory / "cue.npz")
        self.role.crf.save(directory / "role.npz")
        if self.cue.lstm is not None:
            self.cue.lstm.save(directory / "lstm.npz")


def models_directory() -> Path:
    """Where the shipped models live."""
    return Path(str(resources.files("claimtrace") / "models"))


@cache
def default_models() -> Models:
    """The learned taggers shipped with claimtrace."""
    return Models.load(models_directory())
