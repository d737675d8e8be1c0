"""Hashed token features: the distinct rows of an id matrix, found exactly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claimtrace.nlp import features
from claimtrace.nlp.features import distinct_rows


@pytest.mark.parametrize(
    ("ids", "distinct"),
    [
        ([[1, 2], [1, 2], [1, 2]], 1),
        ([[1, 2], [2, 1], [1, 2]], 2),
        ([[0, 0, 0]], 1),
        ([[5], [6], [7], [5]], 3),
        ([[1, 2, 3], [1, 2, 4], [1, 3, 3], [2, 2, 3]], 4),
    ],
)
def test_distinct_rows(ids: list[list[int]], distinct: int) -> None:
    array = np.array(ids, dtype=np.int64)
    rows, inverse = distinct_rows(array)
    assert len(rows) == distinct
    np.testing.assert_array_equal(rows[inverse], array)


def test_no_rows() -> None:
    rows, inverse = distinct_rows(np.zeros((0, 3), dtype=np.int64))
    assert rows.shape == (0, 3) and inverse.shape == (0,)


def test_rows_sharing_a_hash_are_still_told_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """Should two different rows ever hash alike, the exact sort decides."""
    monkeypatch.setattr(features, "combine", lambda _t, *c: np.zeros(len(c[0]), np.uint64))
    array = np.array([[1, 2], [3, 4], [1, 2], [5, 6]], dtype=np.int64)
    rows, inverse = distinct_rows(array)
    assert len(rows) == 3
    np.testing.assert_array_equal(rows[inverse], array)


@given(
    hnp.arrays(
        np.int64,
        st.tuples(st.integers(0, 60), st.integers(1, 5)),
        elements=st.integers(0, 3),
    )
)
def test_distinct_rows_rebuild_the_matrix(array: np.ndarray) -> None:
    rows, inverse = distinct_rows(array)
    np.testing.assert_array_equal(rows[inverse], array)
    assert len({tuple(r) for r in rows.tolist()}) == len(rows)  # each row once
    assert len(rows) == len({tuple(r) for r in array.tolist()})
