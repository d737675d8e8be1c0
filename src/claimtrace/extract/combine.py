"""Combine the learned taggers' findings with the rules' frames.

The taggers find cues the rules have no pattern for ("backs", "reserved
his most eloquent passion for") and mark sources and contents as the
corpus does; the rules know chains, addressees and the structure of a
source ("Alexander Petrov, a military expert at …"). Where both found the
same cue, the rules' frame stands (its spans already match the corpus'
conventions closely; the taggers learnt from them); elsewhere the taggers'
frame is added, with its source split into name and apposition.
"""

from __future__ import annotations

from collections.abc import Sequence

from claimtrace.evaluate.scoring import SpanTriple
from claimtrace.extract.cues import Cue
from claimtrace.extract.learned import CueFindings
from claimtrace.extract.roles import Frame, trim
from claimtrace.nlp.analysis import Analysis, token_ranges
from claimtrace.nlp.chunks import apposition

TokenRange = tuple[int, int]

MODEL_CONFIDENCE = 0.7


def _cue(a: Analysis, span: TokenRange) -> Cue:
    words = " ".join(a.words[span[0] : span[1]]).lower()
    role = "according" if words.startswith("according to") else "verb"
    return Cue(span[0], span[1], span[0], words, "model", role)


def split_source(a: Analysis, span: TokenRange) -> tuple[TokenRange, TokenRange | None]:
    """A tagged source phrase as name and apposition: "Dan Gerstein, director of …"."""
    start, end = span
    for i in range(start + 1, end - 1):
        if a.words[i] == ",":
            description = apposition(a, i, end)
            if description is not None:
                return (start, i), trim(a, *description) or description
            break
    return span, None


def model_frames(
    a: Analysis,
    cues: Sequence[TokenRange],
    roles: Sequence[tuple[list[TokenRange], list[TokenRange]]],
) -> list[Frame]:
    """Frames from the taggers: the source segment nearest its cue, every content segment."""
    frames = []
    for cue, (sources, contents) in zip(cues, roles, strict=True):
        pieces = [p for p in (trim(a, s, e) for s, e in contents) if p is not None]
        words = [i for i in range(*cue) if not a.words[i].isspace()]
        if not pieces or not words:
            continue
        cue = (words[0], words[-1] + 1)
        frame = Frame(cue=_cue(a, cue), content=pieces, method="model", confidence=MODEL_CONFIDENCE)
        if sources:
            nearest = min(sources, key=lambda s: min(abs(s[0] - cue[1]), abs(cue[0] - s[1])))
            trimmed = trim(a, *nearest)
            if trimmed is not None:
                frame.source, frame.description = split_source(a, trimmed)
        frames.append(frame)
    return frames


def confirmed(
    frames: Sequence[Frame], found: CueFindings, k: int, base: int, size: int, veto: float
) -> list[Frame]:
    """The rules' frames of text ``k`` that the cue tagger does not overrule.

    A verb cue the rules found but the tagger did not mark, and to whose every
    word the BiLSTM gives a cue probability under ``veto``, goes: most are
    verbs inside someone else's reported words ("she said the plan *shows* …")
    or verbs that report nothing here. Without a BiLSTM every frame stays.
    ``base`` is the text's first token in the batch, ``size`` its length.
    """
    if found.probability is None:
        return list(frames)
    tagged = bytearray(size)
    for start, end in found.spans[k]:
        tagged[start:end] = b"\x01" * (end - start)
    keep = [
        frame.cue.role != "verb"
        or any(tagged[frame.cue.start : frame.cue.end])
        or float(found.probability[base + frame.cue.start : base + frame.cue.end].max()) >= veto
        for frame in frames
    ]
    where = {old: new for new, old in enumerate(i for i, kept in enumerate(keep) if kept)}
    out = [frame for frame, kept in zip(frames, keep, strict=True) if kept]
    for frame in out:
        if frame.parent is not None:
            frame.parent = where.get(frame.parent)
    return out


def merge(first: Sequence[Frame], second: Sequence[Frame], size: int) -> list[Frame]:
    """The frames of ``first``, plus those of ``second`` whose cue none of them has
    and that do not sit inside another frame's content (texts of ``size`` tokens).

    A learned cue inside reported content ("she said the contract *favoured*
    the supplier") is most often a false alarm: the corpus the taggers learnt
    from never nests attributions. ``parent`` links (indices into their own
    list) are renumbered; a link to a frame that was left out is dropped.
    """
    out = list(first)
    cue_at = bytearray(size)  # tokens some kept frame's cue covers
    reported = bytearray(size)  # tokens inside some frame's content
    for frame in first:
        cue_at[frame.cue.start : frame.cue.end] = b"\x01" * (frame.cue.end - frame.cue.start)
    for frame in [*first, *second]:
        for s, e in frame.content:
            reported[s:e] = b"\x01" * (e - s)
    where: dict[int, int] = {}
    for k, frame in enumerate(second):
        span = range(frame.cue.start, frame.cue.end)
        if all(reported[i] for i in span) or any(cue_at[i] for i in span):
            continue
        where[k] = len(out)
        out.append(frame)
        cue_at[frame.cue.start : frame.cue.end] = b"\x01" * len(span)
    for k, index in where.items():
        parent = second[k].parent
        out[index].parent = where.get(parent) if parent is not None else None
    return out


def annotated_frame(a: Analysis, triple: SpanTriple) -> Frame | None:
    """A frame from annotated character offsets (brat): the annotator's spans, method "gold"."""
    cue = token_ranges(a, triple.cue)
    content = token_ranges(a, triple.content)
    if not cue or not content:
        return None
    frame = Frame(
        cue=_cue(a, (cue[0][0], cue[-1][1])),
        content=content,
        method="gold",
        confidence=1.0,
    )
    source = token_ranges(a, triple.source)
    if source:
        frame.source, frame.description = split_source(a, (source[0][0], source[-1][1]))
    return frame
