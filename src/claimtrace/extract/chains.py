"""Chains of sources: "Le Monde reported, citing a Ukrainian officer, that …".

A citing link ("citing X", "with reference to X", "quoting X") is its own
frame whose content is that of the report it qualifies; it reaches the
article through that report, so its ``parent`` points there.
"""

from __future__ import annotations

from claimtrace.extract.roles import Frame
from claimtrace.nlp.analysis import Analysis


def link_citations(a: Analysis, frames: list[Frame]) -> list[Frame]:
    """Give each citing frame its report's content and parent; drop orphans."""
    out: list[Frame] = []
    index: dict[int, int] = {}
    reports = [f for f in frames if f.cue.role == "verb" and f.content]
    for frame in frames:
        if frame.cue.role != "citing":
            index[id(frame)] = len(out)
            out.append(frame)
    for frame in frames:
        if frame.cue.role != "citing":
            continue
        sentence = a.sent_of[frame.cue.head]
        same = [r for r in reports if a.sent_of[r.cue.head] == sentence]
        before = [r for r in same if r.cue.start < frame.cue.start]
        after = [r for r in same if r.cue.start > frame.cue.start]
        parent = before[-1] if before else (after[0] if after else None)
        if parent is None:
            continue
        frame.content = list(parent.content)
        frame.parent = index[id(parent)]
        out.append(frame)
    return out
