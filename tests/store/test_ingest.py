"""Ingesting into a store: idempotent, resumable, going on after bad inputs, losing nothing."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

import claimtrace
from claimtrace.corpus import IngestReport, ingest
from claimtrace.engine import Engine
from claimtrace.errors import ClaimtraceError, ModelError, StoreError
from claimtrace.model import Document, sha256
from claimtrace.store.db import open_store
from claimtrace.store.queries import (
    article_id_for,
    claims_of_article,
    list_articles,
    recent_errors,
    stats,
)
from claimtrace.store.schema import articles, attributions
from claimtrace.store.writer import Writer
from tests.store.checks import orphans
from tests.store.texts import SEARCH, generated, write_jsonl, write_txt

SRC = Path(claimtrace.__file__).resolve().parents[1]


@pytest.fixture
def run(engine: Engine) -> Callable[..., IngestReport]:
    """``ingest`` with the session's engine (no model loading per call)."""

    def go(paths: list[Path | str], url: str, **options: Any) -> IngestReport:
        options.setdefault("factory", lambda: engine)
        return ingest([str(p) for p in paths], url, **options)

    return go


def _snapshot(url: str) -> dict[str, Any]:
    """Everything a reader sees: counts, and each article's claims."""
    with open_store(url) as store:
        listed = list_articles(store, limit=1000)
        return {
            "stats": stats(store).to_dict(),
            "claims": {
                a["key"]: [
                    (c.local_id, c.source, c.cue, c.content)
                    for c in claims_of_article(store, a["id"])
                ]
                for a in listed
            },
        }


def _inputs(folder: Path) -> list[Path]:
    """A JSON Lines file of four articles, two text files, and one input that fails."""
    folder.mkdir()
    write_jsonl(folder / "wire.jsonl", SEARCH)
    write_txt(
        folder,
        {
            "cabinet": "Prime Minister Ana Costa said the cabinet would meet on Friday.",
            "storm": "The weather service said the storm would reach the coast by night.",
        },
    )
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02 not text")
    return [folder]


def test_ingesting_the_same_inputs_twice_adds_nothing(
    db_url: str, tmp_path: Path, run: Callable[..., IngestReport]
) -> None:
    inputs = _inputs(tmp_path / "in")
    first = run(inputs, db_url)
    assert (first.stored, first.skipped, first.failed) == (6, 0, 1)
    before = _snapshot(db_url)
    assert before["stats"]["articles"] == 6
    assert before["stats"]["attributions"] >= 6
    assert before["stats"]["errors"] == 1

    second = run(inputs, db_url)
    assert (second.stored, second.skipped, second.failed) == (0, 6, 1)
    assert _snapshot(db_url) == before  # stats (errors included) and every claim


def test_an_input_failing_again_is_one_error_seen_last(
    db_url: str, tmp_path: Path, run: Callable[..., IngestReport]
) -> None:
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_bytes(b"\x00one")
    second.write_bytes(b"\x00two")
    for path in (first, second, first):
        assert run([path], db_url).failed == 1
    with open_store(db_url) as store:
        assert stats(store).errors == 2
        assert [p for p, _ in recent_errors(store)] == [str(first), str(second)]


@pytest.mark.parametrize("together", [True, False], ids=["same-run", "later-run"])
def test_the_same_text_under_another_name_is_stored_once(
    db_url: str, tmp_path: Path, run: Callable[..., IngestReport], together: bool
) -> None:
    text = "The harbour master said the quay would reopen on Monday."
    first = write_txt(tmp_path / "a", {"quay": text})
    write_txt(tmp_path / "b", {"quay-copy": text, "renamed": text})
    (tmp_path / "b" / "records.jsonl").write_text(
        '{"id": "as-record", "text": "The harbour master said the quay would reopen on Monday."}\n'
    )
    if together:
        report = run([*first, tmp_path / "b"], db_url)
        assert (report.stored, report.skipped) == (1, 3)
    else:
        assert run(first, db_url).stored == 1
        report = run([tmp_path / "b"], db_url)
        assert (report.stored, report.skipped) == (0, 3)
    with open_store(db_url) as store:
        assert stats(store).articles == 1
        with store.engine.connect() as c:
            row = c.execute(select(articles.c.key, articles.c.text_sha256, articles.c.path)).one()
    assert row.text_sha256 == sha256(text)
    assert row.key == "quay"  # the first one read is the one kept
    assert row.path == str(first[0])


