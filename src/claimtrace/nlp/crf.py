"""Linear-chain CRF inference over hashed features, for whole batches at once.

A model is a weight row per feature bucket and label, plus label-to-label
transition weights. ``decode`` scores every token of every sequence in one
gather and runs Viterbi over all sequences together, one numpy step per
position, so the cost grows with the longest sequence, not with their
number. Transitions that break BIO (``O`` → ``I-X``) are forbidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import numpy.typing as npt

from claimtrace.errors import ModelError
from claimtrace.nlp.features import I64
from claimtrace.nlp.weights import read_weights

F32 = npt.NDArray[np.float32]
_FORBIDDEN = -1e4


def bio_mask(labels: Sequence[str]) -> F32:
    """Transition penalties: 0 where allowed, a large negative where BIO forbids."""
    n = len(labels)
    mask = np.zeros((n, n), dtype=np.float32)
    for j, to in enumerate(labels):
        if not to.startswith("I-"):
            continue
        kind = to[2:]
        for i, came in enumerate(labels):
            if came not in (f"B-{kind}", f"I-{kind}"):
                mask[i, j] = _FORBIDDEN
    return mask


def _start_mask(labels: Sequence[str]) -> F32:
    return np.array([_FORBIDDEN if label.startswith("I-") else 0.0 for label in labels], np.float32)


class LinearCRF:
    """Weights (buckets × labels), transitions (labels × labels) and label names."""

    def __init__(
        self, weights: F32, transitions: F32, labels: Sequence[str], bits: int, version: int
    ) -> None:
        if weights.shape != (1 << bits, len(labels)) or transitions.shape != (len(labels),) * 2:
            raise ModelError(
                f"CRF weights {weights.shape} / transitions {transitions.shape} do not fit "
                f"{len(labels)} labels and {bits} bits: rebuild the models with `claimtrace train`."
            )
        self.weights = weights
        self.by_label = np.ascontiguousarray(weights.T)
        self.transitions = transitions + bio_mask(labels)
        self.start = _start_mask(labels)
        self.labels = tuple(labels)
        self.bits = bits
        self.version = version

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            weights=self.weights.astype(np.float16),
            transitions=(self.transitions - bio_mask(self.labels)).astype(np.float32),
            labels=np.array(self.labels),
            bits=np.int64(self.bits),
            version=np.int64(self.version),
        )

    @classmethod
    def load(cls, path: Path, version: int) -> LinearCRF:
        """Load a model saved by ``save``; ``version`` is the feature set it must match."""
        data = read_weights(path, version)
        return cls(
            data["weights"].astype(np.float32),
            data["transitions"].astype(np.float32),
            [str(x) for x in data["labels"]],
            int(data["bits"]),
            version,
        )

    def emissions(self, rows: I64) -> F32:
        """Per-token label scores for feature rows (n_tokens × n_features)."""
        # One scalar gather per label over a label-major copy of the weights
        # is three times faster than gathering rows of all labels.
        scores = np.empty((len(rows), len(self.labels)), dtype=np.float32)
        for label in range(len(self.labels)):
            scores[:, label] = np.take(self.by_label[label], rows).sum(axis=1)
        return scores

    def decode(
        self, rows: I64, lengths: Sequence[int], bias: F32 | None = None
    ) -> npt.NDArray[np.int8]:
        """Best label ids for consecutive sequences of the given lengths (concatenated).

        ``bias`` is added to the label scores: one row for every token, or a
        row per token (another model's scores).
        """
        n = int(sum(lengths))
        if n == 0:
            return np.zeros(0, dtype=np.int8)
        emissions = self.emissions(rows)
        if bias is not None:
            emissions += bias
        return viterbi(emissions, np.asarray(lengths, dtype=np.int64), self.transitions, self.start)


def viterbi(
    emissions: F32, lengths: npt.NDArray[np.int64], transitions: F32, start: F32
) -> npt.NDArray[np.int8]:
    """Batched Viterbi over concatenated sequences; returns label ids, concatenated.

    Sequences are decoded in groups of similar length, so a few long ones do
    not make every short one pay for their padding.
    """
    out = np.zeros(len(emissions), dtype=np.int8)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    order = np.argsort(lengths, kind="stable")
    group: list[int] = []
    for position, k in enumerate(order.tolist()):
        group.append(k)
        last = position == len(order) - 1
        if last or lengths[order[position + 1]] > 2 * max(lengths[group[0]], 8):
            chosen = np.asarray(group)
            index = np.concatenate([np.arange(offsets[c], offsets[c] + lengths[c]) for c in group])
            out[index] = _viterbi(emissions[index], lengths[chosen], transitions, start)
            group = []
    return out


def _viterbi(
    emissions: F32, lengths: npt.NDArray[np.int64], transitions: F32, start: F32
) -> npt.NDArray[np.int8]:
    n_labels = emissions.shape[1]
    count = len(lengths)
    longest = int(lengths.max())
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    # Pad into (sequences, positions, labels); padding repeats nothing.
    position = np.arange(longest)
    valid = position[None, :] < lengths[:, None]
    index = np.where(valid, offsets[:, None] + position[None, :], 0)
    scores = emissions[index]  # (count, longest, labels)
    back = np.zeros((count, longest, n_labels), dtype=np.int8)
    delta = scores[:, 0, :] + start[None, :]
    identity = np.arange(n_labels, dtype=np.int8)
    for t in range(1, longest):
        candidates = delta[:, :, None] + transitions[None, :, :]
        best = candidates.argmax(axis=1).astype(np.int8)
        moved = candidates.max(axis=1) + scores[:, t, :]
        live = valid[:, t]
        delta = np.where(live[:, None], moved, delta)
        back[:, t, :] = np.where(live[:, None], best, identity[None, :])
    labels = np.zeros((count, longest), dtype=np.int8)
    labels[:, longest - 1] = delta.argmax(axis=1)
    rows = np.arange(count)
    for t in range(longest - 1, 0, -1):
        labels[:, t - 1] = back[rows, t, labels[:, t]]
    return labels[valid]
