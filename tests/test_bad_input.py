"""Bad and hostile input: a correct (possibly empty) result or a one-line error, never a stall.

The time bounds are generous ceilings that only catch blow-ups (quadratic
work or regex backtracking would take minutes here), not speed.
"""

from __future__ import annotations

import time

import pytest

from claimtrace.engine import Engine
from claimtrace.ingest.files import Failure, decode, read_paths
from claimtrace.model import Document
from tests.helpers import assert_offsets_valid

PATHOLOGICAL = {
    "straight-quotes": '"' * 100_000,
    "open-quotes": "“" * 100_000,
    "alternating-quotes": "“‘«„" * 25_000,
    "said-said": "said " * 40_000,
    "comma-appositions": "Petrov, a, " * 20_000,
    "honorifics": "Mr. " * 50_000,
    "one-long-sentence-of-cues": "Petrov said Ivanov told TASS that " * 6_000,
    "according-to-chain": "according to the " * 12_000,
    "newlines": "\n" * 200_000,
    "capitalised-run": "Alexander " * 40_000,
    "dateline-fragments": "MOSCOW, April 10. /" * 10_000,
    "date-prefix-spaces": " " * 100_000 + "date 2025-01-01",
    "nested-brackets": "(" * 50_000 + ")" * 50_000,
    "no-spaces": "x" * 200_000,
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_is_linear(engine: Engine, name: str) -> None:
    text = PATHOLOGICAL[name]
    started = time.perf_counter()
    article = engine.analyze(Document(text))
    elapsed = time.perf_counter() - started
    assert_offsets_valid(article)
    assert elapsed < 60, f"{name}: {elapsed:.1f}s for {len(text)} characters"


@pytest.mark.parametrize(
    "text",
    [
        "He said “that it was over.",  # unbalanced
        "”Backwards quotes“ he said.",
        "‘Single without end, he said",
        "... ,,, ;;; —— !!!",
        "    \n\n\t  ",
        "said said said",
        "According to",
        "citing",
    ],
)
def test_odd_text_gives_valid_result(engine: Engine, text: str) -> None:
    assert_offsets_valid(engine.analyze(Document(text)))


def test_binary_and_bad_encoding_are_failures(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert isinstance(decode(b"\x89PNG\r\n\x1a\n\x00\x00", "x.png"), Failure)
    failure = decode("café".encode("latin-1"), "x.txt")
    assert isinstance(failure, Failure)
    assert "UTF-8" in failure.reason and "0xe9" in failure.reason
    assert decode("\ufeffhello".encode(), "bom.txt") == "hello"


def test_directory_with_unreadable_entries_goes_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "a.txt").write_text("Petrov said the bridge was closed.", encoding="utf-8")
    (tmp_path / "b.txt").symlink_to(tmp_path / "missing.txt")  # unreadable
    (tmp_path / "c.txt").write_bytes(b"\xff\xfe bad")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "d.txt").write_text("", encoding="utf-8")
    (tmp_path / "notes.md").write_text("ignored", encoding="utf-8")
    items = list(read_paths([str(tmp_path)]))
    kinds = [(type(i).__name__, (i.path or "").rsplit("/", 1)[-1]) for i in items]
    assert kinds == [
        ("Document", "a.txt"),
        ("Failure", "b.txt"),
        ("Failure", "c.txt"),
        ("Document", "d.txt"),
    ]


def test_twenty_megabyte_article(engine: Engine) -> None:
    paragraph = (
        "Alexander Petrov, a military expert, told TASS that the bridge was closed. "
        '"It will not reopen soon," he said. According to the ministry, 12 people were hurt.\n\n'
    )
    text = paragraph * (20_000_000 // len(paragraph) + 1)
    article = engine.analyze(Document(text[:20_000_000]))
    assert len(article.attributions) > 100_000
    assert article.attributions[-1].cue.end <= 20_000_000
