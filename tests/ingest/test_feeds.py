"""Reading RSS and Atom feeds: one Document per entry; a broken feed reads what it can."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrace.ingest.feeds import read_feed
from claimtrace.ingest.files import Failure
from claimtrace.model import Document, sha256

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>The Example Gazette</title>
<link>https://gazette.example.com/</link>
<description>Local news</description>
<item>
  <title>Harbour bridge to close</title>
  <link>https://gazette.example.com/news/bridge</link>
  <guid>https://gazette.example.com/?p=101</guid>
  <pubDate>Mon, 18 Mar 2024 09:30:00 +0000</pubDate>
  <description>A short teaser that the full content replaces.</description>
  <content:encoded><![CDATA[<p>The bridge will close for six weeks, said
  <b>Oswin Tallery</b>.</p><script>track()</script><p>“It is needed,” he told the
  council.</p>]]></content:encoded>
</item>
<item>
  <title>Market moves to the quay</title>
  <link>https://gazette.example.com/news/market</link>
  <pubDate>Tue, 19 Mar 2024 23:10:00 +0000</pubDate>
  <description>&lt;p&gt;The Saturday market moves to the quay, &lt;i&gt;organisers&lt;/i&gt;
  said.&lt;/p&gt;</description>
</item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>Northbridge Courier</title>
<id>urn:uuid:4b1c7d0e-courier</id>
<updated>2024-05-02T12:00:00Z</updated>
<entry>
  <title>Ferry strike ends</title>
  <id>tag:courier.example.org,2024:ferry</id>
  <link href="https://courier.example.org/ferry"/>
  <published>2024-05-01T08:00:00Z</published>
  <updated>2024-05-02T08:00:00Z</updated>
  <content type="html">&lt;p&gt;The strike is over, the union said.&lt;/p&gt;&lt;p&gt;Boats
  run again from Thursday.&lt;/p&gt;</content>
</entry>
<entry>
  <title>Library hours extended</title>
  <id>tag:courier.example.org,2024:library</id>
  <updated>2024-05-02T09:00:00Z</updated>
  <summary>The library will open on Sundays, the mayor announced.</summary>
</entry>
</feed>
"""

# Cut off inside its second item, with a bare "&" in the first.
BROKEN = """<?xml version="1.0"?><rss version="2.0"><channel><title>Valley Post</title>
<item><title>Dam inspection</title><description>Engineers & divers inspected the dam,
officials said.</description></item><item><title>Second</title><pubDate>Wed, 2"""


def _documents(data: str, name: str) -> list[Document | Failure]:
    return list(read_feed(data.encode("utf-8"), name))


@pytest.mark.parametrize(
    ("feed", "name", "expected"),
    [
        (RSS, "gazette.rss", [
            Document(
                text="Harbour bridge to close\n\nThe bridge will close for six weeks, said "
                "Oswin Tallery.\n\n“It is needed,” he told the council.",
                id=sha256("https://gazette.example.com/?p=101")[:16],
                path="gazette.rss",
                title="Harbour bridge to close",
                outlet="The Example Gazette",
                date="2024-03-18",
                url="https://gazette.example.com/news/bridge",
            ),
            Document(
                text="Market moves to the quay\n\nThe Saturday market moves to the quay, "
                "organisers said.",
                id=sha256("https://gazette.example.com/news/market")[:16],
                path="gazette.rss",
                title="Market moves to the quay",
                outlet="The Example Gazette",
                date="2024-03-19",
                url="https://gazette.example.com/news/market",
            ),
        ]),
        (ATOM, "courier.atom", [
            Document(
                text="Ferry strike ends\n\nThe strike is over, the union said.\n\n"
                "Boats run again from Thursday.",
                id=sha256("tag:courier.example.org,2024:ferry")[:16],
                path="courier.atom",
                title="Ferry strike ends",
                outlet="Northbridge Courier",
                date="2024-05-01",  # published, not updated
                url="https://courier.example.org/ferry",
            ),
            Document(
                text="Library hours extended\n\nThe library will open on Sundays, the mayor "
                "announced.",
                id=sha256("tag:courier.example.org,2024:library")[:16],
                path="courier.atom",
                title="Library hours extended",
                outlet="Northbridge Courier",
                date="2024-05-02",  # no published date: the updated one
                url=None,  # no link: the tag: id is not a URL
            ),
        ]),
    ],
    ids=["rss", "atom"],
)  # fmt: skip
def test_feed_entries_become_documents(
    tmp_path: Path, feed: str, name: str, expected: list[Document]
) -> None:
    path = tmp_path / name
    path.write_text(feed, encoding="utf-8")
    assert list(read_feed(path.read_bytes(), name)) == expected


def test_broken_feed_with_entries_reads_them() -> None:
    items = _documents(BROKEN, "valley.xml")
    assert items == [
        Document(
            text="Dam inspection\n\nEngineers & divers inspected the dam, officials said.",
            id="valley-1",
            path="valley.xml",
            title="Dam inspection",
            outlet="Valley Post",
        ),
        Failure("valley.xml", "entry 2 ('Second') has no text (no content or summary): skipped"),
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ("this is not a feed at all", "is not a readable RSS or Atom feed (line "),
        ("<rss version='2.0'><channel><title>Cut", "is not a readable RSS or Atom feed (line "),
        ("", "is empty: expected an RSS or Atom feed"),
    ],
)
def test_unreadable_feed_is_one_failure(data: str, reason: str) -> None:
    (failure,) = _documents(data, "bad.xml")
    assert isinstance(failure, Failure) and failure.path == "bad.xml"
    assert failure.reason.startswith(reason), failure.reason


def test_valid_feed_without_entries_gives_nothing() -> None:
    empty = "<rss version='2.0'><channel><title>Quiet</title></channel></rss>"
    assert _documents(empty, "quiet.rss") == []
