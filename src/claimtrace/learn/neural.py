"""Train a BiLSTM(-CRF) tagger with PyTorch (CPU, seeded, deterministic).

The network is what ``nlp.lstm.BiLSTM`` runs: embeddings of a few id
columns, concatenated; a stack of bidirectional LSTM layers; a linear layer
scoring each label; and, trained as a CRF, label-to-label transitions whose
BIO-breaking moves are forbidden. Training needs PyTorch
(``pip install 'claimtrace[train]'``); running the tagger needs only numpy.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from claimtrace.errors import ModelError
from claimtrace.nlp.crf import bio_mask, end_mask, start_mask
from claimtrace.nlp.features import I64
from claimtrace.nlp.lstm import BiLSTM, Layer

# (input ids, label ids, syntax label ids) of one sequence; a syntax label of
# -100 is no label (see ``Shape.syntax``)
Sequence_ = tuple[I64, npt.NDArray[np.int64], npt.NDArray[np.int64]]


@dataclass(frozen=True)
class Shape:
    """The network: input tables, sizes, labels, and how it is trained."""

    vocabulary: tuple[int, ...]  # rows of each input column's embedding table
    widths: tuple[int, ...]  # the width of each
    labels: tuple[str, ...]  # BIO label names
    hidden: int = 64
    layers: int = 1
    # The embeddings, concatenated, are projected to this width (no bias) before
    # the first layer, so that at analysis time the projection folds into the
    # tables and a token's input is a sum of a few rows (``nlp.lstm``); 0: none.
    projection: int = 0
    crf: bool = True
    dropout: float = 0.3
    # Share of the first column's ids (the word) replaced by 0 in training, so
    # that 0 learns to stand for a word the tagger has not seen.
    word_dropout: float = 0.1
    # A syntactic scaffold: in training only, a second output layer predicts
    # each token's (silver) dependency relation from the same hidden states,
    # with this many labels, its loss weighted by ``syntax_weight``; 0: none.
    syntax: int = 0
    syntax_weight: float = 0.5
    # The output layer's view of each token's neighbours: 0, its own states only;
    # -1, the states of the token and of the one before and after it; C > 0, its
    # states and C channels of a convolution (ReLU) over the three.
    context: int = 0


@dataclass(frozen=True)
class Schedule:
    """How long and how fast to train."""

    epochs: int = 10
    batch: int = 32
    rate: float = 2e-3
    decay: float = 1.0  # the rate falls linearly to this share of itself by the last batch
    average: int = 0  # the weights shipped are the mean of those after each of the last N epochs
    seed: int = 0
    # PyTorch's threads: fixed, as the weights depend on how the work is split
    # (two give the same weights run after run, on this project's machines).
    threads: int = 2


def _torch() -> Any:
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelError("training needs PyTorch: pip install 'claimtrace[train]'") from exc
    return torch


def network(torch: Any, shape: Shape) -> Any:
    """A fresh network of ``shape`` (its weights drawn from torch's current seed)."""
    nn = torch.nn
    module: Any = nn.Module
    forbidden = torch.from_numpy(bio_mask(shape.labels))
    first = torch.from_numpy(start_mask(shape.labels))
    last = torch.from_numpy(end_mask(shape.labels))

    class Tagger(module):  # type: ignore[misc]  # torch's types are not checked here
        def __init__(self) -> None:
            super().__init__()
            self.embeddings = nn.ModuleList(
                [nn.Embedding(n, w) for n, w in zip(shape.vocabulary, shape.widths, strict=True)]
            )
            width = sum(shape.widths)
            self.project = (
                nn.Linear(width, shape.projection, bias=False)
                if shape.projection
                else nn.Identity()
            )
            self.lstm = nn.LSTM(
                shape.projection or width,
                shape.hidden,
                num_layers=shape.layers,
                batch_first=True,
                bidirectional=True,
                dropout=shape.dropout if shape.layers > 1 else 0.0,
            )
            states = 2 * shape.hidden
            if shape.context > 0:
                self.conv = nn.Linear(3 * states, shape.context)
            read = 3 * states if shape.context < 0 else states + shape.context
            self.out = nn.Linear(read, len(shape.labels))
            self.dropout = nn.Dropout(shape.dropout)
            self.transitions = nn.Parameter(torch.zeros(len(shape.labels), len(shape.labels)))
            if shape.syntax:
                self.syntax = nn.Linear(2 * shape.hidden, shape.syntax)

        def encode(self, x: Any, lengths: Any) -> Any:
            """The top layer's hidden states, dropped out."""
            e = torch.cat([m(x[..., k]) for k, m in enumerate(self.embeddings)], -1)
            packed = nn.utils.rnn.pack_padded_sequence(
                self.project(self.dropout(e)), lengths, batch_first=True, enforce_sorted=False
            )
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True)
            return self.dropout(h)

        def read(self, h: Any) -> Any:
            """What the output layer reads of the states ``h`` (see ``Shape.context``)."""
            if not shape.context:
                return h
            pad = nn.functional.pad
            window = torch.cat([pad(h[:, :-1], (0, 0, 1, 0)), h, pad(h[:, 1:], (0, 0, 0, 1))], -1)
            if shape.context < 0:
                return window
            return torch.cat([h, self.dropout(torch.relu(self.conv(window)))], -1)

        def forward(self, x: Any, lengths: Any) -> Any:
            return self.out(self.read(self.encode(x, lengths)))

        def loss(self, x: Any, y: Any, syntax: Any, lengths: Any) -> Any:
            h = self.encode(x, lengths)
            scores = self.out(self.read(h))
            y = y[:, : scores.shape[1]]
            if shape.crf:
                loss = _crf_loss(
                    torch, scores, y, lengths, self.transitions + forbidden, first, last
                )
            else:
                loss = _cross_entropy(nn, scores, y)
            if shape.syntax:
                loss = loss + shape.syntax_weight * _cross_entropy(
                    nn, self.syntax(h), syntax[:, : scores.shape[1]]
                )
            return loss

    return Tagger()


