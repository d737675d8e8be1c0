"""The BiLSTM(-CRF): numpy inference agrees with PyTorch; training is seeded; saved
weights load."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from claimtrace.errors import ModelError
from claimtrace.learn.neural import Schedule, Shape, _crf_loss, export, network, train_tagger
from claimtrace.nlp import lstm
from claimtrace.nlp.crf import bio_mask, start_mask
from claimtrace.nlp.lstm import BiLSTM

torch = pytest.importorskip("torch", reason="PyTorch is needed to train: pip install -e '.[train]'")

LABELS = ("O", "B-X", "I-X")
# Four input columns, projected from 12 to 8 dimensions.
SHAPE = Shape(
    vocabulary=(9000, 7, 9, 4), widths=(5, 3, 2, 2), labels=LABELS, hidden=6, projection=8
)


def _ids(rng: np.random.Generator, n: int) -> np.ndarray:
    return np.stack([rng.integers(0, v, n) for v in SHAPE.vocabulary], axis=1).astype(np.int64)


def _sequences(rng: np.random.Generator, count: int) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for _ in range(count):
        ids = _ids(rng, int(rng.integers(1, 30)))
        # Learnable: the label is in the second column (B on 1, I on 2 after a B or I).
        labels = np.zeros(len(ids), dtype=np.int64)
        for i, tag in enumerate(ids[:, 1]):
            if tag == 1:
                labels[i] = 1
            elif tag == 2 and i and labels[i - 1]:
                labels[i] = 2
        out.append((ids, labels, np.full(len(ids), -100, dtype=np.int64)))
    return out


@pytest.mark.parametrize("context", [0, -1, 4])
@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("lengths", [[1], [5, 1, 17, 3], [40, 2, 2, 90, 7, 1, 33], [3, 0, 4]])
def test_numpy_lstm_gives_what_torch_gives(layers: int, lengths: list[int], context: int) -> None:
    """All sequences run together in numpy, one at a time in torch: the same scores,
    so no sequence reads another's states (not even its neighbours', ``context``)."""
    torch.manual_seed(1)
    shape = replace(SHAPE, layers=layers, context=context)
    model = network(torch, shape).eval()
    ours = export(model, shape, version=1)
    ids = _ids(np.random.default_rng(0), sum(lengths))
    scores = ours.scores(ids, lengths)
    start = 0
    for length in lengths:
        if not length:  # an empty sequence has no tokens to compare (torch refuses it)
            continue
        x = torch.from_numpy(ids[start : start + length])[None]
        with torch.no_grad():
            theirs = model(x, torch.tensor([length]))[0].numpy()
        np.testing.assert_allclose(scores[start : start + length], theirs, atol=1e-5)
        start += length
    np.testing.assert_allclose(np.exp(ours.log_probs(ids, lengths)).sum(axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("layers", [1, 2])
def test_repeated_inputs_score_as_torch_scores_them(layers: int) -> None:
    """Tokens sharing their inputs share one input row in the first layer
    (``distinct_rows``); their scores still differ by context, as torch's do."""
    torch.manual_seed(2)
    shape = replace(SHAPE, layers=layers)
    model = network(torch, shape).eval()
    ours = export(model, shape, version=1)
    rng = np.random.default_rng(3)
    pool = _ids(rng, 4)
    lengths = [25, 9, 40]
    ids = pool[rng.integers(0, len(pool), sum(lengths))]
    scores = ours.scores(ids, lengths)
    start = 0
    for length in lengths:
        x = torch.from_numpy(ids[start : start + length])[None]
        with torch.no_grad():
            theirs = model(x, torch.tensor([length]))[0].numpy()
        np.testing.assert_allclose(scores[start : start + length], theirs, atol=1e-5)
        start += length
    assert len({tuple(row) for row in scores.round(4)}) > len(pool)  # context counts


def test_no_tokens_no_scores() -> None:
    torch.manual_seed(1)
    model = export(network(torch, SHAPE), SHAPE, version=1)
    assert model.scores(np.zeros((0, 4), dtype=np.int64), []).shape == (0, 3)