BAD_INPUTS: dict[str, bytes] = {
    "lines.jsonl": (
        b'{"id": "good-line", "text": "Mayor Ivo Brandt said the tram line would open in June."}\n'
        b"{not json at all\n"
        b'{"title": "a record without text"}\n'
    ),
    "binary.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "broken.html": b"<html><body><div><<<>>></div></b></i><p",
    "latin1.txt": "Le maire a d\u00e9clar\u00e9 que".encode("latin-1"),
    "good.txt": b"The finance minister said the budget would be balanced next year.",
    "page.html": (
        b"<html><head><title>Bridge to close</title></head><body><article>"
        b"<h1>Bridge to close</h1><p>The city engineer, Marta Silva, said on Monday that the "
        b"old bridge would close for three months of repairs starting in April.</p>"
        b"<p>Drivers would have to use the ring road, she said.</p></article></body></html>"
    ),
}
BAD_EXPECTED = {  # path (or path:line) -> words of the recorded reason
    "lines.jsonl:2": "not JSON",
    "lines.jsonl:3": 'no "text" field',
    "binary.txt": "binary",
    "broken.html": "no article text",
    "latin1.txt": "not valid UTF-8",
}


def test_bad_items_are_recorded_and_the_batch_goes_on(
    db_url: str, tmp_path: Path, run: Callable[..., IngestReport]
) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, data in BAD_INPUTS.items():
        (folder / name).write_bytes(data)
    report = run([folder], db_url)
    assert report.failed == len(BAD_EXPECTED)
    assert report.stored == 3  # good-line, good.txt, page.html
    with open_store(db_url) as store:
        assert stats(store).errors == len(BAD_EXPECTED)
        assert stats(store).articles == 3
        recorded = dict(recent_errors(store, 50))
        for where, says in BAD_EXPECTED.items():
            path = str(folder / where)
            assert path in recorded, f"no error recorded for {where}: {sorted(recorded)}"
            assert says in recorded[path]
        for key in ("good-line", "good", "page"):
            found = article_id_for(store, key)
            assert found is not None, f"{key} was not stored"
            assert claims_of_article(store, found), f"{key} has no attributions"


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("missing.txt", None, "no such file"),
        ("corrupt.warc.gz", b"\x1f\x8b\x08\x00\x00\x00\x00\x00broken", "truncated or corrupt"),
        ("noise.warc.gz", bytes(range(256)) * 4, "truncated or corrupt"),
        ("empty.jsonl", b"", None),  # nothing in it, nothing wrong with it
        ("notes.docx", b"PK\x03\x04", "not a format"),
    ],
)
def test_bad_inputs_are_errors_not_exceptions(
    db_url: str,
    tmp_path: Path,
    run: Callable[..., IngestReport],
    name: str,
    make: bytes | None,
    says: str | None,
) -> None:
    good = write_txt(tmp_path, {"good": "The port authority said the cranes were back in service."})
    bad = tmp_path / name
    if make is not None:
        bad.write_bytes(make)
    report = run([bad, *good], db_url)
    assert report.stored == 1
    assert report.failed == (0 if says is None else 1)
    with open_store(db_url) as store:
        assert stats(store).articles == 1
        errors = recent_errors(store)
        if says is None:
            assert errors == []
        else:
            assert len(errors) == 1
            path, reason = errors[0]
            assert path == str(bad)
            assert says in reason
            assert "\n" not in reason


def _raise_model_error() -> Engine:
    raise ModelError("the models are stale: reinstall claimtrace")


class _Boom(RuntimeError):
    pass


FAILURES = ["engine-fails", "write-fails-mid-batch", "only-bad-inputs", "unreachable-store"]


@pytest.mark.parametrize("failure", FAILURES)
def test_a_failed_ingest_loses_nothing_already_stored(
    db_url: str,
    tmp_path: Path,
    run: Callable[..., IngestReport],
    monkeypatch: pytest.MonkeyPatch,
    failure: str,
) -> None:
    write_jsonl(tmp_path / "first.jsonl", SEARCH)
    run([tmp_path / "first.jsonl"], db_url)
    before = _snapshot(db_url)
    assert before["stats"]["articles"] == len(SEARCH)

    more = write_txt(
        tmp_path / "more",
        {
            "m1": "The fire chief said the blaze was under control by noon.",
            "m2": "The school board said classes would resume on Wednesday.",
            "m3": "A police spokesman said two men had been detained.",
        },
    )
    if failure == "engine-fails":
        with pytest.raises(ModelError):
            run(more, db_url, factory=_raise_model_error)
    elif failure == "write-fails-mid-batch":
        original = Writer._attributions
        calls = []

        def failing(self: Writer, *args: Any) -> None:
            # After the batch's articles, entities and descriptions are written.
            calls.append(1)
            if len(calls) == 1:
                raise _Boom("disk on fire")
            original(self, *args)

        monkeypatch.setattr(Writer, "_attributions", failing)
        with pytest.raises(_Boom):
            run(more, db_url)
        monkeypatch.undo()
    elif failure == "only-bad-inputs":
        (tmp_path / "bad.txt").write_bytes(b"\x00\x00")
        report = run([tmp_path / "missing.txt", tmp_path / "bad.txt"], db_url)
        assert report.failed == 2
    else:
        with pytest.raises(StoreError):
            run(more, "postgresql://postgres@127.0.0.1:1/x")

    after = _snapshot(db_url)
    if failure == "only-bad-inputs":
        assert after["stats"]["errors"] == before["stats"]["errors"] + 2
        after["stats"]["errors"] = before["stats"]["errors"]
    assert after == before  # the batch that failed left no part of itself either
    with open_store(db_url) as store:
        assert orphans(store) == {}
    # And the store takes the same inputs once the trouble is gone.
    assert run(more, db_url).stored == 3


