"""Paragraphs, sentences and quotations (``claimtrace.nlp.layout``) as ``analyse`` reports them.

Rows say what a reader sees, never token indices: sentence, paragraph and quotation
texts, with whitespace collapsed so that hard-wrapped rows stay readable. A row with
a ``bug`` is a known defect: it runs as a strict xfail, so fixing the defect makes
the row fail until its mark is removed.
"""

# The texts deliberately hold typographic quotation marks and apostrophes.

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any, NamedTuple

import pytest

from claimtrace.engine import Engine
from claimtrace.nlp.analysis import Analysis, analyse
from claimtrace.nlp.layout import hard_wrapped, is_quote_mark, paragraph_starts


@pytest.fixture(scope="module")
def e() -> Engine:
    return Engine()


class Q(NamedTuple):
    """An expected quotation: its text (marks included), whether it is closed, its depth."""

    text: str
    closed: bool = True
    depth: int = 0


@dataclass(frozen=True)
class Row:
    name: str
    text: Any  # the input: a text, or the arguments of the function under test
    expected: Any
    bug: str | None = None  # a known defect: the row is a strict xfail


def params(rows: list[Row]) -> list[Any]:
    """The rows, with a strict xfail mark on those that show a known bug."""
    return [
        pytest.param(row, marks=pytest.mark.xfail(reason=row.bug, strict=True)) if row.bug else row
        for row in rows
    ]


SEP = " | "  # between the expected sentences (paragraphs) of a row


def flat(text: str) -> str:
    return " ".join(text.split())


def sentences(a: Analysis) -> str:
    return SEP.join(flat(a.text[slice(*a.char_span(s, e))]) for s, e in a.sentences)


def paragraphs(a: Analysis) -> str:
    bounds = [*a.paragraphs, len(a)]
    return SEP.join(flat(a.text[slice(*a.char_span(s, e))]) for s, e in pairwise(bounds))


def quotes(a: Analysis) -> list[Q]:
    return [
        Q(flat(a.text[a.starts[q.open] : a.ends[q.close]]), q.closed, q.depth) for q in a.quotes
    ]


WRAPPED = """The council of Varnholt voted on Tuesday to close the old harbour bridge
for repairs, a decision that will divert traffic through the town centre
for at least six months, according to the transport office of the city.

Mayor Ilse Brandt said the bridge had been inspected twice this year and
that engineers had found cracks in two of its supporting piers. "We had
no choice," she told reporters outside the town hall on Tuesday evening.

Shop owners along the harbour road said they feared the closure would
keep customers away during the busy summer season in the coming months.
"""
# The sentences of WRAPPED, whitespace collapsed.
W1 = (
    "The council of Varnholt voted on Tuesday to close the old harbour bridge for repairs, a"
    " decision that will divert traffic through the town centre for at least six months,"
    " according to the transport office of the city."
)
W2 = (
    "Mayor Ilse Brandt said the bridge had been inspected twice this year and that engineers"
    " had found cracks in two of its supporting piers."
)
W3 = '"We had no choice," she told reporters outside the town hall on Tuesday evening.'
W4 = (
    "Shop owners along the harbour road said they feared the closure would keep customers away"
    " during the busy summer season in the coming months."
)

