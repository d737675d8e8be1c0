"""Run the engine over an annotated corpus and score it.

Our attributions are mapped to PolNeAR's conventions before scoring: a
source is the whole noun phrase the outlet used (name, title, apposition:
"Dan Gerstein, director of Gotham Ghostwriters"), and conduit attributions
(the medium a source was told to) and attributions inside another's content
("… reported that Colonel Durand had said …") are left out, since PolNeAR
has neither.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from claimtrace.batch import EngineFactory, analyze_stream
from claimtrace.engine import Engine
from claimtrace.evaluate.polnear import GoldDocument, read_corpus
from claimtrace.evaluate.scoring import Scores, SpanTriple, score
from claimtrace.model import Article, Attribution, Document, Mention, Offsets

_DETERMINER_BEFORE = re.compile(r"(?i)(?:the|a|an) $")


def source_phrase(text: str, mention: Mention) -> Offsets:
    """The source as PolNeAR marks it: name and description as one phrase."""
    if mention.phrase is not None:
        return mention.phrase.spans
    pieces = list(mention.spans)
    if mention.description is not None:
        pieces.extend(mention.description.spans)
    start, end = min(s for s, _ in pieces), max(e for _, e in pieces)
    found = _DETERMINER_BEFORE.search(text, max(0, start - 4), start)
    if mention.description is not None and found is not None:
        start = found.start()
    return ((start, end),)


def _nested(attribution: Attribution, article: Article) -> bool:
    """Whether the attribution's cue lies inside another attribution's content."""
    cue = attribution.cue
    return any(
        other is not attribution
        and any(s <= cue.start and cue.end <= e for s, e in other.content.spans)
        for other in article.attributions
    )


def to_triples(article: Article) -> list[SpanTriple]:
    """An article's attributions in PolNeAR's terms."""
    triples = []
    for attribution in article.attributions:
        if attribution.method == "conduit" or _nested(attribution, article):
            continue
        source = source_phrase(article.text, attribution.source) if attribution.source else None
        cue = attribution.cue_phrase or attribution.cue
        triples.append(SpanTriple(source, cue.spans, attribution.content.spans))
    return triples


def predictions(
    gold: list[GoldDocument], *, workers: int = 1, factory: EngineFactory = Engine
) -> Iterator[tuple[GoldDocument, Article]]:
    """Each gold document with the article the engine makes of its text."""
    documents = (Document(text=g.text, id=g.id) for g in gold)
    for document, result in zip(
        gold, analyze_stream(documents, workers=workers, factory=factory), strict=True
    ):
        if not isinstance(result, Article):
            raise RuntimeError(f"{document.id}: {result.reason}")
        yield document, result


def evaluate(directory: Path, *, workers: int = 1, factory: EngineFactory = Engine) -> Scores:
    """Score the engine on a directory in PolNeAR's layout (text/, attributions/)."""
    gold = list(read_corpus(directory))
    return score(
        (g.text, g.attributions, to_triples(article))
        for g, article in predictions(gold, workers=workers, factory=factory)
    )