def _cross_entropy(nn: Any, scores: Any, y: Any) -> Any:
    return nn.functional.cross_entropy(
        scores.reshape(-1, scores.shape[-1]), y.reshape(-1), ignore_index=-100
    )


def _crf_loss(
    torch: Any, scores: Any, y: Any, lengths: Any, moves: Any, first: Any, last: Any
) -> Any:
    """Mean negative log-likelihood per token of the gold label sequences."""
    longest = scores.shape[1]
    live = torch.arange(longest)[None, :] < lengths[:, None]
    gold = y.clamp(min=0)
    alpha = scores[:, 0] + first
    path = scores[:, 0].gather(1, gold[:, :1]).squeeze(1) + first[gold[:, 0]]
    for t in range(1, longest):
        on = live[:, t]
        step = torch.logsumexp(alpha[:, :, None] + moves[None], 1) + scores[:, t]
        alpha = torch.where(on[:, None], step, alpha)
        move = moves[gold[:, t - 1], gold[:, t]] + scores[:, t].gather(1, gold[:, t : t + 1])[:, 0]
        path = path + torch.where(on, move, torch.zeros_like(move))
    ends = gold.gather(1, (lengths - 1)[:, None])[:, 0]
    return (torch.logsumexp(alpha + last, 1) - path - last[ends]).sum() / lengths.sum()


def _batches(
    torch: Any, sequences: Sequence[Sequence_], size: int, rng: np.random.Generator
) -> Iterator[tuple[Any, Any, Any, Any]]:
    """Batches of sequences of similar length (less padding), in random order."""
    order = rng.permutation(len(sequences))
    order = order[np.argsort([len(sequences[k][1]) for k in order], kind="stable")]
    groups = [order[start : start + size] for start in range(0, len(order), size)]
    for g in rng.permutation(len(groups)):
        chosen = [sequences[k] for k in groups[g]]
        longest = max(len(labels) for _, labels, _ in chosen)
        x = np.zeros((len(chosen), longest, chosen[0][0].shape[1]), dtype=np.int64)
        y = np.full((len(chosen), longest), -100, dtype=np.int64)
        z = np.full((len(chosen), longest), -100, dtype=np.int64)
        for k, (inputs, labels, syntax) in enumerate(chosen):
            x[k, : len(labels)] = inputs
            y[k, : len(labels)] = labels
            z[k, : len(labels)] = syntax
        lengths = torch.tensor([len(labels) for _, labels, _ in chosen])
        yield torch.from_numpy(x), torch.from_numpy(y), torch.from_numpy(z), lengths


