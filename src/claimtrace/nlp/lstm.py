"""A stacked bidirectional LSTM tagger, run with numpy over whole batches of sequences.

Trained with PyTorch by ``claimtrace train`` (``learn.neural``) and shipped as
plain arrays, so analysis needs no PyTorch. Each token is the concatenation
of a few embeddings (its word, tag, cluster, …: id columns from
``extract.features.tagger_inputs``), projected to a narrower width; each
layer reads every sequence both ways; a linear layer scores each token's
labels, and, for a model trained as a CRF, label-to-label transition scores
join them in decoding.

The projection is folded into the tables once, at load time (a table's rows
times its slice of the projection), so a token's input is the sum of one
narrow row per table. The first layer's input products are computed once
per distinct input (most tokens repeat another's: the same word in the same
circumstances; about 3 in 10 are distinct in a batch of news) and read step
by step. All sequences of a batch run together, one numpy step per position,
the two directions in one batched matrix product; the last layer's states
are scored where they stand, step-major, and only the label scores are put
back in token order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from claimtrace.nlp.features import I64, distinct_rows
from claimtrace.nlp.steps import Lengths, Steps
from claimtrace.nlp.weights import Weights, read_weights

F16 = npt.NDArray[np.float16]
F32 = npt.NDArray[np.float32]


@dataclass(frozen=True, eq=False)
class Layer:
    """One bidirectional layer in PyTorch's layout (gates i, f, g, o)."""

    w_ih: F32  # (2, 4H, D): forward, backward
    w_hh: F32  # (2, 4H, H)
    bias: F32  # (2, 4H): b_ih + b_hh

    @property
    def hidden(self) -> int:
        return int(self.w_hh.shape[2])

    @cached_property
    def _prepared(self) -> tuple[F32, F32, F32]:
        """The weights laid out for ``steps``: input weights (D, 8H) and bias (8H,),
        forward gates then backward, and recurrent weights (2, H, 4H).

        The gates are reordered (i, f, o, g) and the three sigmoid gates'
        halved, so that one tanh over all four serves them all: sigmoid(x) =
        (1 + tanh(x / 2)) / 2. The recurrent weights are halved as well, as
        ``steps`` carries twice the hidden state (see there).
        """
        h = self.hidden
        order = [0, 1, 3, 2]  # PyTorch's i, f, g, o
        scale = np.repeat(np.array([0.5, 0.5, 0.5, 1.0], dtype=np.float32), h)

        def gates(w: F32) -> F32:  # (2, 4H, X), reordered and scaled
            out: F32 = w.reshape(2, 4, h, -1)[:, order].reshape(2, 4 * h, -1) * scale[:, None]
            return out

        w_ih, bias, w_hh = gates(self.w_ih), gates(self.bias[..., None])[..., 0], gates(self.w_hh)
        return (
            np.ascontiguousarray(np.concatenate([w_ih[0].T, w_ih[1].T], axis=1)),
            np.ascontiguousarray(bias.reshape(-1)),
            np.ascontiguousarray(w_hh.transpose(0, 2, 1) * np.float32(0.5)),
        )

    def steps(self, x: F32, steps: Steps, rows_of: I64 | None = None) -> F32:
        """Both directions over all sequences at once: the hidden states, step-major
        (2 × rows of ``steps`` × H, forward then backward), doubled.

        Token t's input is ``x[rows_of[t]]`` (x: rows × D), or ``x[t]`` without
        ``rows_of``: tokens with the same input share a row, and its input
        gates are computed once. With u = 1 + tanh(·) = 2·sigmoid(·) for the
        input, forget and output gates, the step is c ← (u_f·c + u_i·g) / 2 and
        2h ← u_o·tanh(c): carrying 2h (against recurrent weights halved) saves
        a pass over the gates at every step.
        """
        h_size = self.hidden
        one, two, three = h_size, 2 * h_size, 3 * h_size
        w_ih, bias, w_hh = self._prepared
        n = len(steps.forward)
        # The input gates of each row, forward and backward side by side (rows,
        # 8H), read as (2 × rows, 4H): row r's forward gates are 2r, backward
        # 2r + 1. Gathered step by step, never laid out for every token (a large
        # array, fresh each batch, costs its page faults).
        gates = x @ w_ih
        gates += bias
        gates = gates.reshape(-1, 4 * h_size)
        tokens = np.arange(n) if rows_of is None else rows_of
        read = np.stack([2 * tokens[steps.forward], 2 * tokens[steps.reverse] + 1])
        out = np.empty((2, n, h_size), dtype=np.float32)
        h = np.zeros((2, steps.count, h_size), dtype=np.float32)
        c = np.zeros_like(h)
        bounds = steps.bounds.tolist()
        for t in range(len(bounds) - 1):
            first, last = bounds[t], bounds[t + 1]
            k = last - first
            z = np.matmul(h[:, :k], w_hh)
            z += gates[read[:, first:last]]
            np.tanh(z, out=z)
            u = z[..., :three]
            u += 1.0
            state = c[:, :k]
            state *= z[..., one:two]
            state += z[..., :one] * z[..., three:]
            state *= 0.5
            hidden = h[:, :k]
            np.tanh(state, out=hidden)
            hidden *= z[..., two:three]
            out[:, first:last] = hidden
        return out

    def run(self, x: F32, steps: Steps, rows_of: I64 | None = None) -> F32:
        """The hidden states of every token, in token order (n_tokens × 2H): the
        input of a next layer (``steps`` for the arguments)."""
        h_size = self.hidden
        out = self.steps(x, steps, rows_of)
        states = np.empty((len(steps.forward), 2 * h_size), dtype=np.float32)
        states[steps.forward, :h_size] = out[0]
        states[steps.reverse, h_size:] = out[1]
        states *= 0.5
        return states


