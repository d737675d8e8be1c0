"""The PolNeAR metrics on made-up sentences, one row per behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrace.evaluate.scoring import PRF, ROLES, Scores, SpanTriple, score
from claimtrace.model import Offsets

TEXT = "Mayor Lena Ortiz said: “The bridge will reopen in May,” adding that repairs cost more."
LATER = "“Tolls stay,” the council wrote, “but not before June.”"


def at(text: str, piece: str, nth: int = 0) -> Offsets:
    """The offsets of the ``nth`` occurrence of ``piece`` in ``text``."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(piece, start + 1)
    return ((start, start + len(piece)),)


def join(*parts: Offsets) -> Offsets:
    return tuple(piece for part in parts for piece in part)


def triple(text: str, source: str | None, cue: str, content: str | None) -> SpanTriple:
    return SpanTriple(
        source=at(text, source) if source else None,
        cue=at(text, cue),
        content=at(text, content) if content else None,
    )


ORTIZ = triple(TEXT, "Mayor Lena Ortiz", "said", "“The bridge will reopen in May,”")
ADDING = triple(TEXT, None, "adding", "that repairs cost more")


@dataclass(frozen=True)
class Case:
    """Gold and predicted attributions of one text, and the figures expected."""

    name: str
    gold: list[SpanTriple]
    predicted: list[SpanTriple]
    expect: dict[str, tuple[float, float, float]] = field(default_factory=dict)
    text: str = TEXT


def figure(scores: Scores, name: str) -> PRF:
    if name == "linked":
        return scores.linked
    role, kind = name.split()
    prf: PRF = getattr(scores.role(role), kind)
    return prf


