"""Hashed token features: the distinct rows of an id matrix, found exactly."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from claimtrace.nlp import features
from claimtrace.nlp.features import CodeTable, distinct_rows


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


@pytest.mark.parametrize(
    ("keys", "values", "codes", "expected"),
    [
        ([], [], [1, 2], [0, 0]),
        ([5], [50], [5, 6, 5], [50, 0, 50]),
        ([0, 2**64 - 1], [7, 8], [0, 2**64 - 1, 1], [7, 8, 0]),
        ([3, 1, 2], [30, 10, 20], [1, 2, 3, 4], [10, 20, 30, 0]),
    ],
)
def test_code_table(
    keys: list[int], values: list[int], codes: list[int], expected: list[int]
) -> None:
    table = CodeTable(np.array(keys, dtype=np.uint64), np.array(values, dtype=np.uint64))
    assert table.get(np.array(codes, dtype=np.uint64)).tolist() == expected


@given(
    st.sets(st.integers(0, 2**64 - 1), max_size=3000),
    st.lists(st.integers(0, 2**64 - 1), max_size=200),
)
def test_code_table_finds_what_a_dict_finds(keys: set[int], others: list[int]) -> None:
    ordered = sorted(keys)
    values = {k: n + 1 for n, k in enumerate(ordered)}
    table = CodeTable(np.array(ordered, dtype=np.uint64), np.arange(1, len(ordered) + 1))
    codes = [*ordered, *others]
    found = table.get(np.array(codes, dtype=np.uint64)).tolist()
    assert found == [values.get(c, 0) for c in codes]


def test_code_table_probes_past_taken_slots() -> None:
    """Keys sharing a first slot (most low bits alike) are all found."""
    keys = np.arange(64, dtype=np.uint64) << np.uint64(40)
    table = CodeTable(keys, np.arange(64, dtype=np.int64), missing=-1)
    assert table.longest > 1
    assert table.get(keys).tolist() == list(range(64))
    assert table.get(keys + np.uint64(1)).tolist() == [-1] * 64
