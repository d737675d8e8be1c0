"""``claimtrace ingest``: read inputs, analyse what is new, store it, go on after errors.

The stages stay apart: ``ingest`` reads files into documents, the engine
analyses them (in worker processes), ``store`` writes them through its one
writer. An article whose text is stored already is not analysed again; each
batch is one transaction, so a run killed at any point leaves whole
articles only, and running it again picks up where it stopped.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache, partial
from itertools import islice

from claimtrace.batch import EngineFactory, analyze_stream
from claimtrace.engine import Engine
from claimtrace.ingest import AnnotatedDocument, Failure, read_inputs
from claimtrace.ingest.brat import is_brat_folder
from claimtrace.ingest.files import STDIN, expand
from claimtrace.ingest.sources import SUFFIXES
from claimtrace.model import Article, Document, sha256
from claimtrace.store.db import open_store
from claimtrace.store.writer import Writer

BATCH = 32


@dataclass
class IngestReport:
    """What an ingest did."""

    stored: int = 0
    replaced: int = 0
    skipped: int = 0
    failed: int = 0
    seconds: float = 0.0
    failures: list[Failure] = field(default_factory=list)

    @property
    def seen(self) -> int:
        return self.stored + self.replaced + self.skipped + self.failed

    def summary(self) -> str:
        rate = self.seen / self.seconds if self.seconds else 0.0
        return (
            f"{self.stored} stored, {self.replaced} replaced by annotations, "
            f"{self.skipped} already there, {self.failed} failed "
            f"({self.seen} inputs in {self.seconds:.1f}s, {rate:.1f}/s)"
        )


Progress = Callable[[IngestReport], None]


def _new_only(
    items: Iterable[Document | AnnotatedDocument | Failure],
    writer: Writer,
    report: IngestReport,
    gold: Callable[[], Engine],
) -> Iterator[Document | Failure]:
    """Documents whose text is not stored yet (annotated ones are written right here)."""
    stream = iter(items)
    while chunk := list(islice(stream, BATCH)):
        plain = [i for i in chunk if isinstance(i, Document)]
        known = writer.known([sha256(d.text) for d in plain])
        for item in chunk:
            if isinstance(item, AnnotatedDocument):
                yield from _annotated(item, writer, report, gold())
            elif isinstance(item, Document) and sha256(item.text) in known:
                report.skipped += 1
            else:
                yield item


def _annotated(
    item: AnnotatedDocument, writer: Writer, report: IngestReport, engine: Engine
) -> Iterator[Failure]:
    try:
        article = engine.analyze_annotated(item.document, item.attributions)
    except Exception as exc:
        yield Failure(
            item.document.path or item.document.id or "?", f"cannot read the annotations: {exc}"
        )
        return
    done = writer.write([(article, True)])
    report.stored += done.stored
    report.replaced += done.replaced


def ingest(
    paths: Iterable[str],
    url: str,
    *,
    workers: int = 1,
    factory: EngineFactory = Engine,
    progress: Progress | None = None,
) -> IngestReport:
    """Analyse and store every input behind ``paths``; failures are recorded, not raised."""
    report = IngestReport()
    started = time.perf_counter()
    store = open_store(url, write=True)
    try:
        with Writer(store) as writer:
            # Annotated folders are rare: their engine is built on first use.
            gold = cache(partial(Engine, use_models=False))
            fresh = _new_only(read_inputs(paths), writer, report, gold)
            # Analysis runs in worker processes while this one writes.
            results = analyze_stream(fresh, workers=workers, factory=factory, overlap=True)
            while chunk := list(islice(results, BATCH)):
                done: list[tuple[Article, bool]] = []
                for result in chunk:
                    if isinstance(result, Failure):
                        report.failed += 1
                        report.failures.append(result)
                        writer.error(result.path, result.reason)
                    else:
                        done.append((result, False))
                written = writer.write(done)
                report.stored += written.stored
                report.skipped += written.skipped
                report.seconds = time.perf_counter() - started
                if progress is not None:
                    progress(report)
    finally:
        store.close()
    report.seconds = time.perf_counter() - started
    return report


_ONE_EACH = (".txt", ".html", ".htm")


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many items ``paths`` will give, when that is cheap to know (for an ETA).

    Text and HTML files hold one article each, JSON Lines one per line; for
    feeds, WARC files, JSON arrays, brat folders and stdin the count is only
    known once they are read, so the answer is None.
    """
    total = 0
    for item in expand(paths, SUFFIXES, leaf=is_brat_folder):
        if isinstance(item, Failure):
            total += 1
            continue
        name = item.lower()
        if item == STDIN or not name.endswith((*_ONE_EACH, ".jsonl")):
            return None
        if name.endswith(_ONE_EACH):
            total += 1
            continue
        try:
            with open(item, "rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except OSError:
            total += 1  # it will be one Failure
    return total


def plain_progress(every: int = 100, total: int | None = None) -> Progress:
    """A line on stderr every ``every`` inputs (for logs and pipes), with an ETA when it can."""
    last = [0]

    def show(report: IngestReport) -> None:
        if report.seen - last[0] < every:
            return
        last[0] = report.seen
        rate = report.seen / report.seconds if report.seconds else 0.0
        line = f"claimtrace: {report.seen}"
        if total:
            line += f"/{total}"
        line += f" inputs, {rate:.1f}/s"
        if total and rate and total > report.seen:
            line += f", ETA {(total - report.seen) / rate:.0f}s"
        print(line, file=sys.stderr, flush=True)

    return show
