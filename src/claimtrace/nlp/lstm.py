"""A bidirectional LSTM tagger, run with numpy over whole batches of sentences.

Trained with PyTorch by ``claimtrace train`` (``learn.neural``) and shipped as
plain arrays, so analysis needs no PyTorch. Each token is the concatenation
of a few embeddings (its word, tag, cluster, …: id columns from
``extract.features.lstm_inputs``); the LSTM reads every sentence both ways
and scores each token's labels.

All sentences of a batch run together, one numpy step per position, the
two directions side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimtrace.nlp.features import I64
from claimtrace.nlp.weights import read_weights

F32 = npt.NDArray[np.float32]


def _sigmoid(x: F32) -> F32:
    out: F32 = 0.5 * (np.tanh(0.5 * x) + 1.0)
    return out


@dataclass(frozen=True, eq=False)
class BiLSTM:
    """Embedding tables, the two directions' LSTM weights (PyTorch's layout: gates
    i, f, g, o) and the output layer."""

    embeddings: tuple[F32, ...]  # one (vocabulary, width) table per input column
    w_ih: F32  # (2, 4H, D): forward, backward
    w_hh: F32  # (2, 4H, H)
    bias: F32  # (2, 4H): b_ih + b_hh
    out_w: F32  # (labels, 2H)
    out_b: F32  # (labels,)
    version: int

    @property
    def hidden(self) -> int:
        return int(self.w_hh.shape[2])

    @cached_property
    def _combined(self) -> tuple[F32, F32, F32, npt.NDArray[np.intp]]:
        """Both directions as one LSTM of twice the width, gates laid out as
        (i_fwd i_bwd | f_fwd f_bwd | o_fwd o_bwd | g_fwd g_bwd), so that one
        matrix product and a few array operations advance both at each step:
        input weights (D, 8H), bias (8H,), block-diagonal recurrent weights
        (2H, 8H), and which of the 8H columns belong to the backward pass."""
        h = self.hidden
        torch_gate = {"i": 0, "f": 1, "g": 2, "o": 3}  # PyTorch's order of the gates
        w_ih = np.zeros((self.w_ih.shape[2], 8 * h), dtype=np.float32)
        bias = np.zeros(8 * h, dtype=np.float32)
        w_hh = np.zeros((2 * h, 8 * h), dtype=np.float32)
        backward = np.zeros(8 * h, dtype=bool)
        for q, gate in enumerate("ifog"):
            rows = slice(torch_gate[gate] * h, (torch_gate[gate] + 1) * h)
            for d in (0, 1):
                columns = slice(q * 2 * h + d * h, q * 2 * h + (d + 1) * h)
                w_ih[:, columns] = self.w_ih[d, rows].T
                bias[columns] = self.bias[d, rows]
                w_hh[d * h : (d + 1) * h, columns] = self.w_hh[d, rows].T
                backward[columns] = d == 1
        return w_ih, bias, w_hh, np.flatnonzero(backward)

    def log_probs(self, inputs: I64, lengths: Sequence[int]) -> F32:
        """Per-token label log-probabilities for consecutive sequences (concatenated)."""
        n = len(inputs)
        labels = len(self.out_b)
        if n == 0:
            return np.zeros((0, labels), dtype=np.float32)
        w_ih, bias, w_hh, backward = self._combined
        x = np.concatenate([table[inputs[:, k]] for k, table in enumerate(self.embeddings)], 1)
        gates = x @ w_ih + bias
        states = self._run(gates, w_hh, backward, np.asarray(lengths, dtype=np.int64))
        scores = states @ self.out_w.T + self.out_b
        scores -= scores.max(axis=1, keepdims=True)
        scores -= np.log(np.exp(scores).sum(axis=1, keepdims=True))
        return scores.astype(np.float32, copy=False)

    def _run(self, gates: F32, w_hh: F32, backward: npt.NDArray[np.intp], lengths: I64) -> F32:
        """Both directions over all sequences at once; the hidden states of every token.

        Sequences are ordered longest first, so that the ones still running at
        step ``t`` are the first ``active[t]``: each step works on exactly
        those, with no padding. The backward pass reads each sequence from
        its end.
        """
        h_size = self.hidden
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        order = np.argsort(-lengths, kind="stable")
        ordered, starts = lengths[order], offsets[order]
        longest = int(ordered[0])
        active = (ordered[None, :] > np.arange(longest)[:, None]).sum(axis=1)
        bounds = np.concatenate([[0], np.cumsum(active)])
        # Row r of step t is sequence order[r]'s token t (forwards) and its
        # token length - 1 - t (backwards), laid out step after step.
        step = np.repeat(np.arange(longest), active)
        rank = np.arange(len(step)) - bounds[step]
        forward = starts[rank] + step
        reverse = starts[rank] + ordered[rank] - 1 - step
        rows = gates[forward]
        rows[:, backward] = gates[reverse][:, backward]
        out = np.empty((len(step), 2 * h_size), dtype=np.float32)
        h = np.zeros((len(lengths), 2 * h_size), dtype=np.float32)
        c = np.zeros_like(h)
        two, four, six = 2 * h_size, 4 * h_size, 6 * h_size
        for t in range(longest):
            k, first, last = int(active[t]), int(bounds[t]), int(bounds[t + 1])
            z = rows[first:last] + h[:k] @ w_hh
            sig = _sigmoid(z[:, :six])
            c[:k] = sig[:, two:four] * c[:k] + sig[:, :two] * np.tanh(z[:, six:])
            h[:k] = sig[:, four:six] * np.tanh(c[:k])
            out[first:last] = h[:k]
        states = np.empty((len(gates), 2 * h_size), dtype=np.float32)
        states[forward, :h_size] = out[:, :h_size]
        states[reverse, h_size:] = out[:, h_size:]
        return states

    def save(self, path: Path) -> None:
        tables: dict[str, Any] = {
            f"embedding{k}": t.astype(np.float16) for k, t in enumerate(self.embeddings)
        }
        np.savez_compressed(
            path,
            **tables,
            w_ih=self.w_ih.astype(np.float16),
            w_hh=self.w_hh.astype(np.float16),
            bias=self.bias,
            out_w=self.out_w,
            out_b=self.out_b,
            version=np.int64(self.version),
        )

    @classmethod
    def load(cls, path: Path, version: int) -> BiLSTM:
        """Load a model saved by ``save``; ``version`` is the input set it must match."""
        data = read_weights(path, version)
        count = sum(1 for name in data if name.startswith("embedding"))
        return cls(
            tuple(data[f"embedding{k}"].astype(np.float32) for k in range(count)),
            data["w_ih"].astype(np.float32),
            data["w_hh"].astype(np.float32),
            data["bias"].astype(np.float32),
            data["out_w"].astype(np.float32),
            data["out_b"].astype(np.float32),
            version,
        )
