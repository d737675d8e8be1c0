"""Read any input claimtrace takes: the format is chosen by file suffix (or sniffed on stdin).

Paths are expanded as ``claimtrace.ingest.files.expand`` does: files as
given, directories recursively in sorted path order, ``-`` for standard
input. A directory holding brat annotations is read as one annotated corpus.
Inputs are read lazily, one file at a time, and a bad one becomes a Failure
in its place.

The readers of HTML, feeds and WARC files are imported when first needed:
their libraries (trafilatura, feedparser, FastWARC) are slow to import and
optional, so reading plain text never needs them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from claimtrace.ingest.brat import AnnotatedDocument, is_brat_folder, read_brat
from claimtrace.ingest.files import STDIN, Failure, decode, expand, read_text
from claimtrace.ingest.records import read_json, read_jsonl
from claimtrace.model import Document

Item = Document | AnnotatedDocument | Failure

# Markers of a feed near the start of an .xml file (RSS 2.0, Atom, RSS 1.0).
_FEED_MARKS = (b"<rss", b"<feed", b"<rdf:rdf")
_FEED_SNIFF = 8192
_BOM = b"\xef\xbb\xbf"


def read_inputs(paths: Iterable[str]) -> Iterator[Item]:
    """Read every input behind ``paths``, in order, whatever its format."""
    for item in expand(paths, SUFFIXES, leaf=is_brat_folder):
        if isinstance(item, Failure):
            yield item
        elif item == STDIN:
            yield from read_stdin()
        elif Path(item).is_dir():
            yield from read_brat(Path(item))
        else:
            yield from read_file(item)


def read_file(path: str) -> Iterator[Item]:
    """Read one file by its suffix (a Failure for a suffix claimtrace does not read)."""
    name = path.lower()
    for suffix, reader in _READERS:
        if name.endswith(suffix):
            yield from reader(path)
            return
    yield Failure(
        path,
        f"is not a format claimtrace reads: give {', '.join(SUFFIXES)} files, "
        "or a folder of brat annotations",
    )


def read_stdin() -> Iterator[Document | Failure]:
    """Read standard input: JSON Lines if it starts with ``{``, HTML with ``<``, else text."""
    stream = sys.stdin.buffer
    lines: list[bytes] = []
    for line in stream:  # up to the first line that is not blank
        lines.append(line)
        if line.strip():
            break
    first = b"".join(lines).removeprefix(_BOM).lstrip()[:1]
    if first == b"{":
        yield from read_jsonl(_chain(lines, stream), STDIN)
        return
    data = b"".join(lines) + stream.read()
    if first == b"<":
        yield _html(data, STDIN)
        return
    text = decode(data, STDIN)
    yield text if isinstance(text, Failure) else Document(text=text, id="stdin", path=STDIN)


def _chain(first: list[bytes], rest: Iterable[bytes]) -> Iterator[bytes]:
    yield from first
    yield from rest


def _read_text(path: str) -> Iterator[Document | Failure]:
    yield read_text(path)


def _read_html(path: str) -> Iterator[Document | Failure]:
    data = _bytes(path)
    yield data if isinstance(data, Failure) else _html(data, path)


def _html(data: bytes, path: str) -> Document | Failure:
    try:
        from claimtrace.ingest.html import read_html
    except ImportError as exc:
        return _missing(path, "HTML", "trafilatura", exc)
    return read_html(data, path)


def _read_jsonl(path: str) -> Iterator[Document | Failure]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 -- closed by the with below
    except OSError as exc:
        yield Failure(path, f"cannot be read: {exc.strerror or exc}")
        return
    with handle:
        yield from read_jsonl(handle, path)


def _read_feed(path: str) -> Iterator[Document | Failure]:
    data = _bytes(path)
    if isinstance(data, Failure):
        yield data
        return
    head = data[:_FEED_SNIFF].lower()
    if path.lower().endswith(".xml") and not any(mark in head for mark in _FEED_MARKS):
        yield Failure(
            path,
            "not a feed (no <rss> or <feed> element at its start): "
            "only RSS and Atom .xml files are read",
        )
        return
    try:
        from claimtrace.ingest.feeds import read_feed
    except ImportError as exc:
        yield _missing(path, "feeds", "feedparser", exc)
        return
    yield from read_feed(data, path)


def _read_warc(path: str) -> Iterator[Document | Failure]:
    try:
        from claimtrace.ingest.warc import read_warc
    except ImportError as exc:
        yield _missing(path, "WARC files", "fastwarc", exc)
        return
    yield from read_warc(path)


def _bytes(path: str) -> bytes | Failure:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        return Failure(path, f"cannot be read: {exc.strerror or exc}")


def _missing(path: str, what: str, package: str, exc: ImportError) -> Failure:
    why = f"reading {what} needs {package}, which cannot be imported ({exc})"
    return Failure(path, f"{why}: pip install {package}")


# Longer suffixes first, so ".warc.gz" is not taken for something else.
_READERS: tuple[tuple[str, Callable[[str], Iterator[Item]]], ...] = (
    (".warc.gz", _read_warc),
    (".warc", _read_warc),
    (".txt", _read_text),
    (".html", _read_html),
    (".htm", _read_html),
    (".jsonl", _read_jsonl),
    (".json", read_json),
    (".xml", _read_feed),
    (".rss", _read_feed),
    (".atom", _read_feed),
)
SUFFIXES = tuple(suffix for suffix, _ in _READERS)
