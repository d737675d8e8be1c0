"""The span tagger: every token labelled source, cue or content, paragraph by paragraph.

PolNeAR gives a token at most one label and never nests attributions, so
one flat BIO labelling of a text (``S``ource, cue ``Q``, ``C``ontent) holds
the spans of all its attributions; ``extract.linking`` groups them into
attributions. The network scores BILOU labels (``BILOU``: each span's last
token and one-token spans marked too), decoded as such and read back as
BIO (``as_bio``); a network of BIO labels still loads. The tagger is a
BiLSTM-CRF (``nlp.lstm``) over the id columns of ``features.tagger_inputs``:
words, tags, clusters, lexicon classes, quotation state and what the rules
found, so it learns where to follow the rules and where the annotators do
otherwise. A paragraph is one sequence:
only one gold span in PolNeAR's train split crosses a paragraph break.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np
import numpy.typing as npt
from threadpoolctl import ThreadpoolController

from claimtrace.errors import ModelError
from claimtrace.extract.features import TAGGER_VERSION
from claimtrace.nlp.analysis import Analysis
from claimtrace.nlp.crf import bio_mask, end_mask, start_mask, viterbi
from claimtrace.nlp.features import I64
from claimtrace.nlp.lstm import BiLSTM
from claimtrace.nlp.steps import Steps
from claimtrace.nlp.weights import read_weights

TokenRange = tuple[int, int]
Labels = npt.NDArray[np.int8]

LABELS = ("O", "B-S", "I-S", "B-Q", "I-Q", "B-C", "I-C")
ROLES = {"source": "S", "cue": "Q", "content": "C"}
# A network may be trained on BILOU labels instead (a span's last token L-X,
# a one-token span U-X); its labels are read back as ``LABELS``' ids.
BILOU = ("O", *(f"{p}-{k}" for k in ROLES.values() for p in "BILU"))
SCHEMES = {len(LABELS): LABELS, len(BILOU): BILOU}
# The longest token sequence tagged at once: an overlong paragraph (text
# without line breaks) is cut, so that no text makes one step loop long.
PIECE = 400
# At most this many tokens go through the network together (a batch of
# articles is about one such group); a huge text is tagged group after
# group, so memory stays bounded.
GROUP = 50_000


def pieces(a: Analysis) -> list[TokenRange]:
    """The sequences a text is tagged in: its paragraphs (the first one from the
    text's first token), cut every ``PIECE`` tokens; together they cover every token."""
    bounds = [0, *(p for p in a.paragraphs if p > 0), len(a)]
    return [
        (start, min(start + PIECE, end))
        for begin, end in pairwise(bounds)
        if end > begin
        for start in range(begin, end, PIECE)
    ]


_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The lower-case words of a text, as ``SpanTagger.cue_words`` holds them."""
    return _WORD.findall(text.lower())


def label_ids(
    length: int, spans: dict[str, Sequence[TokenRange]], scheme: Sequence[str] = LABELS
) -> npt.NDArray[np.int64]:
    """Label ids (of ``scheme``: ``LABELS`` or ``BILOU``) over ``length`` tokens of
    spans by role ("source", "cue", "content"); a later role overwrites an
    earlier one where they meet (in BILOU, the ends of what is left are marked)."""
    bio = np.zeros(length, dtype=np.int64)
    for role, ranges in spans.items():
        begin = LABELS.index(f"B-{ROLES[role]}")
        for start, end in ranges:
            if end > start:
                bio[start] = begin
                bio[start + 1 : end] = begin + 1
    if scheme == LABELS:
        return bio
    out = np.zeros(length, dtype=np.int64)
    for role in ROLES:
        for start, end in role_spans(bio.astype(np.int8), role):
            kind = ROLES[role]
            if end - start == 1:
                out[start] = scheme.index(f"U-{kind}")
            else:
                out[start] = scheme.index(f"B-{kind}")
                out[start + 1 : end - 1] = scheme.index(f"I-{kind}")
                out[end - 1] = scheme.index(f"L-{kind}")
    return out


def as_bio(labels: Labels, scheme: Sequence[str]) -> Labels:
    """``scheme``'s label ids as ``LABELS``' ids (``U-X`` is ``B-X``, ``L-X`` is ``I-X``)."""
    if scheme == LABELS:
        return labels
    table = [LABELS.index(label.replace("U-", "B-").replace("L-", "I-")) for label in scheme]
    return np.asarray(table, dtype=np.int8)[labels]


def role_spans(labels: Labels, role: str) -> list[TokenRange]:
    """The token ranges labelled ``B-X I-X*`` for a role ("source", "cue", "content")."""
    begin = LABELS.index(f"B-{ROLES[role]}")
    starts = np.flatnonzero(labels == begin)
    if not len(starts):
        return []
    # A span runs on while the next label is its I-X: it ends at the first
    # later position that is not (or at the end).
    stops = np.append(np.flatnonzero(labels != begin + 1), len(labels))
    ends = stops[np.searchsorted(stops, starts, side="right")]
    return [(int(s), int(e)) for s, e in zip(starts, ends, strict=True)]


@dataclass(frozen=True, eq=False)
class SpanTagger:
    """Labels every token of a batch (``LABELS``).

    ``cue_words`` are the (lower-case) words of the gold cues it learnt from:
    a cue the rules do not know stands only when one of its words is among
    them (``extract.combine``), so that the tagger does not make a cue of a
    verb no annotator ever marked ("inspected the levee").
    """

    lstm: BiLSTM
    cue_words: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if len(self.lstm.out_b) not in SCHEMES:
            raise ModelError(
                f"the span tagger scores {len(self.lstm.out_b)} labels, not {len(LABELS)} "
                f"(BIO) or {len(BILOU)} (BILOU): rebuild the models with `claimtrace train`."
            )

    @property
    def scheme(self) -> tuple[str, ...]:
        """The labels the network scores (``LABELS`` or ``BILOU``)."""
        return SCHEMES[len(self.lstm.out_b)]

    def predict(self, inputs: I64, lengths: Sequence[int]) -> Labels:
        """``LABELS``' ids of consecutive sequences of ``lengths`` tokens (concatenated)."""
        out = np.zeros(len(inputs), dtype=np.int8)
        start = 0
        for group in _groups(lengths):
            end = start + sum(group)
            out[start:end] = self._group(inputs[start:end], group)
            start = end
        return out

    def _group(self, inputs: I64, lengths: Sequence[int]) -> Labels:
        # One thread: analysis runs in parallel as worker processes, and "one
        # worker" must mean one core (see docs/benchmarks.md).
        steps = Steps.of(lengths)  # the network's and the decoder's
        scheme = self.scheme
        with _blas().limit(limits=1, user_api="blas"):
            if self.lstm.transitions is None:
                scores = self.lstm.log_probs(inputs, steps)
                moves = bio_mask(scheme)
            else:
                scores = self.lstm.scores(inputs, steps)
                moves = self.lstm.transitions + bio_mask(scheme)
        found = viterbi(scores, steps, moves, start_mask(scheme), end_mask(scheme))
        return as_bio(found, scheme)

    @classmethod
    def load(cls, path: Path) -> SpanTagger:
        """Load ``spans.npz`` (as ``BiLSTM.save`` wrote it)."""
        if not path.exists():
            raise ModelError(
                f"the model {path} is missing: reinstall claimtrace, or build it with "
                "`claimtrace train --data ../shared/polnear`."
            )
        data = read_weights(path, TAGGER_VERSION)
        return cls(BiLSTM.of(data, TAGGER_VERSION), frozenset(str(w) for w in data["cue_words"]))

    def save(self, path: Path) -> None:
        self.lstm.save(path, cue_words=np.array(sorted(self.cue_words), dtype=str))


def _groups(lengths: Sequence[int]) -> Iterator[Sequence[int]]:
    """Consecutive runs of ``lengths`` of at most ``GROUP`` tokens (or one sequence)."""
    first, size = 0, 0
    for k, length in enumerate(lengths):
        if size + length > GROUP and k > first:
            yield lengths[first:k]
            first, size = k, 0
        size += length
    if len(lengths) > first:
        yield lengths[first:]


@cache
def _blas() -> ThreadpoolController:
    return ThreadpoolController()