QUOTES = [
    # --- every quote style ---
    Row("curly-double", "Berg said “the ferry runs” on Sunday.", [Q("“the ferry runs”")]),
    Row("curly-single", "Berg said ‘the ferry runs’ on Sunday.", [Q("‘the ferry runs’")]),
    Row("guillemets", "Berg said «the ferry runs» on Sunday.", [Q("«the ferry runs»")]),
    Row("german-low-high", "Berg said „the ferry runs“ on Sunday.", [Q("„the ferry runs“")]),
    Row("straight-double", 'Berg said "the ferry runs" on Sunday.', [Q('"the ferry runs"')]),
    Row(
        "straight-single",
        "Berg said 'the ferry runs' on Sunday.",
        [Q("'the ferry runs'")],
    ),
    Row("scare-quote-mid-sentence", "They called it a “victory” and left.", [Q("“victory”")]),
    Row("adjacent-quotes", 'The signs read "Stop" "Go" in turn.', [Q('"Stop"'), Q('"Go"')]),
    # --- nested ---
    Row(
        "nested-curly-single-in-double",
        "“He told me ‘never again’ twice,” she said.",
        [Q("“He told me ‘never again’ twice,”"), Q("‘never again’", depth=1)],
    ),
    Row(
        "nested-german-in-guillemets",
        "«The clerk wrote „closed“ on the gate», she said.",
        [Q("«The clerk wrote „closed“ on the gate»"), Q("„closed“", depth=1)],
    ),
    Row(
        "nested-straight-single-in-double",
        "\"He told me 'never again' twice,\" she said.",
        [Q("\"He told me 'never again' twice,\""), Q("'never again'", depth=1)],
    ),
    Row(
        "nested-closing-marks-together",
        "“It was a ‘mistake.’” He left.",
        [Q("“It was a ‘mistake.’”"), Q("‘mistake.’", depth=1)],
    ),
    Row(
        "nested-german-single-in-double",
        "He said: „We wrote ‚no‘ twice.“ Then he left.",
        [Q("„We wrote ‚no‘ twice.“"), Q("‚no‘", depth=1)],
    ),
    # --- apostrophes that are not quotes ---
    Row("apostrophe-contraction-curly", "I don’t know where the ferry went.", []),
    Row("apostrophe-contraction-straight", "I don't know where the ferry went.", []),
    Row("apostrophe-possessive-curly", "Clinton’s aide left the ferry.", []),
    Row("apostrophe-possessive-straight", "Clinton's aide left the ferry.", []),
    Row("apostrophe-plural-possessive-curly", "The voters’ views were mixed.", []),
    Row("apostrophe-plural-possessive-straight", "The voters' views were mixed.", []),
    Row("apostrophe-decade-curly", "In the ’90s the ferry was new.", []),
    Row("apostrophe-decade-straight", "In the '90s the ferry was new.", []),
    Row("apostrophe-rock-n-roll-curly", "The band played rock ’n’ roll all night.", []),
    Row("apostrophe-rock-n-roll-straight", "The band played rock 'n' roll all night.", []),
    Row(
        "apostrophes-inside-double-quote",
        "“Clinton’s aide didn’t call,” she said.",
        [Q("“Clinton’s aide didn’t call,”")],
    ),
    Row("apostrophe-inside-single-quote", "‘We don’t know,’ he said.", [Q("‘We don’t know,’")]),
    Row(
        "plural-possessive-inside-single-quote",
        "‘The voters’ views matter,’ he said.",
        [Q("‘The voters’ views matter,’")],
    ),
    # --- across paragraphs, unbalanced, stray ---
    Row(
        "continued-across-paragraphs-curly",
        "“The first part goes on.\n\n“And the second part ends here,” he said.",
        [Q("“The first part goes on. “And the second part ends here,”")],
    ),
    Row(
        "continued-across-paragraphs-straight",
        '"The first part goes on.\n\n"And the second part ends here," he said.',
        [Q('"The first part goes on. "And the second part ends here,"')],
    ),
    Row(
        "continued-across-three-paragraphs",
        "“One.\n\n“Two.\n\n“Three,” he said.",
        [Q("“One. “Two. “Three,”")],
    ),
    Row(
        "continued-only-by-the-same-family",
        "“Open quote here.\n\n‘Other family.’ He said.",
        [Q("“Open quote here.", closed=False), Q("‘Other family.’")],
    ),
    Row(
        "unbalanced-closed-at-paragraph-end",
        "“This quote never closes.\n\nA new paragraph begins.",
        [Q("“This quote never closes.", closed=False)],
    ),
    Row(
        "unbalanced-closed-at-text-end",
        'He said: "We are ready',
        [Q('"We are ready', closed=False)],
    ),
    Row("stray-closing-mark", "He left.” Then she spoke.", []),
    Row("stray-closing-after-quote", "“Yes,” he said, and left.”", [Q("“Yes,”")]),
    Row(
        "quote-after-unspaced-em-dash",
        'He wrote—"we lost"—and left.',
        [Q('"we lost"')],
    ),
]

