"""``analyze_stream``: input order, failures in place, and the collector left as found."""

from __future__ import annotations

import gc

from claimtrace.batch import YOUNG_OBJECTS, analyze_stream
from claimtrace.engine import Engine
from claimtrace.ingest.files import Failure
from claimtrace.model import Article, Document


def test_results_keep_input_order_and_failures_stay_in_place(engine: Engine) -> None:
    items = [
        Document("The minister said the bridge was closed.", id="a"),
        Failure("broken.txt", "not UTF-8"),
        Document("Police said two people were hurt.", id="b"),
    ]
    results = list(analyze_stream(items, factory=lambda: engine))
    assert [type(r) for r in results] == [Article, Failure, Article]
    assert [r.id for r in results if isinstance(r, Article)] == ["a", "b"]


def test_the_collector_is_tuned_during_a_stream_and_restored_after(engine: Engine) -> None:
    before = gc.get_threshold()
    frozen = gc.get_freeze_count()
    stream = analyze_stream(
        (Document(f"Officials said {n} roads were shut.") for n in range(3)),
        factory=lambda: engine,
    )
    next(stream)
    assert gc.get_threshold()[0] == YOUNG_OBJECTS != before[0]
    stream.close()  # a caller that stops early
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == frozen
    list(analyze_stream([Document("He said so.")], factory=lambda: engine))
    assert gc.get_threshold() == before
