"""The article reader's segments: the text cut at every span boundary, each piece with its roles."""

from __future__ import annotations

import pytest

import claimtrace
from claimtrace.web.render import segments
from tests.conftest import ROOT

ARTICLES = sorted((ROOT / "examples" / "articles").glob("*.txt"))


@pytest.mark.parametrize("path", ARTICLES, ids=lambda p: p.stem)
def test_segments_cover_the_text_and_every_span(path) -> None:  # type: ignore[no-untyped-def]
    article = claimtrace.analyze(path.read_text(encoding="utf-8"), id=path.stem)
    pieces = segments(article)
    assert "".join(p.text for p in pieces) == article.text
    starts = [0]
    for piece in pieces:
        starts.append(starts[-1] + len(piece.text))
    for a in article.attributions:
        roles = [("cue", a.cue.spans), ("content", a.content.spans)]
        if a.source is not None:
            roles.append(("source", a.source.spans))
        for _role, spans in roles:
            for start, end in spans:
                inside = [
                    p for p, s, e in zip(pieces, starts, starts[1:], strict=False)
                    if start <= s and e <= end and s < e
                ]  # fmt: skip
                assert inside, (a.id, start, end)
                assert all(a.id in p.attributions for p in inside), (a.id, start, end)
        cue_start = a.cue.spans[0][0]
        first = next(p for p, s in zip(pieces, starts, strict=False) if s == cue_start)
        opened = article.attribution(first.attributions[0])  # what a click opens
        assert first.role == "cue" and opened.cue.spans[0][0] == cue_start
