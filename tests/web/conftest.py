"""A live claimtrace server over a small corpus, shared by the API and browser tests.

The corpus is the bundled examples plus one hostile article whose title,
text and speaker carry markup and script; the server is uvicorn on a free
loopback port in a background thread, as ``claimtrace serve`` runs it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.web.servers import serve

TOKEN = "test-token-123"
HOSTILE_TITLE = '<script>alert("title")</script> & <b>bold</b>'
HOSTILE_TEXT = (
    "OSLO, May 5 (NTB) - <img src=x onerror=alert(1)> Ola <i>Nordmann</i>, a researcher at "
    "the <script>alert('institute')</script> Institute, said that \"</mark><script>alert(2)"
    '</script>" was only a test. According to <b>Statistics Norway</b>, nothing happened.'
)


@dataclass(frozen=True)
class Live:
    url: str  # http://127.0.0.1:PORT
    db: str  # the store's URL
    token: str


def build_corpus(folder: Path) -> str:
    """Ingest the examples and the hostile article into a SQLite store in ``folder``."""
    from claimtrace.corpus import ingest

    hostile = folder / "hostile.jsonl"
    record = {"id": "hostile", "title": HOSTILE_TITLE, "outlet": "<em>NTB</em>",
              "date": "2025-05-05", "text": HOSTILE_TEXT}  # fmt: skip
    hostile.write_text(json.dumps(record) + "\n", encoding="utf-8")
    url = f"sqlite:///{folder / 'web.db'}"
    paths = [str(ROOT / "examples" / "articles"), str(ROOT / "examples" / "corpus"), str(hostile)]
    report = ingest(paths, url, workers=1)
    assert report.failed == 0, report.failures
    return url


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """A running server (with a token, so the POST route exists) over the test corpus."""
    from claimtrace.web.app import create_app

    db = build_corpus(tmp_path_factory.mktemp("web"))
    with serve(create_app(db, token=TOKEN)) as url:
        yield Live(url, db, TOKEN)
