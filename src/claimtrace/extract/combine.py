"""Combine the span tagger's attributions with the rules' frames.

The tagger finds cues the rules have no pattern for ("backs", "reserved
his most eloquent passion for"), tells which of the rules' cues report
nothing, and marks sources and contents where the corpus' annotators put
them; the rules know chains, addressees and the structure of a source
("Alexander Petrov, a military expert at …"). Where both found a cue, the
rule's frame takes the tagger's spans (``_adopt``) and keeps what only the
rules know; a cue only the tagger found makes a frame of its own, its
source split into name and apposition (``_new``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from claimtrace.evaluate.scoring import SpanTriple
from claimtrace.extract.cues import Cue
from claimtrace.extract.linking import Links, Tagged
from claimtrace.extract.roles import (
    Frame,
    content_tokens,
    skip_space,
    source_ranges,
    split_source,
    trim,
)
from claimtrace.extract.spans import words
from claimtrace.nlp.analysis import Analysis, token_ranges

TokenRange = tuple[int, int]

MODEL_CONFIDENCE = 0.7


def _cue(a: Analysis, span: TokenRange) -> Cue:
    words = " ".join(a.words[span[0] : span[1]]).lower()
    role = "according" if words.startswith("according to") else "verb"
    return Cue(span[0], span[1], span[0], words, "model", role)


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


def _overlaps(span: TokenRange | None, other: TokenRange | None) -> bool:
    return span is not None and other is not None and span[0] < other[1] and other[0] < span[1]


def _pieces(a: Analysis, ranges: Sequence[TokenRange]) -> list[TokenRange]:
    """Content pieces without edge spaces and punctuation (quote marks stay)."""
    return [p for p in (trim(a, s, e) for s, e in ranges) if p is not None]


def _carve(
    a: Analysis, ranges: Sequence[TokenRange], holes: Sequence[TokenRange]
) -> list[TokenRange]:
    """``ranges`` without the tokens of ``holes``, trimmed."""
    out = list(ranges)
    for h0, h1 in holes:
        cut = []
        for s, e in out:
            if e <= h0 or s >= h1:
                cut.append((s, e))
                continue
            if s < h0:
                cut.append((s, h0))
            if e > h1:
                cut.append((h1, e))
        out = cut
    return _pieces(a, out)


_PREPOSITIONS = frozenset({"to", "with"})


def _told(a: Analysis, frame: Frame) -> TokenRange | None:
    """A frame's addressee with the preposition before it ("explained to Izvestia")."""
    if frame.addressee is None:
        return None
    start, end = frame.addressee
    before = skip_space(a, start - 1, -1)
    if before >= 0 and a.lowers[before] in _PREPOSITIONS:
        start = before
    return start, end


def _cue_phrase(rule: Cue, tagged: TokenRange, stops: Sequence[TokenRange | None]) -> TokenRange:
    """The rule's cue with what the tagged cue adds around it, but not past the
    ``stops`` after it (the addressee, a chain link's cue)."""
    start, end = min(rule.start, tagged[0]), max(rule.end, tagged[1])
    for stop in stops:
        if stop is not None and stop[0] >= rule.end:
            end = min(end, stop[0])
    return start, max(end, rule.end)


def _directive(a: Analysis, frame: Frame) -> bool:
    """Whether a frame's addressee is the object of a directive: "asked Republican
    leaders to disavow him" (an infinitive after it)."""
    if frame.addressee is None:
        return False
    i = skip_space(a, frame.addressee[1], 1)
    return i + 1 < len(a) and a.lowers[i] == "to" and a.tags[i + 1].startswith("VB")


def _adopt(
    a: Analysis,
    rule: Frame,
    tagged: Tagged,
    links: Sequence[Frame],
    orphans: Sequence[TokenRange],
) -> Frame:
    """A rule's frame with the tagger's content and source phrase.

    The cue stays the rule's: the verb group ("said", "told", "’s view is").
    What the tagger adds to it ("said in a statement on Tuesday", "said on
    CNN"), as PolNeAR's annotators mostly do, is the frame's ``cue_phrase``,
    up to the addressee ("told Izvestia" is "told") and to the cue of a
    chain link ("wrote with reference to …" is "wrote"). The content leaves
    out the cue phrase, the addressee, and the cue and source of the chain
    ``links`` that hang on this frame ("reported, citing a Ukrainian
    officer, that …"). The tagged ``orphans`` (contents that joined no cue,
    overlapping the rule's content) join it: the rules know quotations that
    run on over paragraphs.
    """
    told = _told(a, rule)
    phrase = _cue_phrase(rule.cue, tagged.cue, [told, *((k.cue.start, k.cue.end) for k in links)])
    phrase = trim(a, *phrase) or phrase
    if _directive(a, rule):
        told = None
    holes = [phrase, *([told] if told else [])]
    for link in links:
        holes.extend(r for r in (link.source, link.description) if r is not None)
        holes.append((link.cue.start, link.cue.end))
    found = [*tagged.content, *orphans]
    content = _carve(a, found, holes) if found else []
    frame = replace(rule, content=content or list(rule.content))
    if phrase != (rule.cue.start, rule.cue.end):
        frame.cue_phrase = phrase
    if tagged.source is None:
        return frame
    mine = rule.source if rule.description is None else _phrase_of(rule)
    if not _overlaps(tagged.source, mine):
        frame.source, frame.description = split_source(a, tagged.source)
    frame.phrase = tagged.source
    return frame


def _phrase_of(frame: Frame) -> TokenRange | None:
    if frame.source is None:
        return frame.description
    if frame.description is None:
        return frame.source
    return min(frame.source[0], frame.description[0]), max(frame.source[1], frame.description[1])


