"""Reading web archives: HTML pages with status 200 only; a damaged file reads up to the damage."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from fastwarc.warc import WarcHeader, WarcRecord, WarcRecordType

from claimtrace.ingest.files import Failure
from claimtrace.ingest.warc import read_warc
from claimtrace.model import Document, sha256

PAGE = """<html><head><title>{title}</title>
<meta property="og:site_name" content="The Example Gazette"></head>
<body><nav><a href="/">Home</a> <a href="/subscribe">Subscribe now</a></nav>
<article><h1>{title}</h1><p>{body}</p>
<p>The council will vote on the plan next month, a spokeswoman for the mayor said.</p>
</article><footer>Privacy policy</footer></body></html>"""

BRIDGE = PAGE.format(
    title="Harbour bridge to close",
    body="The Varnholt harbour bridge will close for six weeks, council leader Oswin Tallery said.",
)
MARKET = PAGE.format(
    title="Market moves to the quay",
    body="The Saturday market will move to the quay in June, its organisers said on Friday.",
)


def _record(uri: str, http: bytes, record_type: WarcRecordType = WarcRecordType.response) -> bytes:
    """One WARC/1.1 record, written by FastWARC."""
    record = WarcRecord()
    record.init_headers(record_type)
    record.headers[WarcHeader.WARC_TARGET_URI] = uri
    record.headers[WarcHeader.CONTENT_TYPE] = "application/http; msgtype=response"
    record.set_bytes_content(http)
    out = io.BytesIO()
    record.write(out)
    return out.getvalue()


def _response(uri: str, status: str, content_type: str, body: bytes, extra: bytes = b"") -> bytes:
    head = f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n".encode() + extra
    return _record(uri, head + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)


RECORDS = [
    _record("https://gazette.example.com/news/bridge", b"GET /news/bridge HTTP/1.1\r\n\r\n",
            WarcRecordType.request),
    _response("https://gazette.example.com/news/bridge", "200 OK", "text/html; charset=utf-8",
              BRIDGE.encode("utf-8")),
    _response("https://gazette.example.com/logo.png", "200 OK", "image/png",
              b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40),
    _response("https://gazette.example.com/gone", "404 Not Found", "text/html",
              b"<html><body><p>Sorry, that page is not here any more.</p></body></html>"),
    _response("https://gazette.example.com/news/market", "200 OK", "application/xhtml+xml",
              gzip.compress(MARKET.encode("utf-8")), b"Content-Encoding: gzip\r\n"),
]  # fmt: skip
PAGE_URLS = ["https://gazette.example.com/news/bridge", "https://gazette.example.com/news/market"]


def _write(tmp_path: Path, name: str, compressed: bool, records: list[bytes] = RECORDS) -> Path:
    path = tmp_path / name
    # A .warc.gz holds one gzip member per record.
    path.write_bytes(b"".join(gzip.compress(r) if compressed else r for r in records))
    return path


@pytest.mark.parametrize(("name", "compressed"), [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_html_pages_with_status_200_become_documents(
    tmp_path: Path, name: str, compressed: bool
) -> None:
    path = _write(tmp_path, name, compressed)
    docs = list(read_warc(str(path)))
    assert [type(d) for d in docs] == [Document, Document]
    bridge, market = docs
    assert isinstance(bridge, Document) and isinstance(market, Document)
    assert bridge.url == "https://gazette.example.com/news/bridge"
    assert bridge.id == sha256("https://gazette.example.com/news/bridge")[:16]
    assert (bridge.path, bridge.title, bridge.outlet) == (
        str(path),
        "Harbour bridge to close",
        "The Example Gazette",
    )
    assert bridge.text.startswith("Harbour bridge to close\n\nThe Varnholt harbour bridge")
    assert "Subscribe now" not in bridge.text and "Privacy policy" not in bridge.text
    assert market.text.startswith("Market moves to the quay\n\nThe Saturday market")  # un-gzipped
    assert market.url == "https://gazette.example.com/news/market"


@pytest.mark.parametrize(
    ("name", "compressed", "cut", "pages", "stopped_at"),
    [
        # Cut inside the last record: both gzip and plain files notice.
        ("end.warc.gz", True, -30, 1, 5),
        ("end.warc", False, -100, 1, 5),
        # Cut inside the image record's gzip member: FastWARC alone would end silently.
        ("image.warc.gz", True, "image", 1, 3),
        # Cut inside the WARC header of the image record.
        ("header.warc", False, "image", 1, 3),
    ],
)
def test_truncated_file_yields_what_it_could_then_one_failure(
    tmp_path: Path, name: str, compressed: bool, cut: int | str, pages: int, stopped_at: int
) -> None:
    whole = _write(tmp_path, "whole", compressed).read_bytes()
    if cut == "image":
        before = sum(len(gzip.compress(r) if compressed else r) for r in RECORDS[:2])
        cut = before + 60
    path = tmp_path / name
    path.write_bytes(whole[:cut])
    *docs, failure = read_warc(str(path))
    assert [d.url for d in docs if isinstance(d, Document)] == PAGE_URLS[:pages]
    assert isinstance(failure, Failure) and failure.path == str(path)
    assert failure.reason.startswith(f"reading stopped at record {stopped_at} (")
    assert f"records 1-{stopped_at - 1} were read" in failure.reason
    assert "truncated or corrupt" in failure.reason


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"this is not a web archive\n" * 10, "reading stopped at record 1 (Invalid WARC header)"),
        (b"\x1f\x8b" + b"\x00" * 40, "reading stopped at record 1 ("),
    ],
    ids=["garbage", "bad-gzip"],
)
def test_garbage_is_one_failure(tmp_path: Path, content: bytes, reason: str) -> None:
    path = tmp_path / "junk.warc.gz"
    path.write_bytes(content)
    (failure,) = read_warc(str(path))
    assert isinstance(failure, Failure) and failure.reason.startswith(reason), failure
    assert "nothing before it" in failure.reason


def test_garbage_after_good_records_keeps_them(tmp_path: Path) -> None:
    path = tmp_path / "tail.warc"
    path.write_bytes(b"".join(RECORDS) + b"\r\nnot a record\r\n\r\n")
    *docs, failure = read_warc(str(path))
    assert len(docs) == 2 and isinstance(failure, Failure)
    assert failure.reason.startswith("reading stopped at record 6 (")


def test_missing_file_is_a_failure(tmp_path: Path) -> None:
    (failure,) = read_warc(str(tmp_path / "gone.warc"))
    assert failure == Failure(
        str(tmp_path / "gone.warc"), "cannot be read: No such file or directory"
    )


@pytest.mark.parametrize("compressed", [False, True], ids=["warc", "warc.gz"])
def test_any_cut_gives_whole_pages_then_at_most_one_failure(
    tmp_path: Path, compressed: bool
) -> None:
    path = _write(tmp_path, "cut.warc", compressed)
    full = list(read_warc(str(path)))
    data = path.read_bytes()
    for cut in range(0, len(data), 41):
        path.write_bytes(data[:cut])
        items = list(read_warc(str(path)))
        failures = [i for i in items if isinstance(i, Failure)]
        documents = items[: len(items) - len(failures)]
        assert documents == full[: len(documents)], cut  # never half a page
        assert failures == items[len(documents) :] and len(failures) <= 1, cut
