"""The article's own header: a ``date YYYY-MM-DD`` prefix, a headline, a wire dateline.

``read_header(text)`` finds them at the start of the text and says where
the body begins, so extractors never take "MOSCOW, April 10. /TASS/." for
part of a claim. Every pattern is anchored at a known position and bounded,
so no input makes them backtrack.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DATE_PREFIX = re.compile(r"\s{0,200}date[ \t]{1,20}(\d{4})-(\d{2})-(\d{2})(?![\d-])[ \t]*")
_MONTHS = {
    m: k + 1
    for k, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")]
    )
    for m in names
}  # fmt: skip
_PLACE = r"(?P<place>[A-Z][A-Z'.\-]{1,30}(?:[ \-][A-Z][A-Z'.\-]{1,30}){0,3})"
_DAY = r"(?P<month>[A-Z][a-z]{2,8})\.?[ ](?P<day>\d{1,2})(?:,[ ](?P<year>\d{4}))?"
_OUTLET = r"(?P<outlet>[A-Za-z][\w.&' \-]{0,40}?)"
_DATELINES = [
    # MOSCOW, April 10. /TASS/.
    re.compile(_PLACE + r",[ ]" + _DAY + r"\.?[ ]{1,3}/" + _OUTLET + r"/\.?[ ]*"),
    # KYIV, May 3 (Reuters) -     PARIS, June 2 (AFP) —
    re.compile(_PLACE + r",[ ]" + _DAY + r"[ ]\(" + _OUTLET + r"\)[ ]{0,3}[-—–]{1,2}[ ]*"),
    # WASHINGTON (AP) —
    re.compile(_PLACE + r"[ ]\(" + _OUTLET + r"\)[ ]{0,3}[-—–]{1,2}[ ]*"),
    # LONDON, May 3 -       LONDON —
    re.compile(_PLACE + r"(?:,[ ]" + _DAY + r")?[ ]{1,3}[—–][ ]*"),
]


@dataclass(frozen=True, slots=True)
class Header:
    """What the start of a text says about the article."""

    body_start: int  # offset where the article's running text begins
    excluded: tuple[tuple[int, int], ...] = ()  # the date prefix and dateline: never a claim
    date: str | None = None  # "YYYY-MM-DD", or "--MM-DD" when the year is not given
    outlet: str | None = None
    place: str | None = None
    title: str | None = None
    title_span: tuple[int, int] | None = None


def _iso(year: int | None, month: int, day: int) -> str | None:
    try:
        dt.date(year or 2000, month, day)  # 2000 is a leap year: Feb 29 passes
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"


def _title_case(words: list[str]) -> bool:
    """Whether three quarters of the words that start with a letter start with a
    capital: a headline's style ("Kasich: ‘We Are Going To Go All The Way …’"),
    not a sentence's."""
    initials = [w.lstrip("\"'“‘(")[:1] for w in words]
    lettered = [c for c in initials if c.isalpha()]
    capitals = sum(c.isupper() for c in lettered)
    return bool(lettered) and capitals >= 0.75 * len(lettered)


def _title(text: str, start: int) -> tuple[int, int] | None:
    """A headline: a first line shorter than 200 characters followed by a blank line
    (one of more than 15 words that ends a sentence only in title case)."""
    end = text.find("\n", start, start + 400)
    if end < 0 or end - start > 200:
        return None
    line = text[start:end].strip()
    rest = text[end : end + 4]
    if not line or not rest.startswith(("\n\n", "\n\r\n", "\n \n")):
        return None
    words = line.split()
    if len(words) > 25 or (
        len(words) > 15
        and line.rstrip("\"'”’»)").endswith((".", "!", "?"))
        and not _title_case(words)
    ):
        return None  # a first paragraph, not a headline
    lead = start + (len(text[start:end]) - len(text[start:end].lstrip()))
    return lead, lead + len(line)


def read_header(text: str) -> Header:
    """Find the date prefix, headline and dateline at the start of ``text``."""
    pos = 0
    date: str | None = None
    year: int | None = None
    excluded: list[tuple[int, int]] = []
    match = _DATE_PREFIX.match(text)
    if match:
        year = int(match.group(1))
        date = _iso(year, int(match.group(2)), int(match.group(3)))
        if date is None:
            year = None
        pos = match.end()
        excluded.append((0, pos))
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1

    title_span = None if any(p.match(text, pos) for p in _DATELINES) else _title(text, pos)
    title = text[title_span[0] : title_span[1]] if title_span else None
    dateline_at = pos
    if title_span:
        dateline_at = title_span[1]
        while dateline_at < len(text) and text[dateline_at] in " \t\r\n":
            dateline_at += 1

    for pattern in _DATELINES:
        found = pattern.match(text, dateline_at)
        if found is None:
            continue
        groups = found.groupdict()
        outlet = (groups.get("outlet") or "").strip() or None
        if groups.get("month") and date is None:
            month = _MONTHS.get(groups["month"].lower())
            day_year = int(groups["year"]) if groups.get("year") else year
            if month:
                date = _iso(day_year, month, int(groups["day"]))
        excluded.append((dateline_at, found.end()))
        return Header(
            found.end(), tuple(excluded), date, outlet, groups["place"], title, title_span
        )
    body = dateline_at if title_span else pos
    return Header(body, tuple(excluded), date, None, None, title, title_span)
