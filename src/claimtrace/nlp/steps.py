"""Reading many sequences of different lengths together, one step per position.

The LSTM layers (``nlp.lstm``) and Viterbi decoding (``nlp.crf``) both
advance every sequence of a batch at once; ``Steps`` lays the batch's
tokens out step after step, so that each step works on the sequences still
running, with no padding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, eq=False)
class Steps:
    """The order in which a batch of sequences is read, one step per position.

    Sequences are ordered longest first, so that the ones still running at
    step ``t`` are the first few: rows ``bounds[t]`` to ``bounds[t + 1]``
    of the step-major layout, with no padding. ``forward[r]`` is the token
    a row reads forwards, ``reverse[r]`` the one it reads backwards (from
    its sequence's end).
    """

    forward: npt.NDArray[np.int64]
    reverse: npt.NDArray[np.int64]
    bounds: npt.NDArray[np.int64]
    count: int

    @classmethod
    def of(cls, lengths: Lengths) -> Steps:
        """The steps of consecutive sequences of these lengths (concatenated); given
        steps already, those (so that the stages of one batch share them)."""
        if isinstance(lengths, Steps):
            return lengths
        sizes = np.asarray(lengths, dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        order = np.argsort(-sizes, kind="stable")
        ordered, starts = sizes[order], offsets[order]
        longest = int(ordered[0]) if len(ordered) else 0
        active = np.searchsorted(-ordered, -np.arange(longest), side="left")  # lengths > t
        bounds = np.concatenate([[0], np.cumsum(active)]).astype(np.int64)
        step = np.repeat(np.arange(longest), active)
        rank = np.arange(len(step)) - bounds[step]
        forward = starts[rank] + step
        reverse = starts[rank] + ordered[rank] - 1 - step
        return cls(forward, reverse, bounds, len(sizes))


# Sequence lengths, or the steps already laid out for them.
Lengths = Sequence[int] | npt.NDArray[np.int64] | Steps
