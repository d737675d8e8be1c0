"""Our attributions in PolNeAR's terms: what ``to_triples`` keeps and leaves out."""

from __future__ import annotations

import claimtrace
from claimtrace.evaluate.run import to_triples


def _words(text: str, offsets: tuple[tuple[int, int], ...] | None) -> str | None:
    return " … ".join(text[s:e] for s, e in offsets) if offsets else None


def test_nested_and_conduit_attributions_are_left_out() -> None:
    text = (
        "Izvestia reported that Colonel Pierre Durand had said the brigades were exhausted. "
        "Oleg Ivanov told TASS that the bridge was closed."
    )
    article = claimtrace.analyze(text)
    cues = {a.cue.text for a in article.attributions}
    methods = {a.method for a in article.attributions}
    assert {"reported", "had said", "told"} <= cues and "conduit" in methods
    kept = [(_words(text, t.cue), _words(text, t.source)) for t in to_triples(article)]
    assert kept == [("reported", "Izvestia"), ("told", "Oleg Ivanov")]