def test_several_workers_store_the_same(
    db_url: str, tmp_path: Path, run: Callable[..., IngestReport]
) -> None:
    texts = generated(12)
    write_txt(tmp_path / "in", texts)
    report = run([tmp_path / "in"], db_url, workers=2)
    assert (report.stored, report.failed) == (12, 0)
    with open_store(db_url) as store:
        assert stats(store).articles == 12
        assert orphans(store) == {}


# -- killed and resumed -------------------------------------------------------

RESUME_DISTINCT = 66
RESUME_COPIES = 4


def _count_articles(url: str) -> int:
    try:
        with open_store(url) as store, store.engine.connect() as c:
            return int(c.execute(select(func.count()).select_from(articles)).scalar_one())
    except ClaimtraceError:
        return 0  # not created (or not migrated) yet


def _cli(folder: Path, url: str, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
    }
    with log.open("wb") as stderr:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [
                sys.executable,
                "-c",
                "from claimtrace.cli import main; main()",
                "ingest",
                str(folder),
                "--db",
                url,
                "--workers",
                "1",
            ],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env=env,
        )


def test_a_killed_ingest_resumes_without_duplicates_or_partial_articles(
    db_url: str, tmp_path: Path, engine: Engine
) -> None:
    texts = generated(RESUME_DISTINCT)
    folder = tmp_path / "in"
    write_txt(folder, texts)
    for k, key in enumerate(list(texts)[:RESUME_COPIES]):
        shutil.copy(folder / f"{key}.txt", folder / f"zcopy{k}.txt")
    # A named pipe read last: the first run can never finish by itself, so the
    # kill always lands in the middle (while it analyses, writes or waits).
    fifo = folder / "zzz-pipe.txt"
    os.mkfifo(fifo)

    process = _cli(folder, db_url, tmp_path / "first.log")
    try:
        deadline = time.monotonic() + 60
        while (stored := _count_articles(db_url)) == 0:
            assert process.poll() is None, (tmp_path / "first.log").read_text()
            assert time.monotonic() < deadline, "no article stored within 60 s"
            time.sleep(0.01)
        assert process.poll() is None
        process.send_signal(signal.SIGKILL)
    finally:
        process.kill()
        process.wait()
    assert process.returncode == -signal.SIGKILL
    at_kill = _count_articles(db_url)
    assert 0 < stored <= at_kill < RESUME_DISTINCT

    fifo.unlink()
    second = _cli(folder, db_url, tmp_path / "second.log")
    assert second.wait(timeout=120) == 0, (tmp_path / "second.log").read_text()
    summary = (tmp_path / "second.log").read_text()
    new = int(re.search(r"(\d+) stored", summary).group(1))  # type: ignore[union-attr]
    assert new == RESUME_DISTINCT - at_kill, summary

    with open_store(db_url) as store:
        assert stats(store).articles == RESUME_DISTINCT
        assert orphans(store) == {}
        with store.engine.connect() as c:
            stored_rows = c.execute(select(articles.c.id, articles.c.text)).all()
            per_article = dict(
                c.execute(
                    select(attributions.c.article_id, func.count()).group_by(
                        attributions.c.article_id
                    )
                ).all()
            )
            contents = {
                (r.article_id, r.local_id, r.content_text)
                for r in c.execute(
                    select(
                        attributions.c.article_id,
                        attributions.c.local_id,
                        attributions.c.content_text,
                    )
                )
            }
    assert {sha256(r.text) for r in stored_rows} == {sha256(t) for t in texts.values()}
    fresh = dict(
        zip(
            [r.id for r in stored_rows],
            engine.analyze_many([Document(r.text) for r in stored_rows]),
            strict=True,
        )
    )
    for article_id, article in fresh.items():
        assert per_article.get(article_id, 0) == len(article.attributions) > 0
        for a in article.attributions:
            assert (article_id, a.id, a.content.text) in contents


def test_two_writers_at_once_both_get_through(db_url: str, engine: Engine) -> None:
    """A second writer (another ingest) waits for the first instead of failing."""
    texts = generated(24)
    batch = list(engine.analyze_many([Document(t, id=k) for k, t in texts.items()]))
    open_store(db_url, write=True).close()
    failures: list[BaseException] = []

    def work(part: list[Any]) -> None:
        try:
            with open_store(db_url, write=True) as store, Writer(store) as writer:
                for article in part:  # read, then write: the order ingest uses
                    writer.known([article.text_sha256])
                    writer.write([(article, False)])
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=work, args=(batch[k::2],)) for k in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    with open_store(db_url) as store:
        assert stats(store).articles == len(texts)
        assert orphans(store) == {}
