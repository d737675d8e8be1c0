"""Quotations that run on after their attribution.

News often gives a speaker's words over several sentences or paragraphs
with a single cue: 'Petrov said: "…" ¶ "…"'. A quotation that stands alone
(nothing outside it in its sentence but punctuation) and directly follows
an attributed content in the same or the next paragraph continues that
content.
"""

from __future__ import annotations

from claimtrace.extract.roles import Frame, content_tokens
from claimtrace.nlp.analysis import Analysis
from claimtrace.nlp.layout import QuoteRegion


def _alone(a: Analysis, region: QuoteRegion) -> bool:
    first = max(a.sentence(region.open)[0], region.open - 8)
    last = min(a.sentence(region.close)[1], region.close + 9)
    if first > a.sentence(region.open)[0] or last < a.sentence(region.close)[1]:
        return False  # more than punctuation around it
    outside = [*range(first, region.open), *range(region.close + 1, last)]
    return all(not any(ch.isalnum() for ch in a.words[i]) for i in outside)


def _frame_end(frame: Frame) -> int:
    ends = [e for _, e in frame.content] + [frame.cue.end]
    for rng in (frame.source, frame.description, frame.addressee):
        if rng:
            ends.append(rng[1])
    return max(ends)


def _quoted(a: Analysis, frame: Frame) -> bool:
    return any(a.quote_of[s] >= 0 for s, _ in frame.content)


def _speaker_of(a: Analysis, before: list[Frame]) -> Frame:
    """The frame a run-on quotation continues: the last one, unless it is a
    participle ('"…," she said, adding that …. "…"'), whose quoted frame it
    then continues, when one stands in the same paragraph."""
    last = before[-1]
    if a.tags[last.cue.head] != "VBG" or _quoted(a, last):
        return last
    paragraph = a.para_of[last.cue.head]
    for frame in reversed(before[:-1]):
        if a.para_of[frame.cue.head] != paragraph:
            break
        if _quoted(a, frame):
            return frame
    return last


_TAIL = 30  # tokens of a sentence that may trail its cue ("said in a statement on Monday.")


def _adjoining(a: Analysis, frame: Frame, end: int, region: QuoteRegion) -> bool:
    """Whether nothing but punctuation stands between a frame and a quotation, or,
    for a frame of quoted words, only the rest of its own sentence:
    '"…," Cummings said of the platform committee. "…"' continues the quote."""
    gap = range(end, region.open)
    if not any(any(ch.isalnum() for ch in a.words[i]) for i in gap):
        return len(gap) <= 8
    if len(gap) > _TAIL or not _quoted(a, frame):
        return False
    sentence = a.sent_of[end - 1]
    return all(a.sent_of[i] == sentence or not any(ch.isalnum() for ch in a.words[i]) for i in gap)


def continue_quotes(a: Analysis, frames: list[Frame]) -> None:
    """Append stand-alone quotations to the content of the frame they follow."""
    if not frames:
        return
    covered = content_tokens(frames, len(a))
    ordered = sorted(frames, key=_frame_end)
    k = 0
    for region in a.quotes:
        if region.depth or any(covered[region.open : region.close + 1]):
            continue
        while k + 1 < len(ordered) and _frame_end(ordered[k + 1]) <= region.open:
            k += 1
        frame = ordered[k]
        end = _frame_end(frame)
        if (
            end > region.open
            or frame.cue.role in ("citing", "according", "headline")
            or frame.parent is not None
        ):
            continue
        if not _adjoining(a, frame, end, region):
            continue
        if a.para_of[region.open] - a.para_of[end - 1] > 1 or not _alone(a, region):
            continue
        frame = _speaker_of(a, ordered[: k + 1])
        frame.content.append((region.open, region.close + 1))
        covered[region.open : region.close + 1] = b"\x01" * (region.close + 1 - region.open)