@pytest.mark.parametrize("with_end", [False, True])
def test_crf_loss_is_the_negative_log_likelihood(with_end: bool) -> None:
    """On one short sequence, against the sum over every labelling, done by hand
    (with scores for the last label too: BILOU's end mask is such scores)."""
    torch.manual_seed(2)
    scores = torch.randn(1, 3, 3)
    moves = torch.randn(3, 3) + torch.from_numpy(bio_mask(LABELS))
    first = torch.from_numpy(start_mask(LABELS))
    last = torch.randn(3) if with_end else torch.zeros(3)
    gold = [1, 2, 0]
    paths = [(a, b, c) for a in range(3) for b in range(3) for c in range(3)]

    def total(path: tuple[int, ...]) -> torch.Tensor:
        value = first[path[0]] + scores[0, 0, path[0]]
        for t in (1, 2):
            value = value + moves[path[t - 1], path[t]] + scores[0, t, path[t]]
        return value + last[path[2]]

    expected = torch.logsumexp(torch.stack([total(p) for p in paths]), 0) - total(tuple(gold))
    loss = _crf_loss(torch, scores, torch.tensor([gold]), torch.tensor([3]), moves, first, last)
    assert float(loss) == pytest.approx(float(expected) / 3, abs=1e-5)


@pytest.mark.parametrize("crf", [True, False])
def test_training_is_seeded_and_learns(tmp_path: Path, crf: bool) -> None:
    sequences = _sequences(np.random.default_rng(4), 150)
    shape = replace(SHAPE, crf=crf, word_dropout=0.0)
    schedule = Schedule(epochs=25, batch=16, rate=1e-2, seed=3)
    first = train_tagger(sequences, shape, schedule, version=1)
    again = train_tagger(sequences, shape, schedule, version=1)
    for one, other in zip(first.embeddings, again.embeddings, strict=True):
        assert np.array_equal(one, other)
    assert np.array_equal(first.layers[0].w_hh, again.layers[0].w_hh)
    assert (first.transitions is not None) is crf

    ids = np.concatenate([s[0] for s in sequences])
    gold = np.concatenate([s[1] for s in sequences])
    lengths = [len(s[1]) for s in sequences]
    predicted = first.scores(ids, lengths).argmax(axis=1)
    assert (predicted == gold).mean() > 0.9

    first.save(tmp_path / "tagger.npz")
    loaded = BiLSTM.load(tmp_path / "tagger.npz", 1)
    np.testing.assert_allclose(loaded.scores(ids, lengths), first.scores(ids, lengths), atol=5e-2)
    with pytest.raises(ModelError, match="claimtrace train"):
        BiLSTM.load(tmp_path / "tagger.npz", 2)


def test_unseen_words_read_as_the_unknown_word() -> None:
    sequences = _sequences(np.random.default_rng(5), 20)
    tagger = train_tagger(sequences, SHAPE, Schedule(epochs=1, seed=1), version=1)
    seen = np.unique(np.concatenate([s[0][:, 0] for s in sequences]))
    unseen = np.setdiff1d(np.arange(SHAPE.vocabulary[0]), seen)
    words = tagger.embeddings[0]
    assert np.array_equal(words[unseen], np.broadcast_to(words[0], (len(unseen), words.shape[1])))
    assert not np.array_equal(words[seen[seen > 0]][:1], words[:1])


def test_averaging_the_last_epochs() -> None:
    """The mean over the last epoch alone is the final weights; over two it is not."""
    sequences = _sequences(np.random.default_rng(6), 40)
    plain = Schedule(epochs=3, seed=2)
    final = train_tagger(sequences, SHAPE, plain, version=1)
    last = train_tagger(sequences, SHAPE, replace(plain, average=1), version=1)
    two = train_tagger(sequences, SHAPE, replace(plain, average=2), version=1)
    assert np.allclose(final.layers[0].w_hh, last.layers[0].w_hh)
    assert not np.allclose(final.layers[0].w_hh, two.layers[0].w_hh)


@pytest.mark.parametrize("context", [-1, 4])
def test_what_the_output_reads_of_neighbours_is_saved(tmp_path: Path, context: int) -> None:
    torch.manual_seed(4)
    shape = replace(SHAPE, context=context)
    ours = export(network(torch, shape).eval(), shape, version=1)
    assert ours.window is (context < 0)
    assert (ours.conv_w is None) is (context < 0)
    ours.save(tmp_path / "spans.npz")
    loaded = BiLSTM.load(tmp_path / "spans.npz", version=1)
    assert loaded.window is ours.window
    np.testing.assert_array_equal(loaded.conv_w, ours.conv_w)  # kept in full precision
    ids = _ids(np.random.default_rng(5), 30)
    # (the layers' weights are saved in half precision)
    np.testing.assert_allclose(loaded.scores(ids, [12, 18]), ours.scores(ids, [12, 18]), atol=5e-2)