def _new(a: Analysis, tagged: Tagged, cue_words: frozenset[str]) -> Frame | None:
    """A frame for a cue the rules did not find: none without a content, or when
    no word of the cue is among the ``cue_words`` (if there are any)."""
    pieces = _pieces(a, tagged.content)
    if not pieces:
        return None
    if (
        cue_words
        and not _colon_of(a, tagged)
        and not any(w in cue_words for i in range(*tagged.cue) for w in words(a.words[i]))
    ):
        return None
    frame = Frame(
        cue=_cue(a, tagged.cue), content=pieces, method="model", confidence=MODEL_CONFIDENCE
    )
    if tagged.source is not None:
        frame.source, frame.description = split_source(a, tagged.source)
        frame.phrase = tagged.source
    return frame


def _colon_of(a: Analysis, tagged: Tagged) -> bool:
    """Whether a tagged cue is the colon after its source ("Lopez: Well, no one …"),
    not after the "Q" or "A" of an interview's transcript, which names nobody."""
    start, end = tagged.cue
    source = tagged.source
    return (
        end == start + 1
        and a.words[start] == ":"
        and source is not None
        and source[1] == start
        and not (source[1] - source[0] == 1 and len(a.words[source[0]]) == 1)
    )


# Rules' frames kept when the tagger did not mark their cue: chain links, the
# fixed phrases of the lexicon ("according to", "in the words of", "X's view
# is"), which are rarely wrong, a headline's "Name: claim", and a subject set off by
# commas ("The ministry, in a statement, said"), which the tagger was not shown.
KEEP_ROLES = frozenset({"citing", "according", "view", "headline", "interrupted"})


def combine(
    a: Analysis, links: Links, rules: Sequence[Frame], cue_words: frozenset[str] = frozenset()
) -> list[Frame]:
    """The final frames of a text: the span tagger's attributions, each dressed in the
    frame of the rule that found the same cue (its source's name and apposition,
    addressee, chain link), and the rules' chain links.

    A rule's frame whose cue the tagger did not mark goes, except a "citing"
    link of a chain ("Le Monde reported, citing a Ukrainian officer, …"),
    which PolNeAR does not annotate but a reader needs (kept as the rules
    made it, with its report's content), the lexicon's fixed phrases, and an
    attribution inside another's content or source phrase. A tagged cue the rules did not
    find goes when none of its words is among the ``cue_words`` of the
    tagger's training, and when it lies inside a kept frame's content:
    PolNeAR never nests attributions. Frames come out in cue order, their
    ``parent`` links renumbered.
    """
    rule_at = [-1] * len(a)
    for k in range(len(rules) - 1, -1, -1):
        cue = rules[k].cue
        rule_at[cue.start : cue.end] = [k] * (cue.end - cue.start)
    links_of: dict[int, list[Frame]] = {}  # a report's chain links
    for rule in rules:
        if rule.parent is not None:
            links_of.setdefault(rule.parent, []).append(rule)
    orphan_at = np.full(len(a), -1, dtype=np.int64)
    for j, (start, end) in enumerate(links.orphans):
        orphan_at[start:end] = j
    chosen: dict[int, Frame] = {}  # rule index → the frame made from it
    out: list[Frame] = []
    for t in links.attributions:
        hits = [
            k
            for k in dict.fromkeys(rule_at[t.cue[0] : t.cue[1]])
            if k >= 0 and k not in chosen and rules[k].cue.role != "citing"
        ]
        if hits:
            k = hits[0]
            near = {int(j) for s, e in rules[k].content for j in orphan_at[s:e] if j >= 0}
            orphans = [links.orphans[j] for j in sorted(near)]
            frame = _adopt(a, rules[k], t, links_of.get(k, []), orphans)
            chosen[k] = frame
        elif any(k >= 0 for k in rule_at[t.cue[0] : t.cue[1]]):
            continue  # a chain link's cue: the rules' frame stands
        else:
            made = _new(a, t, cue_words)
            if made is None:
                continue
            frame = made
        out.append(frame)
    for k, rule in enumerate(rules):
        if k in chosen or rule.cue.role not in KEEP_ROLES:
            continue
        report = chosen.get(rule.parent) if rule.parent is not None else None
        if rule.cue.role == "citing" and report is None:
            continue
        frame = replace(rule, content=list(report.content) if report else list(rule.content))
        chosen[k] = frame
        out.append(frame)
    reported = content_tokens(out, len(a))
    # A tagged cue's own content never covers it: covered is inside another's.
    out = [f for f in out if f.method != "model" or not all(reported[f.cue.start : f.cue.end])]
    # Reported speech inside reported speech ("Izvestia reported that Colonel
    # Durand had said …"): PolNeAR annotates the outer attribution only, so the
    # tagger takes the inner one for content; the rules' frame for it stays,
    # one more step back to the first source.
    # So is a claim in a relative clause of a speaker's description, which the
    # tagger took for part of the source phrase ("Mayor Ilse Brandt, who
    # previously argued that the bridge was safe, conceded …"): PolNeAR gives
    # it an attribution of its own, with "who" as its source.
    for frame in out:
        for start, end in source_ranges(frame):
            reported[start:end] = b"\x01" * (end - start)
    for k, rule in enumerate(rules):
        if k not in chosen and rule.content and all(reported[rule.cue.start : rule.cue.end]):
            frame = replace(rule, content=list(rule.content))
            chosen[k] = frame
            out.append(frame)
    out.sort(key=lambda f: (f.cue.start, f.cue.end))
    position = {id(f): n for n, f in enumerate(out)}
    origin = {id(frame): k for k, frame in chosen.items()}
    for frame in out:
        index = origin.get(id(frame))
        parent = rules[index].parent if index is not None else None
        frame.parent = (
            position.get(id(chosen[parent])) if parent is not None and parent in chosen else None
        )
    return out
