"""Linear-chain CRF decoding for whole batches of sequences at once.

``viterbi`` takes each token's label scores (a tagger's emissions) and
label-to-label transition scores, and finds the best labelling of every
sequence together, one numpy step per position, so the cost grows with the
longest sequence, not with their number. ``bio_mask``, ``start_mask`` and
``end_mask`` forbid what breaks BIO (``O`` → ``I-X``, a sequence opening
with ``I-X``) or, for labels with ``L-X`` (BILOU: a span's last token
``L-X``, a one-token span ``U-X``), what breaks BILOU (a span left open).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from claimtrace.nlp.steps import Lengths, Steps

F32 = npt.NDArray[np.float32]
_FORBIDDEN = -1e4


def _closing(labels: Sequence[str]) -> bool:
    """Whether the labels are BILOU: a span must end in ``L-X`` (or be ``U-X``)."""
    return any(label.startswith("L-") for label in labels)


def bio_mask(labels: Sequence[str]) -> F32:
    """Transition penalties: 0 where allowed, a large negative where BIO (or BILOU) forbids."""
    n = len(labels)
    closing = _closing(labels)
    mask = np.zeros((n, n), dtype=np.float32)
    for j, to in enumerate(labels):
        inside = to[:2] in ("I-", "L-")
        for i, came in enumerate(labels):
            if inside:
                allowed = came in (f"B-{to[2:]}", f"I-{to[2:]}")
            else:  # in BILOU, a span's B-X or I-X must go on
                allowed = not (closing and came[:2] in ("B-", "I-"))
            if not allowed:
                mask[i, j] = _FORBIDDEN
    return mask


def start_mask(labels: Sequence[str]) -> F32:
    """Penalties on the first label of a sequence: no sequence opens with ``I-X`` (or ``L-X``)."""
    return np.array(
        [_FORBIDDEN if label[:2] in ("I-", "L-") else 0.0 for label in labels], np.float32
    )


def end_mask(labels: Sequence[str]) -> F32:
    """Penalties on the last label of a sequence: in BILOU, none ends inside a span."""
    closing = _closing(labels)
    return np.array(
        [_FORBIDDEN if closing and label[:2] in ("B-", "I-") else 0.0 for label in labels],
        np.float32,
    )


def viterbi(
    emissions: F32, lengths: Lengths, transitions: F32, start: F32, end: F32 | None = None
) -> npt.NDArray[np.int8]:
    """Batched Viterbi over concatenated sequences; returns label ids, concatenated.

    ``start`` and ``end`` score each label as a sequence's first and last.

    Every sequence advances at once, one step per position, over the
    sequences still running (``nlp.steps``); a finished sequence's scores
    stay as they were at its last step.
    """
    out = np.zeros(len(emissions), dtype=np.int8)
    if not len(emissions):
        return out
    steps = Steps.of(lengths)
    rows = emissions[steps.forward]  # step after step
    bounds = steps.bounds.tolist()
    delta = np.zeros((steps.count, emissions.shape[1]), dtype=np.float32)
    delta[: bounds[1]] = rows[: bounds[1]] + start
    back = np.zeros(rows.shape, dtype=np.int8)
    into = np.ascontiguousarray(transitions.T)  # to → from: the best "from" is a row's maximum
    for t in range(1, len(bounds) - 1):
        first, last = bounds[t], bounds[t + 1]
        candidates = delta[: last - first, None, :] + into  # (sequences, to, from)
        best = candidates.argmax(axis=2)
        back[first:last] = best
        chosen = np.take_along_axis(candidates, best[:, :, None], axis=2)[:, :, 0]
        delta[: last - first] = chosen + rows[first:last]
    labels = np.empty(len(rows), dtype=np.int8)
    current = (delta if end is None else delta + end).argmax(axis=1)  # each sequence's last label
    for t in range(len(bounds) - 2, -1, -1):
        first, last = bounds[t], bounds[t + 1]
        k = last - first
        labels[first:last] = current[:k]
        if t:
            current[:k] = back[first:last][np.arange(k), current[:k]]
    out[steps.forward] = labels
    return out