CASES = [
    Case(
        "perfect prediction gives 100",
        gold=[ORTIZ, ADDING],
        predicted=[ADDING, ORTIZ],
        expect={
            **{
                f"{role} {kind}": (100, 100, 100) for role in ROLES for kind in ("exact", "overlap")
            },
            "linked": (100, 100, 100),
        },
    ),
    Case(
        "quote marks, commas and spaces are ignored",
        gold=[ORTIZ],
        predicted=[triple(TEXT, "Mayor Lena Ortiz ", "said:", "The bridge will reopen in May")],
        expect={
            "content exact": (100, 100, 100),
            "source exact": (100, 100, 100),
            "cue exact": (100, 100, 100),
        },
    ),
    Case(
        "a partial span counts for overlap, not exact",
        gold=[ORTIZ],
        predicted=[triple(TEXT, "Ortiz", "said", "The bridge will reopen")],
        expect={
            "content exact": (0, 0, 0),
            "content overlap": (100, 100, 100),
            "source exact": (0, 0, 0),
            "source overlap": (100, 100, 100),
            "linked": (100, 100, 100),
        },
    ),
    Case(
        "two predictions overlapping one gold span: only one matches",
        gold=[ORTIZ],
        predicted=[
            triple(TEXT, "Mayor Lena Ortiz", "said", "The bridge"),
            triple(TEXT, "Mayor Lena Ortiz", "said", "reopen in May"),
        ],
        expect={"content overlap": (50, 100, 200 / 3), "cue exact": (100, 100, 100)},
    ),
    Case(
        "a prediction takes the gold span it shares most with, not the earliest",
        gold=[
            triple(TEXT, None, "said", "The bridge will"),
            triple(TEXT, None, "adding", "reopen in May"),
        ],
        predicted=[
            triple(TEXT, None, "said", "will reopen in May"),
            triple(TEXT, None, "adding", "bridge"),
        ],
        expect={"content overlap": (100, 100, 100), "content exact": (0, 0, 0)},
    ),
    Case(
        "spans with the same positions are counted once",
        gold=[ORTIZ, triple(TEXT, "Mayor Lena Ortiz", "said", "that repairs cost more")],
        predicted=[
            triple(TEXT, "Mayor Lena Ortiz", "said", "that repairs cost more"),
            triple(TEXT, "Mayor Lena Ortiz ", "said:", "that repairs cost more."),
        ],
        expect={
            "source exact": (100, 100, 100),
            "cue exact": (100, 100, 100),
            "content exact": (100, 50, 200 / 3),
            "linked": (100, 50, 200 / 3),
        },
    ),
    Case(
        "a cue that is only punctuation is dropped from gold and predicted",
        gold=[ORTIZ, triple(TEXT, None, ":", "that repairs cost more")],
        predicted=[ORTIZ],
        expect={"cue exact": (100, 100, 100), "linked": (100, 100, 100)},
    ),
    Case(
        "linked: absent sources on both sides match",
        gold=[ADDING],
        predicted=[triple(TEXT, None, "adding", "repairs")],
        expect={"linked": (100, 100, 100), "source exact": (0, 0, 0)},
    ),
    Case(
        "linked: a source where gold has none does not match",
        gold=[ADDING],
        predicted=[triple(TEXT, "Lena Ortiz", "adding", "that repairs cost more")],
        expect={"linked": (0, 0, 0), "content exact": (100, 100, 100)},
    ),
    Case(
        "linked: contents must overlap",
        gold=[ORTIZ],
        predicted=[triple(TEXT, "Mayor Lena Ortiz", "said", "repairs cost more")],
        expect={"linked": (0, 0, 0), "cue exact": (100, 100, 100)},
    ),
    Case(
        "linked: an identical predicted attribution is ignored",
        gold=[ORTIZ],
        predicted=[ORTIZ, ORTIZ],
        expect={"linked": (100, 100, 100)},
    ),
    Case(
        "discontinuous spans: pieces match exactly, a range covering the gap does not",
        text=LATER,
        gold=[
            SpanTriple(
                source=at(LATER, "the council"),
                cue=at(LATER, "wrote"),
                content=join(at(LATER, "“Tolls stay,”"), at(LATER, "“but not before June.”")),
            )
        ],
        predicted=[
            SpanTriple(
                source=at(LATER, "the council"),
                cue=at(LATER, "wrote"),
                content=join(at(LATER, "Tolls stay"), at(LATER, "but not before June")),
            ),
            SpanTriple(
                source=at(LATER, "the council"),
                cue=at(LATER, "wrote"),
                content=at(LATER, "“Tolls stay,” the council wrote, “but not before June.”"),
            ),
        ],
        expect={
            "content exact": (50, 100, 200 / 3),
            "content overlap": (50, 100, 200 / 3),
            "linked": (50, 100, 200 / 3),
        },
    ),
    Case(
        "nothing predicted gives 0 and keeps the gold counts",
        gold=[ORTIZ, ADDING],
        predicted=[],
        expect={"cue exact": (0, 0, 0), "linked": (0, 0, 0)},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_case(case: Case) -> None:
    scores = score([(case.text, case.gold, case.predicted)])
    for name, (precision, recall, f1) in case.expect.items():
        prf = figure(scores, name)
        assert (prf.precision, prf.recall, prf.f1) == pytest.approx((precision, recall, f1)), name


def test_counts_after_dedup_and_dropping() -> None:
    gold = [ORTIZ, triple(TEXT, None, ":", "that repairs cost more")]
    predicted = [ORTIZ, triple(TEXT, "Mayor Lena Ortiz ", "said:", "The bridge")]
    scores = score([(TEXT, gold, predicted)])
    assert (scores.cue.exact.n_gold, scores.cue.exact.n_pred) == (1, 1)
    assert (scores.content.exact.n_gold, scores.content.exact.n_pred) == (2, 2)
    assert scores.content.overlap.tp_pred == 1


def test_documents_are_scored_apart() -> None:
    """The same offsets in another article are another span."""
    scores = score([(TEXT, [ORTIZ], []), (TEXT, [], [ORTIZ])])
    assert scores.documents == 2
    assert scores.cue.overlap.f1 == 0
    assert (scores.cue.exact.n_gold, scores.cue.exact.n_pred) == (1, 1)


def test_prf_from_counts() -> None:
    assert PRF.from_counts(0, 0, 0, 0).f1 == 0
    prf = PRF.from_counts(1, 1, 3, 2)
    assert (round(prf.precision, 2), prf.recall, round(prf.f1, 2)) == (33.33, 50.0, 40.0)


def test_to_dict_and_table() -> None:
    scores = score([(TEXT, [ORTIZ, ADDING], [ORTIZ])])
    data = scores.to_dict()
    assert data["documents"] == 1
    assert data["cue"]["exact"] == {
        "precision": 100.0,
        "recall": 50.0,
        "f1": 66.67,
        "tp_pred": 1,
        "tp_gold": 1,
        "n_pred": 1,
        "n_gold": 2,
    }
    assert data["linked"]["f1"] == 66.67
    table = scores.format_table()
    assert [line.split()[0] for line in table.splitlines()[2:6]] == [*ROLES, "linked"]
    assert "66.67" in table


@st.composite
def documents(draw: st.DrawFn) -> tuple[str, list[SpanTriple]]:
    text = draw(st.text(alphabet="ab c,.:“”—\n", min_size=1, max_size=40))
    size = len(text)

    def offsets() -> Offsets:
        pieces = draw(
            st.lists(
                st.tuples(st.integers(0, size), st.integers(0, size)).map(sorted),
                min_size=1,
                max_size=3,
            )
        )
        return tuple((start, end) for start, end in pieces)

    triples = [
        SpanTriple(
            source=offsets() if draw(st.booleans()) else None,
            cue=offsets(),
            content=offsets() if draw(st.booleans()) else None,
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    return text, triples


def all_prf(scores: Scores) -> list[PRF]:
    return [
        *(getattr(scores.role(role), kind) for role in ROLES for kind in ("exact", "overlap")),
        scores.linked,
    ]


@settings(database=None, max_examples=300, deadline=None)
@given(st.lists(documents(), min_size=1, max_size=4))
def test_gold_against_itself_gives_100(docs: list[tuple[str, list[SpanTriple]]]) -> None:
    scores = score((text, gold, gold) for text, gold in docs)
    for prf in all_prf(scores):
        assert prf.f1 == (100 if prf.n_gold else 0)
        assert prf.n_pred == prf.n_gold


@settings(database=None, max_examples=300, deadline=None)
@given(st.lists(st.tuples(documents(), documents()), min_size=1, max_size=4))
def test_figures_lie_between_0_and_100(
    pairs: list[tuple[tuple[str, list[SpanTriple]], tuple[str, list[SpanTriple]]]],
) -> None:
    scores = score((text, gold, other) for (text, gold), (_, other) in pairs)
    for prf in all_prf(scores):
        for value in (prf.precision, prf.recall, prf.f1):
            assert 0 <= value <= 100
        assert prf.tp_pred <= prf.n_pred
        assert prf.tp_gold <= prf.n_gold