SENTENCES = [
    Row(
        "period-question-exclamation",
        "The ferry left. Did it sink? No! It docked at noon.",
        "The ferry left. | Did it sink? | No! | It docked at noon.",
    ),
    Row("ellipsis", "He paused… Then he left.", "He paused… | Then he left."),
    Row("closing-curly-after-period", "“We lost.” Then he left.", "“We lost.” | Then he left."),
    Row("closing-straight-after-period", '"We lost." Then he left.', '"We lost." | Then he left.'),
    Row("closing-after-exclamation", "“We lost!” Then he left.", "“We lost!” | Then he left."),
    Row("closing-bracket-after-period", "(It was late.) He left.", "(It was late.) | He left."),
    Row(
        "question-inside-quote-mid-sentence",
        'He asked, "Why?" and left.',
        'He asked, "Why?" and left.',
    ),
    Row(
        "period-then-straight-quote-opens",
        'He said it was over. "Next time we win," she said.',
        'He said it was over. | "Next time we win," she said.',
    ),
    Row(
        "period-then-curly-quote-opens",
        "It was over. “Next time,” she said.",
        "It was over. | “Next time,” she said.",
    ),
    Row(
        "closing-then-opening-straight-quotes",
        '"We lost." "Next time," he said.',
        '"We lost." | "Next time," he said.',
    ),
    Row(
        "lower-case-after-period",
        "The meeting starts at 3 p.m. on Monday. The price rose 3.5 percent.",
        "The meeting starts at 3 p.m. on Monday. | The price rose 3.5 percent.",
    ),
    Row(
        "abbreviation-sen",
        "Sen. Ann Berg left. She ran.",
        "Sen. Ann Berg left. | She ran.",
    ),
    Row(
        "abbreviation-gen",
        "Gen. Ivo Rusk left. He ran.",
        "Gen. Ivo Rusk left. | He ran.",
    ),
    Row(
        "abbreviation-lt-col",
        "Lt. Col. Dan Hale left. He ran.",
        "Lt. Col. Dan Hale left. | He ran.",
    ),
    Row(
        "abbreviation-dr",
        "Dr. Eva Lind left. She ran.",
        "Dr. Eva Lind left. | She ran.",
    ),
    Row(
        "abbreviation-mr",
        "Mr. Smith left. He ran.",
        "Mr. Smith left. | He ran.",
    ),
    Row(
        "abbreviation-us-mid-sentence",
        "The U.S. envoy left. He ran.",
        "The U.S. envoy left. | He ran.",
    ),
    Row(
        "abbreviations-mid-sentence",
        "I met Sen. Ann Berg and Dr. Eva Lind in the U.S. capital. We ate.",
        "I met Sen. Ann Berg and Dr. Eva Lind in the U.S. capital. | We ate.",
    ),
    Row(
        "headline-without-final-punctuation",
        "Storm hits Varnholt\n\nThe storm hit.",
        "Storm hits Varnholt | The storm hit.",
    ),
    Row(
        "headline-single-newline",
        "Storm hits Varnholt\nThe storm hit.",
        "Storm hits Varnholt | The storm hit.",
    ),
    Row("hard-wrapped-lines-inside-sentences", WRAPPED, W1 + SEP + W2 + SEP + W3 + SEP + W4),
    Row(
        "german-closing-mark-after-period",
        "He said: „We are ready.“ Then he left.",
        "He said: „We are ready.“ | Then he left.",
    ),
    Row(
        "quoted-no-before-next-sentence",
        'Asked if he would resign, he said: "No." The minister left.',
        'Asked if he would resign, he said: "No." | The minister left.',
    ),
    Row(
        "leading-blank-lines",
        "\n\nThe storm hit on Monday.",
        "The storm hit on Monday.",
    ),
]

PARAGRAPHS = [
    Row("blank-line", "First one.\n\nSecond one.", "First one. | Second one."),
    Row("crlf-blank-line", "First one.\r\n\r\nSecond one.", "First one. | Second one."),
    Row("blank-line-with-spaces", "First one.\n  \nSecond one.", "First one. | Second one."),
    Row("single-newline-not-wrapped", "First line\nSecond line.", "First line | Second line."),
    Row(
        "hard-wrapped-single-newlines-do-not-start-paragraphs",
        WRAPPED,
        W1 + SEP + W2 + " " + W3 + SEP + W4,
    ),
    Row("continued-quote-paragraphs", "“One.\n\n“Two,” he said.", "“One. | “Two,” he said."),
]


@pytest.mark.parametrize("row", params(QUOTES), ids=lambda row: row.name)
def test_quotes(e: Engine, row: Row) -> None:
    """``analyse`` pairs the row's quotation marks into exactly the expected regions."""
    a = analyse(row.text, e.nlp, e.tagger)
    assert quotes(a) == row.expected


@pytest.mark.parametrize("row", params(SENTENCES), ids=lambda row: row.name)
def test_sentences(e: Engine, row: Row) -> None:
    """``analyse`` splits the row into exactly the expected sentences."""
    a = analyse(row.text, e.nlp, e.tagger)
    assert sentences(a) == row.expected


@pytest.mark.parametrize("row", params(PARAGRAPHS), ids=lambda row: row.name)
def test_paragraphs(e: Engine, row: Row) -> None:
    """``analyse`` splits the row into exactly the expected paragraphs."""
    a = analyse(row.text, e.nlp, e.tagger)
    assert paragraphs(a) == row.expected


ALL_TEXTS = QUOTES + SENTENCES + PARAGRAPHS


