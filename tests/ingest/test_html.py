"""Reading web pages: the article's main text and metadata, never the boilerplate."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimtrace.ingest.files import Failure
from claimtrace.ingest.html import NO_TEXT, html_paragraphs, read_html
from claimtrace.model import Document

# A made-up article page with the usual furniture around it.
ARTICLE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Harbour bridge to close for repairs, council says | The Example Gazette</title>
<meta property="og:title" content="Harbour bridge to close for repairs, council says">
<meta property="og:site_name" content="The Example Gazette">
<meta property="article:published_time" content="2024-03-18T09:30:00+00:00">
<link rel="canonical" href="https://gazette.example.com/news/harbour-bridge-repairs">
</head>
<body>
<header><nav><ul>
  <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
  <li><a href="/subscribe">Subscribe now</a></li>
</ul></nav></header>
<main><article>
<h1>Harbour bridge to close for repairs, council says</h1>
<p class="byline">By Mirela Dunstan</p>
<p>The Varnholt harbour bridge will close for six weeks from April, the town council
said on Monday, after inspectors found corrosion in two of its steel cables.</p>
<p>“We cannot take any risk with the safety of the people who cross it every day,”
said council leader Oswin Tallery, adding that ferries would run every twenty minutes.</p>
<p>According to the chamber of commerce, about 9,000 people use the bridge on a weekday.</p>
</article></main>
<aside><h2>Most read</h2><ul><li><a href="/a">Goat elected mayor of a small village</a></li>
<li><a href="/b">Ten soups for rainy days</a></li></ul></aside>
<footer><p>© 2024 The Example Gazette. All rights reserved.</p>
<p><a href="/privacy">Privacy policy</a> | <a href="/cookies">Cookie settings</a></p></footer>
</body>
</html>
"""

HEADLINE = "Harbour bridge to close for repairs, council says"
BOILERPLATE = ["Subscribe now", "Most read", "Goat elected", "Privacy policy", "rights reserved"]

# Unclosed paragraphs, a stray </div>, an unfinished tag at the end.
MALFORMED = """<html><body><div><p>The mayor of Kestrel Bay, Ilse Morrow, said on Friday that
the new tram line would open in <b>September.<p>Residents had waited eleven years for it,
she told reporters outside the town hall.</div></div><p>Critics said the budget had doubled.<span
"""

VIDEO_PAGE = """<html><head><title>Video: sunset over the bay</title></head><body>
<nav><a href="/">Home</a> <a href="/video">Video</a></nav>
<video src="sunset.mp4" controls></video></body></html>"""

SHORT_PAGE = """<html><head><title>Ferry fares to rise in June | Northbridge Courier</title></head>
<body><nav><a href="/">Home</a></nav><article><h1>Ferry fares to rise in June</h1>
<p>Ferry fares on the Northbridge crossing will rise by twelve percent in June, the operator
Calloway Lines said on Tuesday, blaming the cost of fuel.</p></article></body></html>"""


def test_article_page_gives_main_text_headed_by_title(tmp_path: Path) -> None:
    path = tmp_path / "bridge-repairs.html"
    path.write_text(ARTICLE, encoding="utf-8")
    doc = read_html(path.read_bytes(), str(path))
    assert isinstance(doc, Document)
    assert doc.text.startswith(HEADLINE + "\n\nThe Varnholt harbour bridge will close")
    assert doc.text.count(HEADLINE) == 1  # the page's own <h1> is not repeated
    assert "“We cannot take any risk" in doc.text
    assert doc.text.endswith("about 9,000 people use the bridge on a weekday.")
    for furniture in BOILERPLATE:
        assert furniture not in doc.text, furniture
    assert (doc.id, doc.path, doc.title) == ("bridge-repairs", str(path), HEADLINE)
    assert (doc.outlet, doc.date) == ("The Example Gazette", "2024-03-18")
    assert doc.url == "https://gazette.example.com/news/harbour-bridge-repairs"


@pytest.mark.parametrize(
    ("url", "expected_url", "expected_outlet"),
    [
        # Where the page was fetched wins over its canonical link; the outlet stays.
        ("https://mirror.example.net/b", "https://mirror.example.net/b", "The Example Gazette"),
        (None, "https://gazette.example.com/news/harbour-bridge-repairs", "The Example Gazette"),
    ],
)
def test_url_given_wins(url: str | None, expected_url: str, expected_outlet: str) -> None:
    doc = read_html(ARTICLE, "page.html", url=url)
    assert isinstance(doc, Document)
    assert (doc.url, doc.outlet) == (expected_url, expected_outlet)


@pytest.mark.parametrize(
    ("url", "outlet"),
    [
        ("https://www.courier.example.org/ferry-fares", "courier.example.org"),
        (None, None),
    ],
)
def test_outlet_falls_back_to_the_host(url: str | None, outlet: str | None) -> None:
    doc = read_html(SHORT_PAGE, "fares.html", url=url)
    assert isinstance(doc, Document)
    assert doc.outlet == outlet
    assert doc.title == "Ferry fares to rise in June"
    assert doc.text.startswith("Ferry fares to rise in June\n\nFerry fares on the Northbridge")


def test_id_can_be_given() -> None:
    doc = read_html(SHORT_PAGE, "crawl.warc.gz", id="abc123")
    assert isinstance(doc, Document) and doc.id == "abc123"


def test_malformed_html_still_gives_its_text() -> None:
    doc = read_html(MALFORMED.encode("utf-8"), "broken.html")
    assert isinstance(doc, Document)
    assert "the new tram line would open in September." in doc.text
    assert "Residents had waited eleven years" in doc.text
    assert doc.text.endswith("Critics said the budget had doubled.")
    assert doc.title is None and doc.date is None


@pytest.mark.parametrize(
    "data",
    [
        VIDEO_PAGE,
        "",
        b"\x00\x01\x02\xff\xfe binary",
        '<?xml version="1.0"?><rss><channel></channel></rss>',
        "<html>" + "<div>" * 50_000 + "deep",
    ],
    ids=["video-page", "empty", "binary", "feed-not-page", "deep-nesting"],
)
def test_page_without_article_text_is_a_failure(data: bytes | str) -> None:
    assert read_html(data, "x.html") == Failure("x.html", NO_TEXT)


@pytest.mark.parametrize(
    ("fragment", "paragraphs"),
    [
        ("<p>The dam holds, said <b>Ana Ruiz</b>.</p><p>“Fine,” she said.</p>",
         ["The dam holds, said Ana Ruiz.", "“Fine,” she said."]),
        ("Plain words &amp; more", ["Plain words & more"]),
        ("one<br>line<br><br>two", ["one line", "two"]),
        ("intro<div><script>track()</script>body</div>", ["intro", "body"]),
        ("   ", []),
    ],
)  # fmt: skip
def test_html_fragments_become_paragraphs(fragment: str, paragraphs: list[str]) -> None:
    assert html_paragraphs(fragment) == paragraphs
