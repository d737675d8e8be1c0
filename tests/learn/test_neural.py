"""The BiLSTM: numpy inference agrees with PyTorch; training is seeded; saved weights load."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from claimtrace.errors import ModelError
from claimtrace.learn.neural import _export, _network, train_lstm
from claimtrace.nlp.lstm import BiLSTM

torch = pytest.importorskip("torch", reason="PyTorch is needed to train: pip install -e '.[train]'")

VOCABULARY = (50, 7, 9, 4, 4, 5)


def _sentences(rng: np.random.Generator, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for _ in range(count):
        n = int(rng.integers(1, 30))
        ids = np.stack([rng.integers(0, v, n) for v in VOCABULARY], axis=1).astype(np.int64)
        out.append((ids, (ids[:, 0] % 3).astype(np.int64)))  # learnable: the label is in the word
    return out


@pytest.mark.parametrize("lengths", [[1], [5, 1, 17, 3], [40, 2, 2, 90, 7, 1, 33], [3, 0, 4]])
def test_numpy_lstm_gives_what_torch_gives(lengths: list[int]) -> None:
    torch.manual_seed(1)
    network = _network(torch, VOCABULARY, 3, 6).eval()
    model = _export(network, version=1)
    rng = np.random.default_rng(0)
    n = sum(lengths)
    ids = np.stack([rng.integers(0, v, n) for v in VOCABULARY], axis=1).astype(np.int64)
    ours = model.log_probs(ids, lengths)
    start = 0
    for length in lengths:
        if not length:  # an empty sequence has no tokens to compare (torch refuses it)
            continue
        x = torch.from_numpy(ids[start : start + length])[None]
        with torch.no_grad():
            theirs = torch.log_softmax(network(x, torch.tensor([length])), -1)[0].numpy()
        np.testing.assert_allclose(ours[start : start + length], theirs, atol=1e-5)
        start += length


def test_no_tokens_no_scores() -> None:
    torch.manual_seed(1)
    model = _export(_network(torch, VOCABULARY, 3, 4), version=1)
    assert model.log_probs(np.zeros((0, len(VOCABULARY)), dtype=np.int64), []).shape == (0, 3)


def test_training_is_seeded_and_learns(tmp_path: Path) -> None:
    sentences = _sentences(np.random.default_rng(4), 120)
    first = train_lstm(sentences, VOCABULARY, 3, version=1, hidden=8, epochs=30, seed=3)
    again = train_lstm(sentences, VOCABULARY, 3, version=1, hidden=8, epochs=30, seed=3)
    pairs = zip(first.embeddings, again.embeddings, strict=True)
    assert all(np.array_equal(a, b) for a, b in pairs)
    assert np.array_equal(first.w_hh, again.w_hh)
    ids = np.concatenate([s[0] for s in sentences])
    gold = np.concatenate([s[1] for s in sentences])
    predicted = first.log_probs(ids, [len(s[1]) for s in sentences]).argmax(axis=1)
    assert (predicted == gold).mean() > 0.8

    first.save(tmp_path / "lstm.npz")
    loaded = BiLSTM.load(tmp_path / "lstm.npz", 1)
    np.testing.assert_allclose(
        loaded.log_probs(ids, [len(ids)]), first.log_probs(ids, [len(ids)]), atol=2e-2
    )
    with pytest.raises(ModelError, match="claimtrace train"):
        BiLSTM.load(tmp_path / "lstm.npz", 2)