@pytest.mark.parametrize("projection", [0, 8])
def test_with_and_without_a_projection(projection: int) -> None:
    torch.manual_seed(3)
    shape = replace(SHAPE, projection=projection)
    model = network(torch, shape).eval()
    ours = export(model, shape, version=1)
    assert (ours.projection is None) is (projection == 0)
    ids = _ids(np.random.default_rng(1), 12)
    with torch.no_grad():
        theirs = model(torch.from_numpy(ids)[None], torch.tensor([12]))[0].numpy()
    np.testing.assert_allclose(ours.scores(ids, [12]), theirs, atol=1e-5)


def test_a_syntactic_scaffold_trains_and_leaves_the_tagger_as_it_is() -> None:
    """With scaffold labels the network learns a second head in training; what is
    exported has the same parts (no second head) and is seeded all the same."""
    rng = np.random.default_rng(7)
    sequences = [
        (ids, labels, (ids[:, 2] % 4).astype(np.int64)) for ids, labels, _ in _sequences(rng, 40)
    ]
    shape = replace(SHAPE, syntax=4)
    first = train_tagger(sequences, shape, Schedule(epochs=2, seed=1), version=1)
    again = train_tagger(sequences, shape, Schedule(epochs=2, seed=1), version=1)
    plain = train_tagger(sequences, SHAPE, Schedule(epochs=2, seed=1), version=1)
    assert np.array_equal(first.layers[0].w_hh, again.layers[0].w_hh)
    assert first.out_w.shape == plain.out_w.shape
    assert not np.allclose(first.layers[0].w_hh, plain.layers[0].w_hh)


@pytest.mark.parametrize("projection", [0, 8])
@pytest.mark.parametrize("widen_above", [0, 1 << 30])
def test_tables_kept_in_half_precision_score_as_widened_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, projection: int, widen_above: int
) -> None:
    monkeypatch.setattr(lstm, "WIDEN_AT_LOAD", widen_above)
    torch.manual_seed(4)
    shape = replace(SHAPE, projection=projection)
    export(network(torch, shape).eval(), shape, version=1).save(tmp_path / "spans.npz")
    loaded = BiLSTM.load(tmp_path / "spans.npz", version=1)
    halves = [t.dtype == np.float16 for t in loaded.embeddings]
    assert halves == [widen_above == 0] * len(halves)  # all stored halves, or all widened
    widened = replace(loaded, embeddings=tuple(t.astype(np.float32) for t in loaded.embeddings))
    ids, lengths = _ids(np.random.default_rng(2), 40), [25, 15]
    np.testing.assert_array_equal(loaded.scores(ids, lengths), widened.scores(ids, lengths))


@pytest.mark.parametrize(
    ("favoured", "expected"),
    [
        # Every token's own best label is U-Q: one-token cues, B-Q in BIO.
        ("U-Q", ["B-Q"] * 5),
        # I-C everywhere is no BILOU labelling: the best one that is opens with
        # B-C and closes with L-C, one content in BIO.
        ("I-C", ["B-C"] + ["I-C"] * 4),
    ],
)
def test_a_bilou_span_tagger_gives_bio_labels(favoured: str, expected: list[str]) -> None:
    from claimtrace.extract.spans import BILOU, SpanTagger
    from claimtrace.extract.spans import LABELS as BIO

    torch.manual_seed(5)
    shape = replace(SHAPE, labels=BILOU)
    model = export(network(torch, shape).eval(), shape, version=1)
    model.transitions[:] = 0
    bias = np.full(len(BILOU), -5.0, dtype=np.float32)
    bias[BILOU.index(favoured)] = 5.0
    tagger = SpanTagger(replace(model, out_w=model.out_w * 0, out_b=bias))
    assert tagger.scheme == BILOU
    found = tagger.predict(_ids(np.random.default_rng(2), 5), [5])
    assert [BIO[i] for i in found] == expected
