"""Reading JSON records: JSON Lines, a JSON list, one object; a bad record never stops the rest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimtrace.ingest.files import Failure
from claimtrace.ingest.records import iso_date, read_json, read_jsonl
from claimtrace.model import Document

FULL = {
    "id": "kb-001",
    "text": "Ilse Morrow said the tram line would open in September.",
    "title": "Tram line to open in September",
    "outlet": "Kestrel Bay Herald",
    "date": "2024-05-02T08:15:00+02:00",
    "url": "https://herald.example.org/tram",
    "author": "ignored: not a field claimtrace reads",
}

# (line, what it gives: a Document's text or the start of a Failure's reason)
LINES = [
    (json.dumps(FULL), "Ilse Morrow said the tram line would open in September."),
    ('{"text": "Only text."}', "Only text."),
    ('{"text": "Null means absent.", "title": null}', "Null means absent."),
    ('{"text": "a", "id": "x" "title": "y"}', "not JSON (Expecting ',' delimiter at column 25)"),
    ('["a list", "not an object"]', "not a JSON object (got a list)"),
    ('"just a string"', "not a JSON object (got a string)"),
    ('{"title": "No text here"}', 'no "text" field'),
    ('{"text": 42}', '"text" must be a string (got a number)'),
    ('{"text": "Fine.", "outlet": ["a", "b"]}', '"outlet" must be a string (got a list)'),
    ('{"text": "Fine.", "id": 17}', '"id" must be a string (got a number)'),
    ('{"text": "Fine.", "date": "March 5, 2024"}', "\"date\" 'March 5, 2024' is not a date"),
    ('{"text": "Fine.", "date": "2024-02-30"}', "\"date\" '2024-02-30' is not a date"),
]


def _outcome(item: Document | Failure) -> str:
    return item.text if isinstance(item, Document) else item.reason


def test_jsonl_lines_each_give_a_document_or_a_failure(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    # Blank lines (and one of spaces) are skipped but still counted.
    content = "\n".join([LINES[0][0], "", "   ", *(line for line, _ in LINES[1:])]) + "\n"
    path.write_text(content, encoding="utf-8")
    with path.open("rb") as stream:
        items = list(read_jsonl(stream, "corpus.jsonl"))
    assert len(items) == len(LINES)
    numbers = [1, *range(4, 4 + len(LINES) - 1)]
    for item, (line, expected), number in zip(items, LINES, numbers, strict=True):
        assert item.path == f"corpus.jsonl:{number}", line
        assert _outcome(item).startswith(expected), (line, _outcome(item))
    first = items[0]
    assert first == Document(
        text=FULL["text"],
        id="kb-001",
        path="corpus.jsonl:1",
        title="Tram line to open in September",
        outlet="Kestrel Bay Herald",
        date="2024-05-02",
        url="https://herald.example.org/tram",
    )
    assert str(items[3]) == "corpus.jsonl:6: not JSON (Expecting ',' delimiter at column 25)"
    assert "YYYY-MM-DD" in items[-1].reason  # type: ignore[union-attr]


def test_jsonl_reads_text_lines_and_bad_utf8() -> None:
    assert list(read_jsonl(['\ufeff{"text": "BOM first."}\n'], "s")) == [
        Document(text="BOM first.", path="s:1")
    ]
    (failure,) = read_jsonl([b'{"text": "caf\xe9"}\n'], "latin.jsonl")
    assert isinstance(failure, Failure) and failure.path == "latin.jsonl:1"
    assert failure.reason.startswith("not valid UTF-8 (byte 0xe9 at column 14)")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-03-18", "2024-03-18"),
        ("2024-03-18T23:30:00-05:00", "2024-03-18"),  # the date as written, no shift
        ("2024-03-18T09:30:00Z", "2024-03-18"),
        ("2024-03-18 09:30", "2024-03-18"),
        ("18/03/2024", None),
        ("March 18", None),
        ("2024-13-01", None),
        ("", None),
    ],
)
def test_iso_date(value: str, expected: str | None) -> None:
    assert iso_date(value) == expected


def _read(tmp_path: Path, content: str, name: str = "corpus.json") -> list[Document | Failure]:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return [_relative(item, tmp_path) for item in read_json(str(path))]


def _relative(item: Document | Failure, root: Path) -> Document | Failure:
    prefix = f"{root}/"
    if isinstance(item, Failure):
        return Failure(item.path.removeprefix(prefix), item.reason)
    return Document(item.text, item.id, (item.path or "").removeprefix(prefix), item.title,
                    item.outlet, item.date, item.url)  # fmt: skip


def test_json_list_names_failures_by_index(tmp_path: Path) -> None:
    records = [
        {"text": "First story.", "id": "a"},
        {"text": "Second story.", "date": "yesterday"},
        "not an object",
        {"text": "Fourth story.", "url": "https://herald.example.org/4"},
    ]
    items = _read(tmp_path, json.dumps(records, indent=2))
    assert [item.path for item in items] == [f"corpus.json[{i}]" for i in range(4)]
    assert isinstance(items[0], Document) and items[0].id == "a"
    assert isinstance(items[1], Failure) and "is not a date" in items[1].reason
    assert isinstance(items[2], Failure) and "got a string" in items[2].reason
    assert isinstance(items[3], Document) and items[3].url == "https://herald.example.org/4"


def test_json_list_on_one_line_and_empty(tmp_path: Path) -> None:
    items = _read(tmp_path, json.dumps([{"text": f"Story {n}."} for n in range(3)]))
    assert [item.text for item in items if isinstance(item, Document)] == [
        "Story 0.",
        "Story 1.",
        "Story 2.",
    ]
    assert _read(tmp_path, "  [ ]  ", "empty.json") == []


def test_json_list_larger_than_the_read_buffer(tmp_path: Path) -> None:
    # Values straddle the 64 KiB chunks the list is read in; numbers too.
    records = [{"text": "x" * (1000 + n), "id": str(n)} for n in range(200)]
    records.insert(100, {"text": "y" * 200_000})
    items = _read(tmp_path, json.dumps(records))
    assert all(isinstance(item, Document) for item in items)
    assert [len(item.text) for item in items if isinstance(item, Document)] == [
        len(str(r["text"])) for r in records
    ]
    numbers = _read(tmp_path, "[" + ", ".join(["1234567"] * 20_000) + "]", "numbers.json")
    assert len(numbers) == 20_000 and numbers[-1].reason.startswith("not a JSON object (got a num")  # type: ignore[union-attr]


def test_broken_json_list_yields_what_came_before(tmp_path: Path) -> None:
    items = _read(tmp_path, '[{"text": "Kept."}, {"text": "Lost" "x"}, {"text": "Never read."}]')
    assert items[0] == Document(text="Kept.", path="corpus.json[0]")
    assert items[1].path == "corpus.json[1]"
    assert items[1].reason.startswith("not JSON (Expecting ',' delimiter)")  # type: ignore[union-attr]
    assert len(items) == 2
    (cut,) = _read(tmp_path, '[{"text": "Kept."} {"text": "b"}]', "nocomma.json")[1:]
    assert cut.path == "nocomma.json[1]" and "expected ',' or ']'" in cut.reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        # One pretty-printed object: one article.
        (json.dumps(FULL, indent=2), [("corpus.json", FULL["text"])]),
        # One object on one line: JSON Lines of one line.
        (json.dumps(FULL), [("corpus.json:1", FULL["text"])]),
        # JSON Lines in a .json file, with a bad line in between.
        ('{"text": "One."}\n{"text": 1}\n\n{"text": "Three."}\n',
         [("corpus.json:1", "One."), ("corpus.json:2", '"text" must be a string (got a number)'),
          ("corpus.json:4", "Three.")]),
        ('{\n  "text": "Unfinished.",\n', [("corpus.json", "not JSON (Expecting property name")]),
        ("", [("corpus.json", "is not JSON records (is empty)")]),
        ("42", [("corpus.json", "is not JSON records (starts with '4')")]),
    ],
    ids=["object", "one-line-object", "json-lines", "broken-object", "empty", "number"],
)  # fmt: skip
def test_json_file_forms(tmp_path: Path, content: str, expected: list[tuple[str, str]]) -> None:
    items = _read(tmp_path, content)
    assert [item.path for item in items] == [path for path, _ in expected]
    for item, (_, outcome) in zip(items, expected, strict=True):
        assert _outcome(item).startswith(outcome), _outcome(item)


def test_missing_json_file_is_a_failure(tmp_path: Path) -> None:
    (failure,) = read_json(str(tmp_path / "gone.json"))
    assert isinstance(failure, Failure) and failure.reason.startswith("cannot be read")
