"""Linking the span tagger's spans into attributions: one row per pattern.

A row's text marks the tagger's spans as ``[S …]`` (source), ``[Q …]`` (cue)
and ``[C …]`` (content); ``expected`` lists each attribution as (cue,
source, content pieces) in the text's words, and the contents that join no
cue.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimtrace.extract.linking import Links, Tagged, _joined, link
from claimtrace.extract.spans import LABELS, role_spans
from claimtrace.nlp.analysis import Analysis, analyse
from claimtrace.nlp.pipeline import load_nlp
from claimtrace.nlp.tagger import default_tagger
from tests.helpers import marked_labels, token_text

CASES = [
    (
        "quote-around-cue",
        "[C “The river is rising,”] [S she] [Q said]. [C “We need sandbags.”]",
        [("said", "she", ["“The river is rising,”", "“We need sandbags.”"])],
        [],
    ),
    (
        "two-speakers-one-sentence",
        "[S Petrov] [Q said] [C the bridge was closed], and [S Ivanov] [Q said] [C it was open].",
        [("said", "Petrov", ["the bridge was closed"]), ("said", "Ivanov", ["it was open"])],
        [],
    ),
    (
        "shared-source-participle",
        "[S The minister] [Q said] [C the plan would work], [Q adding] [C that it was cheap].",
        [
            ("said", "The minister", ["the plan would work"]),
            ("adding", "The minister", ["that it was cheap"]),
        ],
        [],
    ),
    (
        "run-on-quote-next-sentence",
        "[S Marek] [Q said]: [C “The pumps failed.] [C We are asking for help.”]",
        [("said", "Marek", ["“The pumps failed. We are asking for help.”"])],
        [],
    ),
    (
        "run-on-past-the-source-after-the-cue",
        "[C “It is over,”] [Q said] [S Rick Wilson, a strategist who advised Bush in 2016]. "
        "[C “That is Bush.”]",
        [
            (
                "said",
                "Rick Wilson, a strategist who advised Bush in 2016",
                ["“It is over,”", "“That is Bush.”"],
            )
        ],
        [],
    ),
    (
        "not-past-a-source-before-the-cue",
        "[C “It is over.”] [S Rick Wilson, a strategist,] [Q said] [C it was late].",
        [("said", "Rick Wilson, a strategist,", ["it was late"])],
        ["“It is over.”"],
    ),
    (
        "run-on-quotation-continues-the-quotation",
        "[C “It was booming,”] [S she] [Q said], [Q pointing out] [C where the stores were]. "
        "[C “Those days are gone.”]",
        [
            ("said", "she", ["“It was booming,”", "“Those days are gone.”"]),
            ("pointing out", "she", ["where the stores were"]),
        ],
        [],
    ),
    (
        "run-on-quotation-not-to-another-speaker",
        "[C “It was booming,”] [S she] [Q said], as [S Bob] [Q noted] [C the stores were shut]. "
        "[C “Those days are gone.”]",
        [
            ("said", "she", ["“It was booming,”"]),
            ("noted", "Bob", ["the stores were shut. “Those days are gone.”"]),
        ],
        [],
    ),
    (
        "not-past-another-sentence",
        "[C “The pumps failed,”] [S Marek] [Q said]. The mayor stayed silent. "
        "[C “We are asking for help.”]",
        [("said", "Marek", ["“The pumps failed,”"])],
        ["“We are asking for help.”"],
    ),
    (
        "run-on-paragraph-after",
        "[S Lopez] [Q said]: [C “The city knew.]\n\n[C “Nobody paid.”]",
        [("said", "Lopez", ["“The city knew.\n\n“Nobody paid.”"])],
        [],
    ),
    (
        "run-on-paragraph-before",
        "[C “The first wave came at two.]\n\n[C “By dawn it was over,”] [S he] [Q said].",
        [("said", "he", ["“The first wave came at two.\n\n“By dawn it was over,”"])],
        [],
    ),
    (
        "source-not-from-another-sentence",
        "[S Petrov] arrived. The report [Q says] [C the shells were late].",
        [("says", None, ["the shells were late"])],
        [],
    ),
    (
        "nearest-source-in-sentence",
        "[S Petrov] [Q said] [C the shells were late]. [S Ivanov] [Q denied] [C it].",
        [("said", "Petrov", ["the shells were late"]), ("denied", "Ivanov", ["it"])],
        [],
    ),
    (
        "source-not-from-another-paragraph",
        "[S Petrov] spoke first.\n\nThe report [Q says] [C the shells were late].",
        [("says", None, ["the shells were late"])],
        [],
    ),
    (
        "no-cue-only-orphans",
        "[S Petrov] was there. [C The shells were late.]",
        [],
        ["The shells were late."],
    ),
    (
        "cue-without-content",
        "[S Petrov] [Q declined to comment].",
        [("declined to comment", "Petrov", [])],
        [],
    ),
]


@pytest.mark.parametrize(
    ("marked", "expected", "orphans"),
    [pytest.param(m, e, o, id=name) for name, m, e, o in CASES],
)
def test_link(
    marked: str, expected: list[tuple[str, str | None, list[str]]], orphans: list[str]
) -> None:
    a, labels = marked_labels(marked)
    links = link(a, labels)
    found = [
        (token_text(a, t.cue), token_text(a, t.source), [token_text(a, p) for p in t.content])
        for t in links.attributions
    ]
    assert found == expected
    assert [token_text(a, o) for o in links.orphans] == orphans


def _reference(a: Analysis, labels: np.ndarray) -> Links:
    """Linking as its docstring states it, by looking at every pair (quadratic)."""

    def gap(one: tuple[int, int], other: tuple[int, int]) -> int:
        return max(one[0] - other[1], other[0] - one[1], 0)

    def no_word(start: int, end: int) -> bool:
        return not a.wordlike[start:end].any()

    cues = role_spans(labels, "cue")
    spans = role_spans(labels, "content")
    if not cues:
        return Links([], spans)
    sent, para = a.sent_of, a.para_of

    def touches(span: tuple[int, int], k: int) -> bool:
        return int(sent[span[0]]) <= int(sent[cues[k][0]]) <= int(sent[span[1] - 1])

    owner: list[int | None] = [None] * len(spans)
    for j, span in enumerate(spans):
        near = [k for k in range(len(cues)) if touches(span, k)]
        if near:
            owner[j] = min(near, key=lambda k: (gap(cues[k], span), k))
    sources: list[tuple[int, int] | None] = []
    for k, cue in enumerate(cues):
        near = [s for s in role_spans(labels, "source") if touches(s, k)]
        sources.append(min(near, key=lambda s: (gap(s, cue), s)) if near else None)
    # A cue's extent takes in a source after it ("…,” said X, who …. “…”).
    extent = [
        [c[0], max(c[1], s[1]) if s is not None and s[0] > c[0] else c[1]]
        for c, s in zip(cues, sources, strict=True)
    ]
    for j, mine in enumerate(owner):
        if mine is not None:
            extent[mine] = [min(extent[mine][0], spans[j][0]), max(extent[mine][1], spans[j][1])]

    def quoting(k: int) -> bool:
        return any(
            a.in_quote(spans[j][0]) or a.in_quote(spans[j][1] - 1)
            for j in range(len(spans))
            if owner[j] == k
        )

    def continued(k: int) -> int:
        # A quotation runs on in the nearest of the three cues before k, in k's
        # sentence, with k's source, that holds a quotation, when k holds none.
        if sources[k] is None or quoting(k):
            return k
        for other in range(k - 1, max(k - 3, 0) - 1, -1):
            if int(sent[cues[other][0]]) != int(sent[cues[k][0]]):
                break
            if sources[other] == sources[k] and quoting(other):
                return other
        return k

    for order in (range(len(spans)), range(len(spans) - 1, -1, -1)):
        for j in order:
            if owner[j] is not None:
                continue
            span, p = spans[j], int(para[spans[j][0]])
            of = [
                [k for k in range(len(cues)) if int(para[cues[k][0]]) == q]
                for q in (p, p - 1, p + 1)
            ]
            for k in (*of[0], *of[1][::-1], *of[2]):
                first, last = extent[k]
                if (last <= span[0] and no_word(last, span[0])) or (
                    span[1] <= first and no_word(span[1], first)
                ):
                    if a.in_quote(span[0]):
                        k = continued(k)
                        first, last = extent[k]
                    owner[j] = k
                    extent[k] = [min(first, span[0]), max(last, span[1])]
                    break
    contents: list[list[tuple[int, int]]] = [[] for _ in cues]
    for j, mine in enumerate(owner):
        if mine is not None:
            contents[mine].append(spans[j])
    attributions = [
        Tagged(cue, source, _joined(a, content))
        for cue, source, content in zip(cues, sources, contents, strict=True)
    ]
    return Links(attributions, [s for j, s in enumerate(spans) if owner[j] is None])


_nlp = cache(load_nlp)
_PIECES = ["said", "Petrov", "the", "shells", ",", ".", "“", "”", ":", "\n\n"]


@st.composite
def _tagged_texts(draw: st.DrawFn) -> tuple[Analysis, np.ndarray]:
    words = draw(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=40))
    a = analyse(" ".join(words), _nlp(), default_tagger())
    n = len(a)
    roles = draw(st.lists(st.sampled_from("OSQC"), min_size=n, max_size=n))
    begins = draw(st.lists(st.booleans(), min_size=n, max_size=n))
    labels = np.zeros(n, dtype=np.int8)
    for i, (role, begin) in enumerate(zip(roles, begins, strict=True)):
        if role != "O":
            b = LABELS.index(f"B-{role}")
            run_on = i > 0 and roles[i - 1] == role and not begin
            labels[i] = b + 1 if run_on else b
    return a, labels


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_tagged_texts())
def test_link_matches_the_plain_definition(tagged: tuple[Analysis, np.ndarray]) -> None:
    a, labels = tagged
    assert link(a, labels) == _reference(a, labels)


def test_link_is_linear_in_cues_per_sentence() -> None:
    # One sentence of 20,000 cues and contents: the pairwise way takes minutes.
    a, labels = marked_labels("[Q said] [C it] " * 10_000)
    links = link(a, labels)
    assert len(links.attributions) == 10_000
    assert all(len(t.content) == 1 for t in links.attributions)
