"""Read the HTML pages of a web archive (``.warc`` or ``.warc.gz``) with FastWARC.

Every ``response`` record of an HTML page fetched with status 200 becomes a
Document (read by ``read_html``); other records are skipped. A file that is
truncated or corrupt yields the pages before the damage, then one Failure
naming the record where reading stopped.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterator
from contextlib import ExitStack
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from claimtrace.ingest.files import Failure
from claimtrace.ingest.html import read_html
from claimtrace.model import Document, sha256

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1 << 16
_MAX_HTTP_HEAD = 1 << 16


def read_warc(path: str) -> Iterator[Document | Failure]:
    """The HTML pages (status 200) archived in a WARC file, in file order."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 -- a failure to open is not damage in the file
    except OSError as exc:
        yield Failure(path, f"cannot be read: {exc.strerror or exc}")
        return
    with raw, ExitStack() as stack:
        number = 1  # the record being read, for the Failure
        try:
            compressed = raw.read(2) == _GZIP_MAGIC
            raw.seek(0)
            stream: BinaryIO | _Members = raw
            if compressed:
                stream = _Members(stack.enter_context(gzip.GzipFile(fileobj=raw)))
            # HTTP is parsed per page below, from the block as stored, so that a
            # block shorter than its Content-Length is always noticed.
            records = ArchiveIterator(stream, parse_http=False, stream_detect=False)
            for number, record in enumerate(records, 1):
                page = _page(record, path)
                if page is not None:
                    yield page
                number += 1  # done with it: damage from here on is in the next one
        except (_CutShort, OSError, EOFError, zlib.error) as exc:
            yield _stopped(path, number, str(exc) or type(exc).__name__)


class _CutShort(Exception):
    """A record that ends before its Content-Length says it does."""


def _page(record: WarcRecord, path: str) -> Document | Failure | None:
    """The page a record holds (read whole); None for any other record (skipped)."""
    if record.headers.get("Content-Length") is None:
        raise _CutShort("the file ends inside its header")
    reader = record.reader
    if record.record_type != WarcRecordType.response or not record.is_http:
        _check(record, reader.consume())
        return None
    head = b""
    while len(head) < _MAX_HTTP_HEAD and (line := reader.readline()):
        head += line
        if not line.strip():
            break
    try:
        response = _http(head, decode=False)
    except OSError:  # not an HTTP response after all: not a page
        response = None
    if response is None or not _is_page(response):
        _check(record, len(head) + reader.consume())
        return None
    block = head + reader.read()
    _check(record, len(block))
    uri = record.headers.get("WARC-Target-URI")
    where = f"{path} ({uri})" if uri else path
    try:
        response = _http(block, decode=True)
        html = _decode(response.reader.read(), response.http_charset)
    except OSError as exc:  # the block is whole: the server sent a broken encoding
        return Failure(where, f"its HTTP body cannot be decoded ({exc}): skipped")
    key = uri or record.record_id
    page = read_html(html, path, url=uri, id=sha256(key)[:16] if key else None)
    return Failure(where, page.reason) if isinstance(page, Failure) else page


def _check(record: WarcRecord, received: int) -> None:
    if received < record.content_length:
        raise _CutShort(f"it holds {received} of its {record.content_length} bytes")


def _http(message: bytes, *, decode: bool) -> WarcRecord:
    """An HTTP response parsed by FastWARC (its body decoded from gzip, chunked, ...)."""
    record = WarcRecord()
    record.init_headers(WarcRecordType.response)
    record.set_bytes_content(message)
    record.is_http = True
    record.parse_http(auto_decode="all" if decode else "none")
    return record


def _is_page(response: WarcRecord) -> bool:
    content_type = (response.http_content_type or "").lower()
    return response.http_headers.status_code == 200 and content_type in _HTML_TYPES


def _decode(body: bytes, charset: str | None) -> bytes | str:
    """The page as text when its HTTP charset works, else bytes for trafilatura to sniff."""
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return body


def _stopped(path: str, number: int, why: str) -> Failure:
    done = "nothing before it" if number == 1 else f"records 1-{number - 1} were read"
    return Failure(
        path,
        f"reading stopped at record {number} ({why}), {done}: the file is truncated or "
        "corrupt; download or copy it again",
    )


class _Members:
    """A gzip stream as FastWARC reads it: from our zlib, with short reads.

    FastWARC's own gzip reader ends silently at a truncated member, losing the
    damage; Python's raises EOFError, and ``read1`` hands over everything
    before the damage first, so the records before it are still read.
    """

    def __init__(self, file: gzip.GzipFile) -> None:
        self._file = file
        self._position = 0

    def read(self, size: int = -1) -> bytes:
        data = self._file.read1(size if size > 0 else _CHUNK)
        self._position += len(data)
        return data

    def tell(self) -> int:
        return self._position  # FastWARC needs it for record offsets

    def seek(self, offset: int, whence: int = 0) -> int:
        target = offset + (self._position if whence == 1 else 0)
        if whence == 2 or target < self._position:
            raise OSError("a gzip stream cannot seek backwards")
        while self._position < target and self.read(min(_CHUNK, target - self._position)):
            pass
        return self._position

    def close(self) -> None:
        pass  # read_warc closes the file
