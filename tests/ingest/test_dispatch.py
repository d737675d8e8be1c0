"""Choosing the reader: by suffix for files, brat folders whole, sniffing on stdin."""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from claimtrace.ingest import AnnotatedDocument, Failure, read_inputs
from claimtrace.ingest.files import read_paths
from claimtrace.ingest.sources import SUFFIXES
from claimtrace.model import Document
from tests.ingest.test_brat import DAM, DAM_ANN
from tests.ingest.test_feeds import ATOM, RSS
from tests.ingest.test_html import ARTICLE, SHORT_PAGE
from tests.ingest.test_warc import RECORDS

NOT_A_FEED = '<?xml version="1.0"?><config><setting name="x">1</setting></config>'


def _corpus(root: Path) -> None:
    """One of every format, a brat folder, a nested folder, and files to skip."""
    records = [{"text": "Story one.", "id": "j1"}, {"text": "Story two.", "id": "j2"}]
    files: dict[str, str | bytes] = {
        "a.txt": "Ana Ruiz said the dam holds.",
        "b.html": ARTICLE,
        "brat/dam.txt": DAM,
        "brat/dam.ann": DAM_ANN,
        "brat/feed.rss": RSS,  # inside a brat folder: not read
        "c.jsonl": "\n".join(json.dumps(r) for r in records) + "\n",
        "d.json": json.dumps(records),
        "e.rss": RSS,
        "f.xml": ATOM,
        "g.xml": NOT_A_FEED,
        "h.warc.gz": b"".join(gzip.compress(r) for r in RECORDS),
        "notes.md": "skipped",
        "photo.png": b"\x89PNG\r\n\x1a\n",
        "sub/i.htm": SHORT_PAGE,
        "sub/README": "skipped",
    }
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def _where(item: Document | AnnotatedDocument | Failure, root: Path) -> tuple[str, str]:
    path = item.document.path if isinstance(item, AnnotatedDocument) else item.path
    return type(item).__name__, (path or "").removeprefix(f"{root}/")


def test_directory_mixing_every_format(tmp_path: Path) -> None:
    _corpus(tmp_path)
    items = list(read_inputs([str(tmp_path)]))
    assert [_where(item, tmp_path) for item in items] == [
        ("Document", "a.txt"),
        ("Document", "b.html"),
        ("AnnotatedDocument", "brat/dam.txt"),
        ("Document", "c.jsonl:1"),
        ("Document", "c.jsonl:2"),
        ("Document", "d.json[0]"),
        ("Document", "d.json[1]"),
        ("Document", "e.rss"),
        ("Document", "e.rss"),
        ("Document", "f.xml"),
        ("Document", "f.xml"),
        ("Failure", "g.xml"),
        ("Document", "h.warc.gz"),
        ("Document", "h.warc.gz"),
        ("Document", "sub/i.htm"),
    ]
    assert items[11].reason.startswith("not a feed")  # type: ignore[union-attr]
    titles = [item.title for item in items if isinstance(item, Document)]
    assert titles[1] == "Harbour bridge to close for repairs, council says"
    assert titles[-3:] == [
        "Harbour bridge to close",
        "Market moves to the quay",
        "Ferry fares to rise in June",
    ]


def test_a_brat_folder_named_directly(tmp_path: Path) -> None:
    _corpus(tmp_path)
    (item,) = read_inputs([str(tmp_path / "brat")])
    assert isinstance(item, AnnotatedDocument) and len(item.attributions) == 2


@pytest.mark.parametrize("name", ["notes.md", "photo.png", "sub/README", "brat/dam.ann"])
def test_a_file_of_unknown_type_named_explicitly_is_a_failure(tmp_path: Path, name: str) -> None:
    _corpus(tmp_path)
    (failure,) = read_inputs([str(tmp_path / name)])
    assert isinstance(failure, Failure) and failure.path == str(tmp_path / name)
    assert failure.reason.startswith("is not a format claimtrace reads: give .warc.gz, .warc, ")
    assert all(suffix in failure.reason for suffix in SUFFIXES)


def test_paths_are_read_in_order_given_and_missing_ones_are_failures(tmp_path: Path) -> None:
    _corpus(tmp_path)
    paths = [str(tmp_path / "sub" / "i.htm"), str(tmp_path / "gone.html"), str(tmp_path / "a.txt")]
    items = list(read_inputs(paths))
    assert [_where(item, tmp_path) for item in items] == [
        ("Document", "sub/i.htm"),
        ("Failure", "gone.html"),
        ("Document", "a.txt"),
    ]
    assert items[1].reason == "no such file or directory"  # type: ignore[union-attr]


def test_reading_is_lazy(tmp_path: Path) -> None:
    _corpus(tmp_path)

    def paths() -> Iterator[str]:
        yield str(tmp_path / "c.jsonl")
        raise AssertionError("read ahead of the consumer")

    stream = read_inputs(paths())
    first = next(stream)
    assert isinstance(first, Document) and first.id == "j1"


def test_plain_text_reading_is_unchanged(tmp_path: Path) -> None:
    _corpus(tmp_path)
    # read_paths still reads only .txt files, brat folders included, as before.
    assert [_where(item, tmp_path) for item in read_paths([str(tmp_path)])] == [
        ("Document", "a.txt"),
        ("Document", "brat/dam.txt"),
    ]


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'\n  \n{"text": "One."}\n{"text": 2}\n', [
            Document(text="One.", path="-:3"),
            Failure("-:4", '"text" must be a string (got a number)'),
        ]),
        (b'\xef\xbb\xbf{"text": "After a BOM."}', [Document(text="After a BOM.", path="-:1")]),
        (SHORT_PAGE.encode("utf-8"), [Document(
            text="Ferry fares to rise in June\n\nFerry fares on the Northbridge crossing will "
            "rise by twelve percent in June, the operator Calloway Lines said on Tuesday, "
            "blaming the cost of fuel.",
            id="stdin", path="-", title="Ferry fares to rise in June",
        )]),
        (b"\n  Ana Ruiz said {the dam} holds.\n", [
            Document(text="\n  Ana Ruiz said {the dam} holds.\n", id="stdin", path="-"),
        ]),
        (b"", [Document(text="", id="stdin", path="-")]),
        (b"caf\xe9", [Failure(
            "-", "is not valid UTF-8 (byte 0xe9 at offset 3): convert it to UTF-8, e.g. with iconv"
        )]),
    ],
    ids=["json-lines", "bom-json", "html", "text", "empty", "latin-1"],
)  # fmt: skip
def test_stdin_is_sniffed(
    monkeypatch: pytest.MonkeyPatch, data: bytes, expected: list[Document | Failure]
) -> None:
    monkeypatch.setattr(sys, "stdin", _Stdin(data))
    assert list(read_inputs(["-"])) == expected
