"""Read one HTML page into a Document: trafilatura finds the article and its metadata.

The Document's text is the article's main text only (no menus, footers or
"most read" boxes), one paragraph per block with a blank line between them,
and the page's title first, as a headline, when it has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import trafilatura
from lxml import etree
from trafilatura.settings import Document as Page
from trafilatura.settings import Extractor, use_config

from claimtrace.ingest.files import STDIN, Failure
from claimtrace.model import Document

NO_TEXT = "no article text found in the page (is it an index or a video page?)"

# trafilatura keeps any text at all by default (MIN_OUTPUT_SIZE = 1), so a
# video page yields its menu ("Home"); an article has at least a sentence.
_MIN_TEXT = 40
_CONFIG = use_config()
_CONFIG.set("DEFAULT", "MIN_OUTPUT_SIZE", str(_MIN_TEXT))

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

# Elements whose text is never article text, and those that start a new block.
_HIDDEN = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg")
_BLOCKS = (
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "ol",
    "p", "pre", "section", "table", "td", "th", "tr", "ul",
)  # fmt: skip


def read_html(
    data: bytes | str, path: str, url: str | None = None, *, id: str | None = None
) -> Document | Failure:
    """Read one HTML page: its main text, headed by its title, and its metadata.

    ``url`` is where the page was fetched (it wins over the page's canonical
    link); ``id`` defaults to the file's name without its extension.
    """
    options = Extractor(
        config=_CONFIG, output_format="python", with_metadata=True, comments=False, url=url
    )
    try:
        page = trafilatura.bare_extraction(data, options=options)
    except (RecursionError, etree.LxmlError) as exc:  # absurdly deep or broken trees
        return Failure(path, f"could not be parsed as HTML ({type(exc).__name__}): skipped")
    if not isinstance(page, Page) or not page.text:
        return Failure(path, NO_TEXT)
    title = _clean(page.title)
    paragraphs = [" ".join(line.split()) for line in page.text.splitlines()]
    text = headline_and_body(title, paragraphs)
    if not text:
        return Failure(path, NO_TEXT)
    page_url = url or _clean(page.url)
    return Document(
        text=text,
        id=id or ("stdin" if path == STDIN else Path(path).stem),
        path=path,
        title=title,
        outlet=_clean(page.sitename) or hostname(page_url),
        date=page.date if page.date and _ISO_DATE.fullmatch(page.date) else None,
        url=page_url,
    )


def headline_and_body(title: str | None, paragraphs: Iterable[str]) -> str:
    """The title, a blank line, then the paragraphs one blank line apart ("" without a body).

    A first paragraph that repeats the title (the page's own headline) is dropped.
    """
    body = [p for p in paragraphs if p]
    if title and body and body[0].casefold() == title.casefold():
        body = body[1:]
    if not body:
        return ""
    return "\n\n".join([title, *body] if title else body)


def html_paragraphs(fragment: str) -> list[str]:
    """The paragraphs of an HTML fragment (a feed entry's content) as plain text."""
    if not fragment.strip():
        return []
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (etree.ParserError, ValueError):  # nothing parseable, or an encoding declaration
        return text_paragraphs(fragment)
    for element in list(root.iter(*_HIDDEN)):
        element.drop_tree()
    for element in root.iter(*_BLOCKS):
        element.text = "\n\n" + (element.text or "")
        element.tail = "\n\n" + (element.tail or "")
    for element in root.iter("br"):
        element.tail = "\n" + (element.tail or "")
    return text_paragraphs(root.text_content())


def text_paragraphs(text: str) -> list[str]:
    """The paragraphs of plain text (split at blank lines), each on one line."""
    return [p for part in _PARAGRAPH_BREAK.split(text) if (p := " ".join(part.split()))]


def hostname(url: str | None) -> str | None:
    """The host of ``url`` without a leading ``www.``, or None."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:  # e.g. an unbalanced "[" in the host
        return None
    return host.removeprefix("www.") if host else None


def _clean(value: str | None) -> str | None:
    value = " ".join(value.split()) if value else ""
    return value or None
