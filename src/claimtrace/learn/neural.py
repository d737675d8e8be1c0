"""Train the cue tagger's BiLSTM with PyTorch (CPU, one thread, seeded).

The LSTM reads whole sentences, so it sees what the CRF's windows of a few
words cannot (a reporting verb far from its clause, a cue inside someone
else's reported words). Its per-token label log-probabilities are added to
the CRF's scores before decoding (``extract.learned.CueModel``). Training
needs PyTorch (``pip install 'claimtrace[train]'``); running the tagger needs
only numpy (``nlp.lstm``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from claimtrace.errors import ModelError
from claimtrace.nlp.features import I64
from claimtrace.nlp.lstm import BiLSTM

Sentence = tuple[I64, npt.NDArray[np.int64]]  # (input ids, label ids) of one sentence
WIDTHS = (32, 8, 16, 4, 4, 8)  # embedding width of each input column
HIDDEN = 32
EPOCHS = 4


def _torch() -> Any:
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise ModelError("training needs PyTorch: pip install 'claimtrace[train]'") from exc
    return torch


def _network(torch: Any, vocabulary: Sequence[int], labels: int, hidden: int) -> Any:
    nn = torch.nn
    module: Any = nn.Module

    class Tagger(module):  # type: ignore[misc]  # torch's types are not checked here
        def __init__(self) -> None:
            super().__init__()
            self.embeddings = nn.ModuleList(
                [nn.Embedding(n, w) for n, w in zip(vocabulary, WIDTHS, strict=True)]
            )
            self.lstm = nn.LSTM(sum(WIDTHS), hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * hidden, labels)
            self.dropout = nn.Dropout(0.3)

        def forward(self, x: Any, lengths: Any) -> Any:
            e = torch.cat([m(x[..., k]) for k, m in enumerate(self.embeddings)], -1)
            packed = nn.utils.rnn.pack_padded_sequence(
                self.dropout(e), lengths, batch_first=True, enforce_sorted=False
            )
            h, _ = self.lstm(packed)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True)
            return self.out(self.dropout(h))

    return Tagger()


def _batches(
    torch: Any, sentences: Sequence[Sentence], size: int, rng: np.random.Generator
) -> Iterator[tuple[Any, Any, Any]]:
    order = rng.permutation(len(sentences))
    for start in range(0, len(order), size):
        chosen = [sentences[k] for k in order[start : start + size]]
        longest = max(len(labels) for _, labels in chosen)
        x = np.zeros((len(chosen), longest, chosen[0][0].shape[1]), dtype=np.int64)
        y = np.full((len(chosen), longest), -100, dtype=np.int64)
        for k, (inputs, labels) in enumerate(chosen):
            x[k, : len(labels)] = inputs
            y[k, : len(labels)] = labels
        lengths = torch.tensor([len(labels) for _, labels in chosen])
        yield torch.from_numpy(x), torch.from_numpy(y), lengths


def train_lstm(
    sentences: Sequence[Sentence],
    vocabulary: Sequence[int],
    labels: int,
    *,
    version: int,
    hidden: int = HIDDEN,
    epochs: int = EPOCHS,
    seed: int = 0,
) -> BiLSTM:
    """Fit a BiLSTM tagger to (input ids, label ids) sentences; the same data and
    seed give the same weights."""
    torch = _torch()
    torch.manual_seed(seed)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    network = _network(torch, vocabulary, labels, hidden)
    optimiser = torch.optim.Adam(network.parameters(), lr=2e-3)
    rng = np.random.default_rng(seed)
    network.train()
    for _ in range(epochs):
        for x, y, lengths in _batches(torch, [s for s in sentences if len(s[1])], 32, rng):
            optimiser.zero_grad()
            scores = network(x, lengths)
            loss = torch.nn.functional.cross_entropy(
                scores.reshape(-1, labels), y[:, : scores.shape[1]].reshape(-1), ignore_index=-100
            )
            loss.backward()
            optimiser.step()
    return _export(network, version)


def _export(network: Any, version: int) -> BiLSTM:
    def array(tensor: Any) -> npt.NDArray[np.float32]:
        return np.ascontiguousarray(tensor.detach().numpy(), dtype=np.float32)

    lstm = network.lstm
    return BiLSTM(
        embeddings=tuple(array(m.weight) for m in network.embeddings),
        w_ih=np.stack([array(lstm.weight_ih_l0), array(lstm.weight_ih_l0_reverse)]),
        w_hh=np.stack([array(lstm.weight_hh_l0), array(lstm.weight_hh_l0_reverse)]),
        bias=np.stack(
            [
                array(lstm.bias_ih_l0 + lstm.bias_hh_l0),
                array(lstm.bias_ih_l0_reverse + lstm.bias_hh_l0_reverse),
            ]
        ),
        out_w=array(network.out.weight),
        out_b=array(network.out.bias),
        version=version,
    )
