"""Linear-chain CRF decoding for whole batches of sequences at once.

``viterbi`` takes each token's label scores (a tagger's emissions) and
label-to-label transition scores, and finds the best labelling of every
sequence together, one numpy step per position, so the cost grows with the
longest sequence, not with their number. ``bio_mask`` and ``start_mask``
forbid what breaks BIO (``O`` → ``I-X``, a sequence opening with ``I-X``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from claimtrace.nlp.steps import Lengths, Steps

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


def start_mask(labels: Sequence[str]) -> F32:
    """Penalties on the first label of a sequence: no sequence opens with ``I-X``."""
    return np.array([_FORBIDDEN if label.startswith("I-") else 0.0 for label in labels], np.float32)


def viterbi(emissions: F32, lengths: Lengths, transitions: F32, start: F32) -> npt.NDArray[np.int8]:
    """Batched Viterbi over concatenated sequences; returns label ids, concatenated.

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
    current = delta.argmax(axis=1)  # each sequence's last label
    for t in range(len(bounds) - 2, -1, -1):
        first, last = bounds[t], bounds[t + 1]
        k = last - first
        labels[first:last] = current[:k]
        if t:
            current[:k] = back[first:last][np.arange(k), current[:k]]
    out[steps.forward] = labels
    return out
