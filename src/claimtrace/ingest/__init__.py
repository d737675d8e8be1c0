"""The ingest stage: turn inputs into Documents, and bad inputs into Failures.

``read_inputs(paths)`` reads files, directories (recursively, in sorted path
order) and ``-`` (standard input) lazily, one file at a time, choosing the
reader by suffix:

    .txt                plain text                      files.read_text
    .html, .htm         a web page's main text          html.read_html (trafilatura)
    .jsonl, .json       JSON records with a "text"      records.read_jsonl / read_json
    .xml, .rss, .atom   RSS or Atom feed entries        feeds.read_feed (feedparser)
    .warc, .warc.gz     HTML pages in a web archive     warc.read_warc (FastWARC)
    brat folder         texts with .ann annotations     brat.read_brat -> AnnotatedDocument

Every item is a ``claimtrace.model.Document``, an ``AnnotatedDocument`` (a
Document with gold attributions) or a ``Failure`` naming the input (and the
line, list index or record inside it) with a one-line reason. A bad input
never stops the stream.
"""

from claimtrace.ingest.brat import AnnotatedDocument
from claimtrace.ingest.files import Failure
from claimtrace.ingest.sources import read_inputs

__all__ = ["AnnotatedDocument", "Failure", "read_inputs"]
