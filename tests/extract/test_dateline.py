"""The article's own header (``claimtrace.extract.dateline.read_header``), one row per pattern.

Each row gives a text and what its header holds: the date, outlet, place and
headline, the running text (``text[body_start:]``, whole) and the texts of the
``excluded`` ranges (date prefix, dateline). A row with a ``bug`` is a known
defect and runs as a strict xfail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimtrace.extract.dateline import read_header

BODY = "The ministry said it was ready."


@dataclass(frozen=True)
class Head:
    """What ``read_header`` must find; ``body`` is the whole of ``text[body_start:]``."""

    body: str = BODY
    excluded: tuple[str, ...] = ()
    date: str | None = None
    outlet: str | None = None
    place: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Row:
    name: str
    text: str
    expected: Head
    bug: str | None = None  # a known defect: the row is a strict xfail


def params(rows: list[Row]) -> list[Any]:
    return [
        pytest.param(row, marks=pytest.mark.xfail(reason=row.bug, strict=True)) if row.bug else row
        for row in rows
    ]


HEADLINE = "Varnholt closes harbour bridge"
LONG_LEAD = (
    "The council of Varnholt voted on Tuesday evening to close the old harbour bridge for six"
    " months of repairs after engineers found cracks in two of its piers."
)
LONG_TITLE = (
    "Varnholt: ‘We Are Going To Rebuild The Old Harbour Bridge Before The Storms Of The"
    " Winter Come.’"
)
QUOTED_LEAD = (
    "Mayor Ilse Brandt said on Tuesday that the bridge would close, adding:"
    ' "We had no choice at all."'
)

ROWS = [
    # --- the date prefix ---
    Row(
        "date-prefix-body-on-same-line",
        f"date 2025-04-10 {BODY}",
        Head(excluded=("date 2025-04-10 ",), date="2025-04-10"),
    ),
    Row(
        "date-prefix-on-its-own-line",
        f"date 2025-04-10\n\n{BODY}",
        Head(excluded=("date 2025-04-10",), date="2025-04-10"),
    ),
    Row(
        "date-prefix-after-leading-whitespace",
        f"\n\n  date 2025-04-10\n{BODY}",
        Head(excluded=("\n\n  date 2025-04-10",), date="2025-04-10"),
    ),
    Row(
        "date-prefix-invalid-date",
        f"date 2025-02-30 {BODY}",
        Head(excluded=("date 2025-02-30 ",), date=None),
    ),
    Row(
        "date-prefix-leap-day",
        f"date 2024-02-29 {BODY}",
        Head(excluded=("date 2024-02-29 ",), date="2024-02-29"),
    ),
    Row(
        "date-prefix-only",
        "date 2025-04-10",
        Head(body="", excluded=("date 2025-04-10",), date="2025-04-10"),
    ),
    Row(
        "date-prefix-one-digit-month-is-text",
        f"date 2025-4-10 {BODY}",
        Head(body=f"date 2025-4-10 {BODY}"),
    ),
    Row(
        "date-prefix-long-day-is-text",
        f"date 2025-04-100 {BODY}",
        Head(body=f"date 2025-04-100 {BODY}"),
    ),
    # --- wire datelines ---
    Row(
        "tass",
        f"MOSCOW, April 10. /TASS/. {BODY}",
        Head(
            excluded=("MOSCOW, April 10. /TASS/. ",), date="--04-10", outlet="TASS", place="MOSCOW"
        ),
    ),
    Row(
        "tass-after-date-prefix",
        f"date 2025-04-10 MOSCOW, April 10. /TASS/. {BODY}",
        Head(
            excluded=("date 2025-04-10 ", "MOSCOW, April 10. /TASS/. "),
            date="2025-04-10",
            outlet="TASS",
            place="MOSCOW",
        ),
    ),
    Row(
        "tass-invalid-prefix-date-takes-dateline-day",
        f"date 2025-02-30 MOSCOW, April 10. /TASS/. {BODY}",
        Head(
            excluded=("date 2025-02-30 ", "MOSCOW, April 10. /TASS/. "),
            date="--04-10",
            outlet="TASS",
            place="MOSCOW",
        ),
    ),
    Row(
        "tass-invalid-day",
        f"MOSCOW, April 31. /TASS/. {BODY}",
        Head(excluded=("MOSCOW, April 31. /TASS/. ",), date=None, outlet="TASS", place="MOSCOW"),
    ),
    Row(
        "reuters",
        f"KYIV, May 3 (Reuters) - {BODY}",
        Head(
            excluded=("KYIV, May 3 (Reuters) - ",), date="--05-03", outlet="Reuters", place="KYIV"
        ),
    ),
    Row(
        "reuters-two-word-place-abbreviated-month",
        f"SAN FRANCISCO, Jan. 5 (Reuters) - {BODY}",
        Head(
            excluded=("SAN FRANCISCO, Jan. 5 (Reuters) - ",),
            date="--01-05",
            outlet="Reuters",
            place="SAN FRANCISCO",
        ),
    ),
    Row(
        "reuters-year-from-date-prefix",
        f"date 2025-05-03 KYIV, May 3 (Reuters) - {BODY}",
        Head(
            excluded=("date 2025-05-03 ", "KYIV, May 3 (Reuters) - "),
            date="2025-05-03",
            outlet="Reuters",
            place="KYIV",
        ),
    ),
    Row(
        "afp-em-dash",
        f"PARIS, June 2 (AFP) — {BODY}",
        Head(excluded=("PARIS, June 2 (AFP) — ",), date="--06-02", outlet="AFP", place="PARIS"),
    ),
    Row(
        "ap-no-date",
        f"WASHINGTON (AP) — {BODY}",
        Head(excluded=("WASHINGTON (AP) — ",), outlet="AP", place="WASHINGTON"),
    ),
    Row("place-and-em-dash", f"LONDON — {BODY}", Head(excluded=("LONDON — ",), place="LONDON")),
    Row(
        "dateline-with-year",
        f"BERLIN, April 10, 2025 — {BODY}",
        Head(excluded=("BERLIN, April 10, 2025 — ",), date="2025-04-10", place="BERLIN"),
    ),
    Row(
        "dateline-with-year-and-outlet",
        f"BERLIN, April 10, 2025 (Reuters) - {BODY}",
        Head(
            excluded=("BERLIN, April 10, 2025 (Reuters) - ",),
            date="2025-04-10",
            outlet="Reuters",
            place="BERLIN",
        ),
    ),
    # --- headlines ---
    Row(
        "headline-then-dateline",
        f"{HEADLINE}\n\nLONDON — {BODY}",
        Head(excluded=("LONDON — ",), place="LONDON", title=HEADLINE),
    ),
    Row(
        "headline-then-ap-dateline",
        f"{HEADLINE}\n\nNEW YORK (AP) — {BODY}",
        Head(excluded=("NEW YORK (AP) — ",), outlet="AP", place="NEW YORK", title=HEADLINE),
    ),
    Row(
        "date-prefix-headline-dateline",
        f"date 2025-04-10\n{HEADLINE}\n\nMOSCOW, April 10. /TASS/. {BODY}",
        Head(
            excluded=("date 2025-04-10", "MOSCOW, April 10. /TASS/. "),
            date="2025-04-10",
            outlet="TASS",
            place="MOSCOW",
            title=HEADLINE,
        ),
    ),
    Row(
        "headline-without-dateline",
        f"{HEADLINE}\n\n{BODY}",
        Head(title=HEADLINE),
    ),
    Row(
        "headline-with-period",
        f"Short headline.\n\n{BODY}",
        Head(body=BODY, title="Short headline."),
    ),
    Row(
        "long-title-case-headline-ending-a-sentence",
        f"{LONG_TITLE}\n\n{BODY}",
        Head(body=BODY, title=LONG_TITLE),
    ),
    # --- no header ---
    Row(
        "long-first-paragraph-is-not-a-headline",
        f"{LONG_LEAD}\n\n{BODY}",
        Head(body=f"{LONG_LEAD}\n\n{BODY}"),
    ),
    Row(
        "first-paragraph-ending-in-a-quote-is-not-a-headline",
        f"{QUOTED_LEAD}\n\n{BODY}",
        Head(body=f"{QUOTED_LEAD}\n\n{BODY}"),
    ),
    Row("no-header", BODY, Head()),
    Row("no-header-one-line", f"{HEADLINE}", Head(body=HEADLINE)),
    Row("empty", "", Head(body="")),
    Row(
        "lower-case-place-is-not-a-dateline",
        f"Moscow, April 10 — {BODY}",
        Head(body=f"Moscow, April 10 — {BODY}"),
    ),
    Row(
        "dateline-later-in-the-text",
        f"{BODY} LONDON — {BODY}",
        Head(body=f"{BODY} LONDON — {BODY}"),
    ),
]


@pytest.mark.parametrize("row", params(ROWS), ids=lambda row: row.name)
def test_read_header(row: Row) -> None:
    """``read_header`` finds exactly the row's header and where its running text starts."""
    header = read_header(row.text)
    found = Head(
        body=row.text[header.body_start :],
        excluded=tuple(row.text[s:e] for s, e in header.excluded),
        date=header.date,
        outlet=header.outlet,
        place=header.place,
        title=header.title,
    )
    assert found == row.expected


