"""Analyse a stream of documents, in one process or several, keeping input order.

A document that fails (unreadable, or an error inside analysis) becomes a
``Failure`` in its place; the others go on.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from claimtrace.engine import Engine
from claimtrace.ingest.files import Failure
from claimtrace.model import Article, Document

Item = Document | Failure
Result = Article | Failure
EngineFactory = Callable[[], Engine]

# The collector's young-generation threshold while a stream is analysed
# (Python's default: 700).
YOUNG_OBJECTS = 50_000

_ENGINE: Engine | None = None  # built once in the parent, inherited by forked workers


def _describe(exc: BaseException) -> str:
    return f"analysis failed ({type(exc).__name__}: {exc}); please report this with the input"


def analyze_items(engine: Engine, items: Iterable[Item], batch: int = 32) -> Iterator[Result]:
    """Analyse in-process, in batches; a failing batch is retried one by one."""
    stream = iter(items)
    while chunk := list(islice(stream, batch)):
        documents = [i for i in chunk if isinstance(i, Document)]
        done: Iterator[Result]
        try:
            done = iter(list(engine.analyze_many(documents, batch=batch)))
        except Exception:
            done = iter([_one(engine, d) for d in documents])
        for item in chunk:
            yield item if isinstance(item, Failure) else next(done)


def _one(engine: Engine, document: Document) -> Result:
    try:
        return engine.analyze(document)
    except Exception as exc:
        return Failure(document.path or document.id or "<text>", _describe(exc))


def _work(chunk: list[Item]) -> list[Result]:
    assert _ENGINE is not None
    return list(analyze_items(_ENGINE, chunk))


def analyze_stream(
    items: Iterable[Item],
    *,
    workers: int = 1,
    factory: EngineFactory = Engine,
    chunk: int = 16,
    overlap: bool = False,
) -> Iterator[Result]:
    """Analyse ``items`` with ``workers`` processes; results come in input order.

    The engine is built here, before any worker starts: an engine that cannot
    load (models missing or stale) fails once, with its own message, and the
    forked workers share its read-only models instead of loading their own.
    With ``overlap``, even one worker runs in its own process, so that what
    the caller does with the results (``ingest`` writes them) overlaps the
    analysis of the next ones.
    """
    global _ENGINE
    engine = factory()
    # What is alive now (the engine's lexicons, models, vocabulary) lives as
    # long as the run: out of the collector's reach, it is not walked at every
    # full collection (analysis makes many short-lived objects), and forked
    # workers do not copy its pages by touching it (the ``gc.freeze`` advice).
    # Unfrozen when the stream ends: in a long-lived caller (a server), what
    # was alive then may become garbage later, and must stay collectable.
    gc.freeze()
    # Analysis allocates many small objects, most of which live for one
    # batch: a young generation this large is collected a few times a batch
    # instead of hundreds (about a tenth of the analysis time otherwise).
    thresholds = gc.get_threshold()
    gc.set_threshold(YOUNG_OBJECTS, *thresholds[1:])
    try:
        if workers <= 1 and not overlap:
            yield from analyze_items(engine, items)
            return
        stream = iter(items)
        chunks = iter(lambda: list(islice(stream, chunk)), [])
        context = multiprocessing.get_context("fork")
        _ENGINE = engine
        with context.Pool(max(workers, 1)) as pool:
            for results in pool.imap(_work, chunks):
                yield from results
    finally:
        _ENGINE = None
        gc.set_threshold(*thresholds)
        gc.unfreeze()