def _windowed(parts: F32, steps: Steps) -> F32:
    """Columns in three equal parts, what a token gives the token after it, itself
    and the token before it: each token's sum of its own and its neighbours' shares,
    none across the ends of its sequence (token order)."""
    size = parts.shape[1] // 3
    first = steps.forward[steps.bounds[0] : steps.bounds[1]]  # each sequence's first token
    last = steps.reverse[steps.bounds[0] : steps.bounds[1]]  # and its last
    out = parts[:, size : 2 * size].copy()
    shifted = np.zeros_like(out)
    shifted[1:] = parts[:-1, :size]
    shifted[first] = 0
    out += shifted
    shifted[:-1] = parts[1:, 2 * size :]
    shifted[last] = 0  # the last token of all among them
    out += shifted
    return out


# Tables of more numbers than this stay in half precision (see ``_table``).
WIDEN_AT_LOAD = 1 << 20


def _table(stored: npt.NDArray[Any]) -> F16 | F32:
    """An embedding table as the network reads it.

    The word table (8 million numbers) stays in half precision, as stored,
    widened row by row as tokens read it (exactly: every half is a single):
    widening it at load time took a tenth of a second and 16 MB more. The
    small tables are widened once: reading half-precision rows costs more.
    """
    if stored.dtype == np.float16 and stored.size > WIDEN_AT_LOAD:
        return stored
    return stored.astype(np.float32)


