"""Batched Viterbi decoding finds what trying every labelling finds."""

from __future__ import annotations

from itertools import product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrace.nlp.crf import bio_mask, start_mask, viterbi

LABELS = ("O", "B-X", "I-X")


def _best(emissions: np.ndarray, moves: np.ndarray, start: np.ndarray) -> list[int]:
    def total(path: tuple[int, ...]) -> float:
        value = start[path[0]] + emissions[0, path[0]]
        for t in range(1, len(path)):
            value += moves[path[t - 1], path[t]] + emissions[t, path[t]]
        return float(value)

    return list(max(product(range(len(LABELS)), repeat=len(emissions)), key=total))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 5), max_size=6), st.integers(0, 2**31))
def test_viterbi_is_the_best_labelling_of_each_sequence(lengths: list[int], seed: int) -> None:
    rng = np.random.default_rng(seed)
    emissions = rng.normal(size=(sum(lengths), len(LABELS))).astype(np.float32)
    moves = (rng.normal(size=(3, 3)) + bio_mask(LABELS)).astype(np.float32)
    start = start_mask(LABELS)
    found = viterbi(emissions, np.asarray(lengths, dtype=np.int64), moves, start)
    position = 0
    for length in lengths:
        if length:
            window = emissions[position : position + length]
            assert found[position : position + length].tolist() == _best(window, moves, start)
        position += length
    assert len(found) == sum(lengths)
