"""Label sequences to token ranges and back; the pieces a text is tagged in."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimtrace.extract.spans import (
    BILOU,
    LABELS,
    PIECE,
    as_bio,
    label_ids,
    pieces,
    role_spans,
)
from claimtrace.nlp.analysis import analyse
from claimtrace.nlp.pipeline import load_nlp
from claimtrace.nlp.tagger import default_tagger


def _ids(labels: list[str]) -> np.ndarray:
    return np.array([LABELS.index(x) for x in labels], dtype=np.int8)


@pytest.mark.parametrize(
    ("labels", "role", "expected"),
    [
        (["O", "O"], "content", []),
        (["B-C"], "content", [(0, 1)]),
        (["B-C", "I-C", "O", "B-C"], "content", [(0, 2), (3, 4)]),
        (["B-C", "B-C", "I-C"], "content", [(0, 1), (1, 3)]),
        (["I-C", "I-C", "O"], "content", []),  # no span without its beginning
        (["O", "B-C", "I-C", "I-C"], "content", [(1, 4)]),  # runs to the end
        (["B-S", "I-S", "B-C"], "content", [(2, 3)]),
        (["B-S", "I-S", "B-C"], "source", [(0, 2)]),
        (["B-Q", "I-C", "B-Q", "I-Q"], "cue", [(0, 1), (2, 4)]),  # I-C does not continue a cue
    ],
)
def test_role_spans(labels: list[str], role: str, expected: list[tuple[int, int]]) -> None:
    assert role_spans(_ids(labels), role) == expected


spans = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), max_size=6)


@given(spans, spans, spans)
def test_label_ids_and_role_spans_round_trip(
    content: list[tuple[int, int]], source: list[tuple[int, int]], cue: list[tuple[int, int]]
) -> None:
    """Labels written for spans that do not touch are read back as those spans."""
    taken: set[int] = set()
    chosen: dict[str, list[tuple[int, int]]] = {"content": [], "source": [], "cue": []}
    for role, ranges in (("content", content), ("source", source), ("cue", cue)):
        for start, size in ranges:
            end = min(start + size, 40)
            if any(i in taken for i in range(start - 1, end + 1)):
                continue
            taken.update(range(start, end))
            chosen[role].append((start, end))
    labels = label_ids(40, chosen).astype(np.int8)
    for role, ranges in chosen.items():
        assert role_spans(labels, role) == sorted(ranges)
    # BILOU labels of the same spans read back as the same BIO labels.
    bilou = label_ids(40, chosen, BILOU).astype(np.int8)
    assert as_bio(bilou, BILOU).tolist() == labels.tolist()


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ({"cue": [(1, 2)]}, ["O", "U-Q", "O", "O"]),
        ({"content": [(0, 4)]}, ["B-C", "I-C", "I-C", "L-C"]),
        ({"source": [(0, 2)], "cue": [(2, 3)]}, ["B-S", "L-S", "U-Q", "O"]),
        # A later role cuts an earlier one: what is left after it is no span.
        ({"content": [(0, 4)], "cue": [(1, 2)]}, ["U-C", "U-Q", "O", "O"]),
    ],
)
def test_bilou_label_ids(spans: dict[str, list[tuple[int, int]]], expected: list[str]) -> None:
    assert [BILOU[i] for i in label_ids(4, spans, BILOU)] == expected


def test_label_ids_let_a_later_role_win_where_two_meet() -> None:
    labels = label_ids(6, {"content": [(0, 6)], "cue": [(2, 3)]})
    assert [LABELS[i] for i in labels] == ["B-C", "I-C", "B-Q", "I-C", "I-C", "I-C"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "One line only.",
        "  \n\nLeading space. Then a sentence.\n\nA second paragraph.\nA third one.",
        "word " * (PIECE * 2 + 17),  # one overlong paragraph
    ],
)
def test_pieces_cover_every_token_once_in_order(text: str) -> None:
    a = analyse(text, load_nlp(), default_tagger())
    cut = pieces(a)
    assert [i for s, e in cut for i in range(s, e)] == list(range(len(a)))
    assert all(0 < e - s <= PIECE for s, e in cut)
    starts = {s for s, _ in cut}
    assert all(p in starts for p in a.paragraphs if p > 0)


@given(st.lists(st.integers(0, 30_000), max_size=12))
def test_groups_split_sequences_in_order_and_bounded(lengths: list[int]) -> None:
    from claimtrace.extract import spans

    groups = list(spans._groups(lengths))
    assert [n for g in groups for n in g] == lengths
    assert all(sum(g) <= spans.GROUP or len(g) == 1 for g in groups)
    assert all(len(g) for g in groups)