@dataclass(frozen=True, eq=False)
class BiLSTM:
    """Embedding tables, the layers, the output layer and, for a CRF, its transitions."""

    # One (vocabulary, width) table per input column (see ``_table``).
    embeddings: tuple[F16 | F32, ...]
    # (sum of the widths, P): from the embeddings' concatenation to the first
    # layer's input; None: the concatenation is the input
    projection: F32 | None
    layers: tuple[Layer, ...]
    out_w: F32  # (labels, 2H)
    out_b: F32  # (labels,)
    version: int
    transitions: F32 | None = None  # (labels, labels), from → to; None: not a CRF
    # What the output layer reads (``learn.neural.Shape.context``): with
    # ``window``, the states of the token before, the token, the token after
    # (out_w: labels × 6H); with ``conv_w`` (C × 6H) and ``conv_b``, the
    # token's states and C channels of a ReLU convolution over those three
    # (out_w: labels × (2H + C)).
    window: bool = False
    conv_w: F32 | None = None
    conv_b: F32 | None = None

    @cached_property
    def _tables(self) -> tuple[F16 | F32, ...]:
        """Each embedding table times its slice of the projection: (vocabulary, P)."""
        if self.projection is None:
            return self.embeddings
        out = []
        start = 0
        for table in self.embeddings:
            width = table.shape[1]
            part = self.projection[start : start + width]
            out.append(np.ascontiguousarray(table.astype(np.float32) @ part))
            start += width
        return tuple(out)

    def inputs(self, ids: I64) -> F32:
        """The first layer's input for every token: its embeddings, projected."""
        tables = self._tables
        if self.projection is None:
            x = np.empty((len(ids), sum(t.shape[1] for t in tables)), dtype=np.float32)
            start = 0
            for k, table in enumerate(tables):
                width = table.shape[1]
                x[:, start : start + width] = table[ids[:, k]]
                start += width
            return x
        x = tables[0][ids[:, 0]].astype(np.float32)
        for k in range(1, len(tables)):
            x += tables[k][ids[:, k]]
        return x

    def scores(self, inputs: I64, lengths: Lengths) -> F32:
        """Per-token label scores for consecutive sequences (concatenated)."""
        n = len(inputs)
        labels = len(self.out_b)
        if n == 0:
            return np.zeros((0, labels), dtype=np.float32)
        steps = Steps.of(lengths)
        # Most tokens repeat another's inputs (the same word in the same
        # circumstances): the first layer computes each distinct input once.
        distinct, rows_of = distinct_rows(inputs)
        x = self.inputs(distinct)
        rows: I64 | None = rows_of
        for layer in self.layers[:-1]:
            x, rows = layer.run(x, steps, rows), None
        if self.window or self.conv_w is not None:
            return self._read_neighbours(self.layers[-1].run(x, steps, rows), steps)
        # The last layer's states stay step-major: each direction's share of the
        # label scores goes to its tokens, 7 columns moved instead of 2H. The
        # states are doubled (``Layer.steps``), hence the half.
        doubled = self.layers[-1].steps(x, steps, rows)
        h_size = doubled.shape[2]
        w_out = self.out_w.T * np.float32(0.5)
        out = np.empty((n, labels), dtype=np.float32)
        out[steps.forward] = doubled[0] @ w_out[:h_size]
        out[steps.reverse] += doubled[1] @ w_out[h_size:]
        out += self.out_b
        return out

    def _read_neighbours(self, states: F32, steps: Steps) -> F32:
        """Label scores from the states of each token and its neighbours (token
        order; see ``window`` and ``conv_w``). The states are moved to token
        order first: fewer columns than what is read of them (``_reading``)."""
        parts = states @ self._reading
        if self.window:
            out = _windowed(parts, steps)
        else:
            assert self.conv_b is not None
            channels = len(self.conv_b)
            hidden = _windowed(parts[:, : 3 * channels], steps)
            hidden += self.conv_b
            np.maximum(hidden, 0, out=hidden)
            out = parts[:, 3 * channels :]
            out += hidden @ self.out_w[:, -channels:].T
        out += self.out_b
        return out

    @cached_property
    def _reading(self) -> F32:
        """What ``_read_neighbours`` reads of a token's states: (2H, K).

        With ``window``, the score each label gets from the token as the one
        before, as itself and as the one after (K = 3 × labels). With a
        convolution, its three shares of each channel (3 C), then the label
        scores of the token's own states (K = 3 C + labels).
        """
        width = 2 * self.layers[-1].hidden
        if self.window:
            w = self.out_w.reshape(len(self.out_w), 3, width)
            return np.ascontiguousarray(w.transpose(2, 1, 0).reshape(width, -1))
        assert self.conv_w is not None
        w = self.conv_w.reshape(len(self.conv_w), 3, width)
        return np.ascontiguousarray(
            np.concatenate([w.transpose(2, 1, 0).reshape(width, -1), self.out_w[:, :width].T], 1)
        )

    def log_probs(self, inputs: I64, lengths: Lengths) -> F32:
        """Per-token label log-probabilities (a softmax over ``scores``)."""
        scores = self.scores(inputs, lengths)
        scores -= scores.max(axis=1, keepdims=True)
        scores -= np.log(np.exp(scores).sum(axis=1, keepdims=True))
        return scores

    def save(self, path: Path, **extra: npt.NDArray[Any]) -> None:
        """Write the arrays to ``path`` (.npz), with any ``extra`` arrays of the caller's."""
        arrays: dict[str, Any] = {
            f"embedding{k}": t.astype(np.float16) for k, t in enumerate(self.embeddings)
        }
        if self.projection is not None:
            arrays["projection"] = self.projection
        for k, layer in enumerate(self.layers):
            arrays[f"w_ih{k}"] = layer.w_ih.astype(np.float16)
            arrays[f"w_hh{k}"] = layer.w_hh.astype(np.float16)
            arrays[f"bias{k}"] = layer.bias
        if self.transitions is not None:
            arrays["transitions"] = self.transitions
        if self.window:
            arrays["window"] = np.int64(1)
        if self.conv_w is not None and self.conv_b is not None:
            arrays.update(conv_w=self.conv_w, conv_b=self.conv_b)
        arrays.update(extra, out_w=self.out_w, out_b=self.out_b, version=np.int64(self.version))
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path: Path, version: int) -> BiLSTM:
        """Load a model saved by ``save``; ``version`` is the input set it must match."""
        return cls.of(read_weights(path, version), version)

    @classmethod
    def of(cls, data: Weights, version: int) -> BiLSTM:
        """The model in arrays read by ``nlp.weights.read_weights``."""
        tables = sum(1 for name in data if name.startswith("embedding"))
        depth = sum(1 for name in data if name.startswith("w_ih"))
        layers = tuple(
            Layer(
                data[f"w_ih{k}"].astype(np.float32),
                data[f"w_hh{k}"].astype(np.float32),
                data[f"bias{k}"].astype(np.float32),
            )
            for k in range(depth)
        )
        return cls(
            tuple(_table(data[f"embedding{k}"]) for k in range(tables)),
            data["projection"].astype(np.float32) if "projection" in data else None,
            layers,
            data["out_w"].astype(np.float32),
            data["out_b"].astype(np.float32),
            version,
            data["transitions"].astype(np.float32) if "transitions" in data else None,
            "window" in data,
            data["conv_w"].astype(np.float32) if "conv_w" in data else None,
            data["conv_b"].astype(np.float32) if "conv_b" in data else None,
        )