@pytest.mark.parametrize("row", ALL_TEXTS, ids=lambda row: row.name)
def test_layout_is_consistent(e: Engine, row: Row) -> None:
    """Sentences tile the tokens, and ``quote_of`` marks exactly the outer quotations."""
    a = analyse(row.text, e.nlp, e.tagger)
    n = len(a)
    assert [s for s, _ in a.sentences[:1]] == ([0] if n else [])
    assert all(e0 == s1 for (_, e0), (s1, _) in pairwise(a.sentences))
    assert not a.sentences or a.sentences[-1][1] == n
    assert all(s < e0 for s, e0 in a.sentences)
    assert a.paragraphs == sorted(set(a.paragraphs))
    outer = [k for k, q in enumerate(a.quotes) if q.depth == 0]
    for i in range(n):
        around = [k for k in outer if a.quotes[k].open <= i <= a.quotes[k].close]
        assert int(a.quote_of[i]) == (around[0] if around else -1), f"token {i} {a.words[i]!r}"
    for q in a.quotes:
        assert q.open <= q.close
        assert is_quote_mark(a.words[q.open])
        assert not q.closed or is_quote_mark(a.words[q.close])


# --- the layout functions on their own ----------------------------------------------

HARD_WRAPPED = [
    Row("e-mail-style-wrapped", WRAPPED, True),
    Row("too-few-lines", "A line of text.\nAnother line.\n\nA third.", False),
    Row("one-long-line-per-paragraph", "\n\n".join([W1, W2, W3, W4, W1, W2]), False),
    Row("short-lines", "\n".join(f"Line {k}." for k in range(8)), False),
    Row("empty", "", False),
]


@pytest.mark.parametrize("row", params(HARD_WRAPPED), ids=lambda row: row.name)
def test_hard_wrapped(row: Row) -> None:
    assert hard_wrapped(row.text) is row.expected


PARAGRAPH_STARTS = [
    Row("empty", ([], False), []),
    Row("one-paragraph", (["A", "b", "."], False), [0]),
    Row("single-newline", (["A", "\n", "B"], False), [0, 2]),
    Row("single-newline-wrapped", (["A", "\n", "B"], True), [0]),
    Row("blank-line-wrapped", (["A", "\n\n", "B"], True), [0, 2]),
    Row("spaces-are-not-breaks", (["A", "  ", "B"], False), [0]),
    Row("trailing-newlines", (["A", "\n\n"], False), [0]),
]


@pytest.mark.parametrize("row", params(PARAGRAPH_STARTS), ids=lambda row: row.name)
def test_paragraph_starts(row: Row) -> None:
    words, wrapped = row.text
    assert paragraph_starts(words, wrapped=wrapped) == row.expected


# --- offsets: char_span and token_at ---------------------------------------------------

SPAN_TEXT = "He said “we will win.”\n\nThen he left."

CHAR_SPANS = [
    # tokens from the first word through the last word (by their texts) -> their text
    Row("two-words", ("He", "said"), "He said"),
    Row("quote-with-marks", ("“", "”"), "“we will win.”"),
    Row("across-a-paragraph-break", ("”", "Then"), "”\n\nThen"),
    Row("leading-space-token-trimmed", ("\n\n", "Then"), "Then"),
    Row("trailing-space-token-trimmed", ("”", "\n\n"), "”"),
    Row("one-word", ("left", "left"), "left"),
]


@pytest.mark.parametrize("row", params(CHAR_SPANS), ids=lambda row: row.name)
def test_char_span(e: Engine, row: Row) -> None:
    a = analyse(SPAN_TEXT, e.nlp, e.tagger)
    first, last = row.text
    s, t = a.char_span(a.words.index(first), a.words.index(last) + 1)
    assert SPAN_TEXT[s:t] == row.expected


def test_char_span_of_empty_ranges(e: Engine) -> None:
    a = analyse(SPAN_TEXT, e.nlp, e.tagger)
    paragraph_break = a.words.index("\n\n")
    assert a.char_span(3, 3) == (a.starts[3], a.starts[3])
    # a range of nothing but space collapses to the start of the token after it
    assert a.char_span(paragraph_break, paragraph_break + 1) == (a.starts[paragraph_break + 1],) * 2
    assert a.char_span(len(a), len(a)) == (len(SPAN_TEXT), len(SPAN_TEXT))


TOKEN_AT = [
    # (text before the offset) -> the word of the token at that offset
    Row("first-character", "", "He"),
    Row("inside-a-word", "He sa", "said"),
    Row("space-between-words", "He", "said"),  # the space belongs to no token: the next one
    Row("quote-mark", "He said ", "“"),
    Row("inside-a-paragraph-break", "He said “we will win.”\n", "\n\n"),
    Row("last-character", "He said “we will win.”\n\nThen he left", "."),
]


@pytest.mark.parametrize("row", params(TOKEN_AT), ids=lambda row: row.name)
def test_token_at(e: Engine, row: Row) -> None:
    a = analyse(SPAN_TEXT, e.nlp, e.tagger)
    assert SPAN_TEXT.startswith(row.text)
    assert a.words[a.token_at(len(row.text))] == row.expected


def test_token_at_end_of_text(e: Engine) -> None:
    a = analyse(SPAN_TEXT, e.nlp, e.tagger)
    assert a.token_at(len(SPAN_TEXT)) == len(a)
