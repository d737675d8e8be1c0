"""Label sequences to token ranges: one sequence, and many windows at once."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrace.extract.learned import ROLE_LABELS, label_spans, spans_of, window_spans

BEGIN, INSIDE = ROLE_LABELS.index("B-C"), ROLE_LABELS.index("I-C")


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        (["O", "O"], []),
        (["B-C"], [(0, 1)]),
        (["B-C", "I-C", "O", "B-C"], [(0, 2), (3, 4)]),
        (["B-C", "B-C", "I-C"], [(0, 1), (1, 3)]),
        (["I-C", "I-C", "O"], []),  # no span without its beginning
        (["O", "B-C", "I-C", "I-C"], [(1, 4)]),  # runs to the end
        (["B-S", "I-S", "B-C"], [(2, 3)]),
    ],
)
def test_spans_of_labels(labels: list[str], expected: list[tuple[int, int]]) -> None:
    assert spans_of(labels, "C") == expected
    ids = np.array([ROLE_LABELS.index(x) for x in labels], dtype=np.int8)
    assert label_spans(ids, BEGIN, INSIDE) == expected


def test_window_spans_stop_at_each_window_and_take_its_base() -> None:
    # Two windows of 3 labels; the first ends inside a span, the second opens
    # with "I-C", which belongs to no span of its own window.
    ids = np.array([0, BEGIN, INSIDE, INSIDE, INSIDE, BEGIN], dtype=np.int8)
    offsets = np.array([0, 3])
    bases = np.array([10, 50])
    assert window_spans(ids, BEGIN, INSIDE, offsets, bases) == [[(11, 13)], [(52, 53)]]


@given(
    st.lists(st.lists(st.sampled_from(range(len(ROLE_LABELS))), max_size=12), max_size=8),
    st.integers(0, 1000),
)
def test_window_spans_is_label_spans_of_each_window(windows: list[list[int]], base: int) -> None:
    ids = np.array([x for w in windows for x in w], dtype=np.int8)
    lengths = [len(w) for w in windows]
    offsets = (np.cumsum([0, *lengths])[:-1]).astype(np.int64)
    bases = np.arange(len(windows), dtype=np.int64) * 7 + base
    expected = [
        label_spans(np.array(w, dtype=np.int8), BEGIN, INSIDE, int(bases[k]))
        for k, w in enumerate(windows)
    ]
    assert window_spans(ids, BEGIN, INSIDE, offsets, bases) == expected
