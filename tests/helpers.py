"""Assertions shared by claimtrace's tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from claimtrace.model import Article, Mention, Offsets, TextSpan
    from claimtrace.nlp.analysis import Analysis


def assert_offsets_valid(article: Article) -> None:
    """Fail unless every span in ``article`` lies inside its text and spells its own ``text``.

    Checks the source, cue, content and addressee of every attribution (and the
    descriptions of source and addressee), and the descriptions and mentions of
    every entity: each piece satisfies 0 <= start < end <= len(text), pieces come
    in order without overlapping, and the span's ``text`` is ``text[start:end]``
    of its pieces joined by the gap marker.
    """
    from claimtrace.model import GAP  # imported late: the self-checks run without the engine

    problems = [
        f"{where}: {problem}"
        for where, text, spans in _all_spans(article)
        for problem in _span_problems(article.text, text, spans, GAP)
    ]
    assert not problems, f"article {article.id!r} has invalid spans:\n" + "\n".join(problems)


def _all_spans(article: Article) -> Iterator[tuple[str, str, Offsets]]:
    """(where, text, spans) for every span the article's attributions and entities hold."""
    for attribution in article.attributions:
        where = f"attribution {attribution.id}"
        if attribution.source is not None:
            yield from _mention_spans(f"{where} source", attribution.source)
        yield f"{where} cue", attribution.cue.text, attribution.cue.spans
        yield f"{where} content", attribution.content.text, attribution.content.spans
        if attribution.addressee is not None:
            yield from _mention_spans(f"{where} addressee", attribution.addressee)
    for entity in article.entities:
        where = f"entity {entity.id} ({entity.name!r})"
        for index, description in enumerate(entity.descriptions):
            yield _text_span(f"{where} description {index}", description)
        for index, mention in enumerate(entity.mentions):
            yield _text_span(f"{where} mention {index}", mention)


def _mention_spans(where: str, mention: Mention) -> Iterator[tuple[str, str, Offsets]]:
    yield where, mention.text, mention.spans
    if mention.description is not None:
        yield _text_span(f"{where} description", mention.description)


def _text_span(where: str, span: TextSpan) -> tuple[str, str, Offsets]:
    return where, span.text, span.spans


def _span_problems(text: str, span_text: str, spans: Offsets, gap: str) -> Iterator[str]:
    """What is wrong with one span of ``text``, if anything."""
    if not spans:
        yield f"{span_text!r} has no pieces"
        return
    previous_end = 0
    for start, end in spans:
        if not 0 <= start < end <= len(text):
            yield f"piece ({start}, {end}) is not inside 0..{len(text)} or is empty"
            return
        if start < previous_end:
            yield f"piece ({start}, {end}) overlaps or precedes the piece before it"
        previous_end = end
    spelled = gap.join(text[start:end] for start, end in spans)
    if spelled != span_text:
        yield f"text {span_text!r} but its pieces spell {spelled!r}"


def marked_labels(marked: str) -> tuple[Analysis, npt.NDArray[np.int8]]:
    """The analysed text of ``marked`` and the span tagger's labels its marks stand for.

    Marks are ``[S …]`` (source), ``[Q …]`` (cue) and ``[C …]`` (content):
    "[S Petrov] [Q said] [C the bridge was closed]."
    """
    import re

    import numpy as np

    from claimtrace.extract.spans import label_ids
    from claimtrace.nlp.analysis import analyse, token_ranges
    from claimtrace.nlp.pipeline import load_nlp
    from claimtrace.nlp.tagger import default_tagger

    roles = {"S": "source", "Q": "cue", "C": "content"}
    text, spans = "", {role: [] for role in roles.values()}
    last = 0
    for match in re.finditer(r"\[([SQC]) ([^\]]*)\]", marked):
        text += marked[last : match.start()]
        spans[roles[match.group(1)]].append((len(text), len(text) + len(match.group(2))))
        text += match.group(2)
        last = match.end()
    text += marked[last:]
    a = analyse(text, load_nlp(), default_tagger())
    tokens = {role: token_ranges(a, tuple(offsets)) for role, offsets in spans.items()}
    return a, label_ids(len(a), tokens).astype(np.int8)


def token_text(a: Analysis, span: tuple[int, int] | None) -> str | None:
    """The text of tokens [start, end) of ``a`` (None for no span)."""
    if span is None:
        return None
    start, end = a.char_span(*span)
    return a.text[start:end]