@pytest.mark.parametrize("row", ROWS, ids=lambda row: row.name)
def test_header_offsets_are_consistent(row: Row) -> None:
    """Excluded ranges are ordered, inside the text and before the body; the title is its span."""
    header = read_header(row.text)
    assert_header_valid(row.text)
    if header.title is not None:
        assert header.title_span is not None
        assert row.text[slice(*header.title_span)] == header.title


def assert_header_valid(text: str) -> None:
    header = read_header(text)
    assert 0 <= header.body_start <= len(text)
    previous = 0
    for start, end in header.excluded:
        assert previous <= start < end <= header.body_start
        previous = end
    if header.title_span is not None:
        assert 0 <= header.title_span[0] < header.title_span[1] <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_read_header_never_raises(text: str) -> None:
    assert_header_valid(text)


# Pieces of headers, so that the patterns get near-misses rather than random noise.
FRAGMENTS = st.sampled_from(
    ["MOSCOW", "SAN FRANCISCO", ", ", "April 10", "Jan.", " 5", ", 2025", ". /", "TASS", "/.",
     " (", "Reuters", ") ", "- ", "— ", "date ", "2025-04-10", "2025-02-30", "\n", "\n\n", " ",
     "Headline", "The ministry said it was ready."]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(FRAGMENTS, max_size=30).map("".join))
def test_read_header_on_header_fragments(text: str) -> None:
    assert_header_valid(text)


def test_read_header_on_a_long_run_of_near_datelines() -> None:
    """200 KB of almost-datelines: the anchored, bounded patterns must not backtrack."""
    text = "MOSCOW, April 10. /" * (200_000 // len("MOSCOW, April 10. /"))
    assert_header_valid(text)
    assert_header_valid("date 2025-04-10 " + text)
    assert_header_valid(" " * 200_000 + "date 2025-04-10")
    assert_header_valid("KYIV (" * 40_000)
