"""Batched Viterbi decoding finds what trying every labelling finds."""

from __future__ import annotations

from itertools import product

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrace.nlp.crf import bio_mask, end_mask, start_mask, viterbi

LABELS = ("O", "B-X", "I-X")
BILOU = ("O", "B-X", "I-X", "L-X", "U-X")


def _best(
    emissions: np.ndarray, moves: np.ndarray, start: np.ndarray, end: np.ndarray
) -> list[int]:
    def total(path: tuple[int, ...]) -> float:
        value = start[path[0]] + emissions[0, path[0]] + end[path[-1]]
        for t in range(1, len(path)):
            value += moves[path[t - 1], path[t]] + emissions[t, path[t]]
        return float(value)

    return list(max(product(range(emissions.shape[1]), repeat=len(emissions)), key=total))


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from([LABELS, BILOU]), st.lists(st.integers(0, 5), max_size=6), st.integers(0, 2**31)
)
def test_viterbi_is_the_best_labelling_of_each_sequence(
    labels: tuple[str, ...], lengths: list[int], seed: int
) -> None:
    rng = np.random.default_rng(seed)
    n = len(labels)
    emissions = rng.normal(size=(sum(lengths), n)).astype(np.float32)
    moves = (rng.normal(size=(n, n)) + bio_mask(labels)).astype(np.float32)
    start = start_mask(labels)
    end = (rng.normal(size=n) + end_mask(labels)).astype(np.float32)
    found = viterbi(emissions, np.asarray(lengths, dtype=np.int64), moves, start, end)
    position = 0
    for length in lengths:
        if length:
            window = emissions[position : position + length]
            assert found[position : position + length].tolist() == _best(window, moves, start, end)
        position += length
    assert len(found) == sum(lengths)


@pytest.mark.parametrize(
    ("labels", "allowed"),
    [
        # BIO: only I-X needs a B-X or I-X before it.
        (LABELS, {"O": "O B-X I-X", "B-X": "O B-X I-X", "I-X": "B-X I-X"}),
        # BILOU: a span opened (B-X, I-X) must go on to its L-X.
        (
            BILOU,
            {
                "O": "O L-X U-X",
                "B-X": "O L-X U-X",
                "I-X": "B-X I-X",
                "L-X": "B-X I-X",
                "U-X": "O L-X U-X",
            },
        ),
    ],
)
def test_masks_forbid_what_breaks_the_scheme(
    labels: tuple[str, ...], allowed: dict[str, str]
) -> None:
    mask = bio_mask(labels)
    for j, to in enumerate(labels):
        came = {labels[i] for i in range(len(labels)) if mask[i, j] == 0}
        assert came == set(allowed[to].split()), to
    opens = {
        label for label, penalty in zip(labels, start_mask(labels), strict=True) if penalty == 0
    }
    closes = {
        label for label, penalty in zip(labels, end_mask(labels), strict=True) if penalty == 0
    }
    assert opens == {label for label in labels if label[:2] not in ("I-", "L-")}
    assert closes == (set(labels) if labels == LABELS else {"O", "L-X", "U-X"})