def train_tagger(
    sequences: Sequence[Sequence_],
    shape: Shape,
    schedule: Schedule,
    *,
    version: int,
) -> BiLSTM:
    """Fit a tagger to (input ids, label ids) sequences; the same data, shape and
    schedule give the same weights."""
    torch = _torch()
    torch.manual_seed(schedule.seed)
    torch.set_num_threads(schedule.threads)
    torch.use_deterministic_algorithms(True)
    model = network(torch, shape)
    data = [s for s in sequences if len(s[1])]
    optimiser = torch.optim.Adam(model.parameters(), lr=schedule.rate)
    total = schedule.epochs * -(-len(data) // schedule.batch)
    scheduler = torch.optim.lr_scheduler.LinearLR(
        optimiser, start_factor=1.0, end_factor=schedule.decay, total_iters=max(total - 1, 1)
    )
    average = torch.optim.swa_utils.AveragedModel(model) if schedule.average else None
    rng = np.random.default_rng(schedule.seed)
    seen = np.zeros(shape.vocabulary[0], dtype=bool)
    for inputs, _, _ in data:
        seen[inputs[:, 0]] = True
    model.train()
    for epoch in range(schedule.epochs):
        for x, y, syntax, lengths in _batches(torch, data, schedule.batch, rng):
            if shape.word_dropout:
                dropped = torch.rand(x.shape[:2]) < shape.word_dropout
                x[..., 0] = torch.where(dropped, torch.zeros_like(x[..., 0]), x[..., 0])
            optimiser.zero_grad()
            loss = model.loss(x, y, syntax, lengths)
            loss.backward()
            optimiser.step()
            scheduler.step()
        if average is not None and epoch >= schedule.epochs - schedule.average:
            average.update_parameters(model)
    tagger = export(average.module if average is not None else model, shape, version)
    # A word never seen in training reads as the unknown word (id 0, which
    # word dropout trained), not as its bucket's random initial vector.
    words = tagger.embeddings[0]
    words[~seen] = words[0]
    return tagger


def export(model: Any, shape: Shape, version: int) -> BiLSTM:
    """The numpy tagger of a trained network."""

    def array(tensor: Any) -> npt.NDArray[np.float32]:
        return np.ascontiguousarray(tensor.detach().numpy(), dtype=np.float32)

    lstm = model.lstm
    layers = []
    for k in range(shape.layers):

        def weight(name: str, k: int = k) -> Any:
            return getattr(lstm, f"{name}_l{k}"), getattr(lstm, f"{name}_l{k}_reverse")

        (ih, ih_r), (hh, hh_r) = weight("weight_ih"), weight("weight_hh")
        (bi, bi_r), (bh, bh_r) = weight("bias_ih"), weight("bias_hh")
        layers.append(
            Layer(
                w_ih=np.stack([array(ih), array(ih_r)]),
                w_hh=np.stack([array(hh), array(hh_r)]),
                bias=np.stack([array(bi + bh), array(bi_r + bh_r)]),
            )
        )
    return BiLSTM(
        embeddings=tuple(array(m.weight) for m in model.embeddings),
        projection=array(model.project.weight).T.copy() if shape.projection else None,
        layers=tuple(layers),
        out_w=array(model.out.weight),
        out_b=array(model.out.bias),
        version=version,
        transitions=array(model.transitions) if shape.crf else None,
        window=shape.context < 0,
        conv_w=array(model.conv.weight) if shape.context > 0 else None,
        conv_b=array(model.conv.bias) if shape.context > 0 else None,
    )
