"""Read the entries of an RSS or Atom feed, one Document each, with feedparser."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException

import feedparser

from claimtrace.ingest.files import Failure
from claimtrace.ingest.html import headline_and_body, html_paragraphs, text_paragraphs
from claimtrace.model import Document, sha256

_PLAIN = "text/plain"


def read_feed(data: bytes, path: str) -> Iterator[Document | Failure]:
    """One Document per entry of an RSS or Atom feed (a Failure for an entry without text)."""
    if not data.strip():
        yield Failure(path, "is empty: expected an RSS or Atom feed")
        return
    # Bytes are parsed as the feed itself; feedparser fetches only URLs given as str.
    parsed = feedparser.parse(data)
    if not parsed.entries:
        if parsed.bozo:
            yield Failure(
                path,
                f"is not a readable RSS or Atom feed ({_reason(parsed.get('bozo_exception'))}): "
                "check that the file is complete",
            )
        return
    outlet = _clean(parsed.feed.get("title"))
    for number, entry in enumerate(parsed.entries, 1):
        yield _document(entry, number, path, outlet)


def _document(entry: Any, number: int, path: str, outlet: str | None) -> Document | Failure:
    title = _clean(entry.get("title"))
    text = headline_and_body(title, _paragraphs(entry))
    if not text:
        named = f" ({title!r})" if title else ""
        return Failure(path, f"entry {number}{named} has no text (no content or summary): skipped")
    link = entry.get("link")
    url = link if isinstance(link, str) and link.startswith(("http://", "https://")) else None
    key = entry.get("id") or url
    return Document(
        text=text,
        id=sha256(key)[:16] if key else f"{Path(path).stem}-{number}",
        path=path,
        title=title,
        outlet=outlet,
        date=_date(entry),
        url=url,
    )


def _paragraphs(entry: Any) -> list[str]:
    """The entry's full content when it has some, else its summary."""
    for content in entry.get("content") or ():
        if paragraphs := _convert(content.get("value"), content.get("type")):
            return paragraphs
    detail = entry.get("summary_detail") or {}
    return _convert(entry.get("summary"), detail.get("type"))


def _convert(value: object, media_type: object) -> list[str]:
    if not isinstance(value, str):
        return []
    return text_paragraphs(value) if media_type == _PLAIN else html_paragraphs(value)


def _date(entry: Any) -> str | None:
    # feedparser warns (DeprecationWarning) when ``updated_parsed`` is read but
    # missing; ``in`` asks without the warning.
    parsed = entry.get("published_parsed")
    if parsed is None and "updated_parsed" in entry:
        parsed = entry["updated_parsed"]
    return time.strftime("%Y-%m-%d", parsed) if isinstance(parsed, time.struct_time) else None


def _reason(exc: object) -> str:
    if exc is None:
        return "no entries"
    if isinstance(exc, SAXParseException):
        return f"line {exc.getLineNumber()}, column {exc.getColumnNumber()}: {exc.getMessage()}"
    return str(exc) or type(exc).__name__


def _clean(value: object) -> str | None:
    text = " ".join(value.split()) if isinstance(value, str) else ""
    return text or None
