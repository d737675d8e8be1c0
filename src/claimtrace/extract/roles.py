"""From a cue to its roles: who is the source, what is the content, who was told.

The rules read tokens, part-of-speech tags, noun phrases (``nlp.chunks``)
and quotation regions (``nlp.layout``) around each cue, within its sentence
or the quotation it closes. ``frames(...)`` returns one ``Frame`` per cue
that has a content; a cue whose roles cannot be found yields nothing, and
never stops the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from claimtrace.extract.cues import Cue
from claimtrace.nlp.analysis import Analysis
from claimtrace.nlp.chunks import apposition, np_left, np_right
from claimtrace.nlp.layout import is_quote_mark

TokenRange = tuple[int, int]

_TIME_WORDS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
     "yesterday", "tonight", "tomorrow", "earlier", "later", "recently", "again", "afterwards",
     "previously", "separately", "privately", "publicly", "repeatedly", "once", "too", "also",
     "then", "now", "explicitly", "bluntly", "flatly", "firmly", "simply", "directly"}
)  # fmt: skip
_PERIOD_WORDS = frozenset(
    {"last", "this", "next", "on", "in", "at", "during", "after", "before",
     "over", "via", "through", "from", "by", "while", "late", "early"}
)  # fmt: skip
_INTERVIEW = ("in", "an", "interview", "with")
_PUNCT_EDGES = frozenset({",", ".", ";", ":", "—", "–", "-", "!", "?", "…"})
_CLAUSE_BREAKERS = frozenset({"but", "while", "whereas", "although", "though"})


@dataclass(slots=True)
class Frame:
    """An attribution found by the rules, in token ranges (not yet annotated)."""

    cue: Cue
    content: list[TokenRange]
    source: TokenRange | None = None
    description: TokenRange | None = None
    addressee: TokenRange | None = None
    parent: int | None = None  # index of the frame this one reaches the article through
    phrase: TokenRange | None = None  # the source's whole noun phrase, as the span tagger marks it
    cue_phrase: TokenRange | None = None  # the cue and what the tagger adds: "said on CNN"
    method: str = ""
    confidence: float = 0.9
    extra: dict[str, str] = field(default_factory=dict)


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


def source_ranges(frame: Frame) -> list[TokenRange]:
    """The frame's source, description and phrase, those it has."""
    return [r for r in (frame.source, frame.description, frame.phrase) if r is not None]


def content_tokens(frames: Iterable[Frame], size: int) -> bytearray:
    """1 on each of a text's ``size`` tokens that lies inside some frame's content."""
    covered = bytearray(size)
    for frame in frames:
        for start, end in frame.content:
            covered[start:end] = b"\x01" * (end - start)
    return covered


def skip_space(a: Analysis, i: int, step: int) -> int:
    """The first token from ``i`` on (``step`` 1) or back (-1) that is not a space."""
    while 0 <= i < len(a) and a.words[i].isspace():
        i += step
    return i


def trim(a: Analysis, start: int, end: int) -> TokenRange | None:
    """Tokens [start, end) without spaces and edge punctuation (quote marks stay)."""
    while start < end and (a.words[start].isspace() or a.words[start] in _PUNCT_EDGES):
        start += 1
    while end > start and (a.words[end - 1].isspace() or a.words[end - 1] in _PUNCT_EDGES):
        end -= 1
    first = start  # quote marks only is nothing (no slice: ranges may be long)
    while first < end and is_quote_mark(a.words[first]):
        first += 1
    if first >= end:
        return None
    return start, end


@dataclass(frozen=True, slots=True)
class _Bounds:
    """Where one cue's roles may lie: its sentence, less any header."""

    start: int
    end: int


# How far around its cue a role may reach inside an overlong "sentence" (a
# text without punctuation): keeps every cue's work bounded, so the whole
# pass stays linear in the length of the text.
_REACH_BEFORE = 150
_REACH_AFTER = 250


def _bounds(a: Analysis, cue: Cue, usable: list[bool]) -> _Bounds:
    s0, s1 = a.sentence(cue.head)
    s0 = max(s0, cue.start - _REACH_BEFORE)
    s1 = min(s1, cue.end + _REACH_AFTER)
    while s0 < cue.start and not usable[s0]:
        s0 += 1
    return _Bounds(s0, s1)


def _quote_closing_at(a: Analysis, j: int) -> TokenRange | None:
    """The outer quotation whose closing mark is token ``j``, as a token range."""
    if j < 0 or j >= len(a):
        return None
    q = int(a.quote_of[j])
    if q >= 0 and a.quotes[q].close == j and a.quotes[q].closed:
        return a.quotes[q].open, j + 1
    return None


def _quote_opening_at(a: Analysis, i: int) -> TokenRange | None:
    if i < 0 or i >= len(a):
        return None
    q = int(a.quote_of[i])
    if q >= 0 and a.quotes[q].open == i:
        return i, a.quotes[q].close + 1
    return None


def _floor(a: Analysis, i: int, s0: int) -> int:
    """The first token a subject ending before ``i`` may use: after any earlier quote."""
    j = i - 1
    while j >= s0:
        if a.quote_of[j] >= 0:
            return j + 1
        j -= 1
    return s0


def _subject(
    a: Analysis, cue: Cue, b: _Bounds, *, interrupted: bool = False
) -> tuple[TokenRange, TokenRange | None] | None:
    """The source before the cue, with an apposition between them if any; with
    ``interrupted`` (the frames that join after the span tagger), also across
    a phrase set off by commas that is no apposition ("The ministry, in a
    statement on Monday, said"), and the "who" of a relative clause set off
    by a comma ("Mayor Ilse Brandt, who previously argued that …")."""
    k = skip_space(a, cue.start - 1, -1)
    floor = _floor(a, cue.start, b.start)
    if k < floor:
        return None
    who = _relative_pronoun(a, k, floor) if interrupted else None
    if who is not None:
        return (who, who + 1), None
    if a.lowers[k] in ("and", "but") and floor == b.start:
        # "The council put the damage at $3.5 million and said …": the
        # sentence's subject is the coordinated verb's too.
        first = skip_space(a, b.start, 1)
        end = np_right(a, first, k)
        if end is not None and a.tags[skip_space(a, end, 1)].startswith(("VB", "MD")):
            return (first, end), None
        return None
    if a.words[k] == ",":
        c = k - 1
        while c >= floor and a.words[c] != "," and k - c <= 32:
            c -= 1
        if c < floor or a.words[c] != ",":
            return None
        appos = apposition(a, c, k)
        if appos is None:
            if not interrupted or not _interruption(a, c, k):
                return None
            subject = _opening_subject(a, c, floor)
            return (subject, None) if subject is not None else None
        start = np_left(a, c, floor)
        return ((start, c), appos) if start is not None else None
    if a.words[k] == ")":
        # "The World Health Organization (WHO) said": skip the parenthesis.
        opening = next(
            (j for j in range(k - 1, max(floor, k - 8) - 1, -1) if a.words[j] == "("), None
        )
        if opening is None:
            return None
        k = skip_space(a, opening - 1, -1)
    start = np_left(a, k + 1, floor)
    if start is None:
        return None
    return _relative(a, start, cue.start, floor) or ((start, k + 1), None)


_RELATIVES = frozenset({"who", "which", "that", "whose"})


def _relative_pronoun(a: Analysis, k: int, floor: int) -> int | None:
    """The "who" of a relative clause set off by a comma or dash that ends at ``k``
    (adverbs aside): "Mayor Ilse Brandt, who previously argued that …". PolNeAR
    gives "who" to the clause's cue as its source (422 times in the train
    split); ``split_relative_sources`` names the noun phrase it stands for."""
    while k > floor and a.tags[k] == "RB":
        k = skip_space(a, k - 1, -1)
    if k <= floor or a.lowers[k] != "who" or a.tags[k] != "WP":
        return None
    before = skip_space(a, k - 1, -1)
    return k if before >= floor and a.words[before] in _BEFORE_RELATIVE else None


def _relative(
    a: Analysis, start: int, cue_start: int, floor: int
) -> tuple[TokenRange, TokenRange] | None:
    """ "Two field surgeons who spoke to Izvestia said": the subject is before "who"."""
    for r in range(start - 1, max(floor, start - 10) - 1, -1):
        word = a.words[r]
        if word in (",", ";", ":") or is_quote_mark(word):
            return None
        if word.lower() in _RELATIVES and a.tags[r] in ("WP", "WDT", "IN"):
            verb = skip_space(a, r + 1, 1)
            if a.tags[verb] not in ("VBD", "VBZ", "VBP", "MD", "RB"):
                return None  # "a crowd that the campaign estimated": the subject follows "that"
            head = np_left(a, r, floor)
            if head is None or a.words[skip_space(a, r - 1, -1)] == ",":
                return None
            return (head, r), (r, skip_space(a, cue_start - 1, -1) + 1)
    return None


def _inverted(a: Analysis, cue: Cue, b: _Bounds) -> tuple[TokenRange, TokenRange | None] | None:
    """'"…," said Petrov, a military expert.': the source after the cue."""
    if "inv" not in cue.frames:
        return None
    k = skip_space(a, cue.start - 1, -1)
    if k < b.start or not (a.words[k] in (",", "—", "–") or _quote_closing_at(a, k)):
        return None
    start = skip_space(a, cue.end, 1)
    end = np_right(a, start, b.end)
    if end is None or a.tags[start] == "CD":
        return None
    if end < b.end and a.lowers[end] == "that":
        return None
    return (start, end), apposition(a, end, b.end)


def _link_end(a: Analysis, cue: Cue, b: _Bounds) -> int | None:
    """The end of "citing X[, a …]": where the text after a chain link resumes."""
    end = np_right(a, skip_space(a, cue.end, 1), b.end)
    if end is None:
        return None
    description = apposition(a, end, b.end)
    return description[1] if description else end


def _skip_adverbials(a: Analysis, p: int, b: _Bounds, frame: Frame, later: list[Cue]) -> int:
    """Step over time phrases, "in an interview with X" and chain links after a cue."""
    links = {c.start: c for c in later if c.role == "citing"}
    for _ in range(6):
        p = skip_space(a, p, 1)
        if p >= b.end:
            return p
        lower = a.lowers[p]
        q = skip_space(a, p + 1, 1) if lower == "," else p
        if q in links:
            end = _link_end(a, links[q], b)
            if end is not None:
                p = end
                continue
        if lower in _TIME_WORDS:
            p += 1
            continue
        if tuple(w.lower() for w in a.words[p : p + 4]) == _INTERVIEW:
            end = np_right(a, p + 4, b.end)
            if end is not None:
                if frame.addressee is None:
                    frame.addressee = (p + 4, end)
                p = end
                continue
        if (lower in _PERIOD_WORDS or a.tags[p] == "IN") and p + 1 < b.end:
            end = np_right(a, p + 1, b.end)
            after = skip_space(a, end, 1) if end is not None else b.end
            if end is not None and (
                trim(a, after, b.end) is None  # a trailing "at a conference in May."
                or (lower in _PERIOD_WORDS and a.lowers[after] == "that")
                or (
                    lower in _PERIOD_WORDS
                    and (a.words[after] in (":", ",") or _quote_opening_at(a, after))
                )
            ):
                p = end
                continue
        return p
    return p


def _clause_end(a: Analysis, p: int, b: _Bounds, later: list[Cue]) -> int:
    """Where a reported clause starting at ``p`` stops: the sentence end, or before
    ", adding …", ", he said", ", according to …" when another cue follows.

    (Cutting before trailing adjuncts — ", while …", "because …", ", drawing …"
    — was measured on the train split and lowered exact content F1: PolNeAR's
    annotators keep them about as often as they cut them.)"""
    end = b.end
    for cue in later:
        if cue.start <= p or cue.start >= end:
            continue
        k = skip_space(a, cue.start - 1, -1)
        if a.lowers[k] in ("and", "but") and cue.role == "verb":
            return k  # "… dismissed X as Y and said that …"
        if cue.role in ("according", "citing") or a.words[k] in (",", "—"):
            end = k if a.words[k] in (",", "—") else cue.start
            break
        # ", he said" / ", the ministry added": a comma before the cue's subject.
        start = np_left(a, k + 1, p)
        if start is not None and a.words[skip_space(a, start - 1, -1)] == ",":
            end = skip_space(a, start - 1, -1)
            break
    return end


def _content_after(
    a: Analysis, p: int, b: _Bounds, later: list[Cue]
) -> tuple[list[TokenRange], bool]:
    """The content after position ``p``, and whether a comma stood before it."""
    p = skip_space(a, p, 1)
    comma = False
    if p < b.end and a.words[p] in (",", ":", "—"):
        comma = a.words[p] in (",", "—")
        p = skip_space(a, p + 1, 1)
    if p >= b.end and not _quote_opening_at(a, p):
        return [], comma
    quote = _quote_opening_at(a, p)
    if quote is not None:
        return [quote], comma
    if comma and any(c.start == p for c in later):
        return [], comma  # '"…," he said, adding that …': that is its own attribution
    if a.lowers[p] in _CLAUSE_BREAKERS:
        return [], comma
    piece = trim(a, p, _clause_end(a, p, b, later))
    return ([piece] if piece else []), comma


def _content_before(a: Analysis, block: int, b: _Bounds) -> list[TokenRange]:
    """The content ending just before the source-and-cue block starting at ``block``."""
    k = skip_space(a, block - 1, -1)
    if k < 0:
        return []
    quote = _quote_closing_at(a, k)
    if quote is None and a.words[k] in (",", "—", "–"):
        quote = _quote_closing_at(a, skip_space(a, k - 1, -1))
    if quote is not None:
        lead = trim(a, b.start, quote[0]) if b.start < quote[0] else None
        if lead is not None and not _cue_like(a, lead):
            return [(lead[0], quote[1])]  # 'No Child Left Behind was "very assertive," he said'
        return [quote]
    if a.words[k] not in (",", "—", "–") or k <= b.start:
        return []
    piece = trim(a, b.start, k)
    return [piece] if piece else []


_BE = frozenset({"is", "are", "was", "were", "be", "been", "being", "'s", "’s", "'re", "’re"})


def _passive(a: Analysis, cue: Cue) -> bool:
    """ "212 cases have been confirmed": the subject is not the source."""
    return a.tags[cue.head] == "VBN" and any(a.lowers[i] in _BE for i in range(cue.start, cue.head))


def _addressee(a: Analysis, start: int, end: int) -> TokenRange:
    """Whom a cue was told to, without a time or place after a common noun:
    "told reporters on Friday", "told reporters at the depot" (but "told the
    Council on Foreign Relations")."""
    for i in range(start + 1, end):
        if a.lowers[i] in _PERIOD_WORDS and a.words[i - 1].islower():
            return trim(a, start, i) or (start, end)
    return start, end


def _fronted_addressee(a: Analysis, b: _Bounds, block: int) -> TokenRange | None:
    """ "In an interview with Le Monde, Laura Chen said …": the addressee before the source."""
    for i in range(b.start, min(block, b.start + 12)):
        if a.lowers[i] == "interview" and i + 1 < block and a.lowers[i + 1] == "with":
            end = np_right(a, i + 2, block)
            return (i + 2, end) if end is not None else None
    return None


def _cue_like(a: Analysis, span: TokenRange) -> bool:
    """Whether words before a quotation end like a lead-in ("He said:", "Asked about it,")."""
    last = a.words[span[1] - 1]
    return (
        last in (":", ",")
        or a.tags[span[0]] in ("VBN", "VBG")
        or any(
            a.tags[i] == "VBD" and a.lowers[i] in ("said", "told", "asked") for i in range(*span)
        )
    )


def _verb_frame(
    a: Analysis, cue: Cue, b: _Bounds, later: list[Cue], *, interrupted: bool = False
) -> Frame | None:
    if _passive(a, cue):
        return None
    frame = Frame(cue=cue, content=[], method="rule:verb")
    subject = _subject(a, cue, b, interrupted=interrupted)
    inverted = None if subject else _inverted(a, cue, b)
    found = subject or inverted
    if found:
        frame.source, frame.description = found
    block = min(cue.start, frame.source[0]) if frame.source else cue.start
    if frame.source is None:
        return None
    p = (frame.description or frame.source)[1] if inverted else cue.end
    p = skip_space(a, p, 1)
    if p < b.end and "addr" in cue.frames and not _quote_opening_at(a, p):
        end = np_right(a, p, b.end)
        if end is not None and a.lowers[p] not in ("that", "how", "what", "why"):
            frame.addressee = _addressee(a, p, end)
            p = end
    elif p < b.end and "to" in cue.frames and a.lowers[p] == "to":
        end = np_right(a, p + 1, b.end)
        if end is not None:
            frame.addressee = _addressee(a, p + 1, end)
            p = end
    p = _skip_adverbials(a, p, b, frame, later)

    after, comma = _content_after(a, p, b, later)
    before = _content_before(a, block, b) if (comma or not after) else []
    if after and before and not comma:
        before = []
    frame.content = before + after if (before and comma) else (after or before)
    if inverted:
        frame.method = "rule:inverted"
    if not frame.content:
        return None
    if frame.addressee is None:
        frame.addressee = _fronted_addressee(a, b, block)
    return frame


def _according_frame(a: Analysis, cue: Cue, b: _Bounds) -> Frame | None:
    start = skip_space(a, cue.end, 1)
    end = np_right(a, start, b.end, coordinate=True)
    if end is None:
        return None
    frame = Frame(cue=cue, content=[], source=(start, end), method="rule:according")
    frame.description = apposition(a, end, b.end)
    lead = trim(a, b.start, cue.start)
    rest = trim(a, frame.description[1], b.end) if frame.description else None
    if rest is None:
        frame.description = None  # what looked like an apposition was the content
        rest = trim(a, end, b.end)
    tail = frame.description[1] if frame.description else end
    k = skip_space(a, cue.start - 1, -1)
    opening = lead is None or all(
        w.lower() in ("but", "and", "yet", "so", "also", "however")
        for w in a.words[lead[0] : lead[1]]
    )
    pieces: list[TokenRange | None]
    if opening:
        pieces = [rest]
    elif k >= b.start and a.words[k] in (",", "—", "(") and rest and a.words[tail] == ",":
        pieces = [lead, rest]  # "The attack, according to X, killed 12"
    else:
        pieces = [lead]
    frame.content = [c for c in pieces if c]
    return frame if frame.content else None


def _view_frame(a: Analysis, cue: Cue, b: _Bounds) -> Frame | None:
    start = np_left(a, cue.start, b.start)
    rest = trim(a, cue.end, b.end)
    if start is None or rest is None:
        return None
    return Frame(cue=cue, content=[rest], source=(start, cue.start), method="rule:view")


def _citing_frame(a: Analysis, cue: Cue, b: _Bounds) -> Frame | None:
    start = skip_space(a, cue.end, 1)
    end = np_right(a, start, b.end)
    if end is None:
        return None
    frame = Frame(cue=cue, content=[], source=(start, end), method="rule:citing")
    frame.description = apposition(a, end, b.end)
    return frame


def _later(cues: list[Cue], k: int, b: _Bounds) -> list[Cue]:
    """The cues after cue ``k`` (in text order) that start within its bounds."""
    j = k + 1
    while j < len(cues) and cues[j].start < b.end:
        j += 1
    return cues[k + 1 : j]


def frames(a: Analysis, cues: list[Cue], usable: list[bool]) -> list[Frame]:
    """One frame per cue whose roles were found (citing links get their content later)."""
    out: list[Frame] = []
    for k, cue in enumerate(cues):
        b = _bounds(a, cue, usable)
        later = _later(cues, k, b)
        if cue.role == "according":
            frame = _according_frame(a, cue, b)
        elif cue.role == "view":
            frame = _view_frame(a, cue, b)
        elif cue.role == "citing":
            frame = _citing_frame(a, cue, b)
        else:
            frame = _verb_frame(a, cue, b, later)
        if frame is not None:
            out.append(frame)
    return out


def interrupted_frames(
    a: Analysis, cues: list[Cue], usable: list[bool], found: list[Frame]
) -> list[Frame]:
    """Frames for the verb cues that made none because a phrase set off by commas
    stands between the subject and the cue: "The ministry, in a statement on
    Monday, said 12 people were killed". They join the others after the span
    tagger (the tagger was trained without them), with the cue role
    "interrupted", so that they stay where the tagger marked nothing. So do
    those of a relative clause whose subject is "who" ("Mayor Ilse Brandt, who
    previously argued that …"), with the role "relative": they stay where the
    tagger marked their cue, or took the clause into a source phrase
    (``extract.combine``)."""
    taken = {f.cue.start for f in found}
    out: list[Frame] = []
    for k, cue in enumerate(cues):
        if cue.role != "verb" or cue.start in taken:
            continue
        b = _bounds(a, cue, usable)
        frame = _verb_frame(a, cue, b, _later(cues, k, b), interrupted=True)
        if frame is None:
            continue
        relative = frame.source is not None and a.lowers[frame.source[0]] == "who"
        role = "relative" if relative else "interrupted"
        frame.cue = replace(cue, role=role)
        frame.method = f"rule:{role}"
        out.append(frame)
    return out


def share_participle_sources(a: Analysis, frames: list[Frame]) -> None:
    """A participle cue after a comma (and "and" or "but") takes the source of the
    attribution before it.

    "Petrov said the bridge was gone, adding that …", "Clinton reserved her
    passion for …, calling it …" and "…, but warning that …": the
    participle has no subject of its own; it is the speaker of the clause it
    hangs on, when that clause is an attribution in the same sentence.
    """
    ordered = sorted(frames, key=lambda f: f.cue.start)
    for k, frame in enumerate(ordered):
        start = frame.cue.start
        if frame.source is not None or a.tags[start] != "VBG":
            continue
        before = skip_space(a, start - 1, -1)
        if before >= 0 and a.lowers[before] in ("and", "but"):
            before = skip_space(a, before - 1, -1)  # "acknowledging that …, but warning"
        if before < 0 or a.words[before] != ",":
            continue
        sentence = a.sent_of[start]
        for earlier in reversed(ordered[:k]):
            if a.sent_of[earlier.cue.start] != sentence:
                break
            if earlier.source is not None:
                frame.source, frame.description = earlier.source, earlier.description
                break


# Verbs whose subject belongs to the clause after them ("No major polls appear
# to have been conducted"), and participles that do so in the passive ("Trump
# is expected to deliver a speech"): their subject is what is reported, not
# who reports it.
_RAISING = frozenset({"appear", "appears", "appeared", "seem", "seems", "seemed"})
_RAISING_PASSIVE = frozenset(
    {"expected", "said", "believed", "thought", "known", "rumored", "rumoured",
     "reported", "alleged", "supposed", "considered", "projected", "predicted"}
)  # fmt: skip
# What may stand between the subject and its cue: "does not seem", "is widely expected".
_BETWEEN_TAGS = frozenset({"RB", "MD", "VBZ", "VBP", "VBD"})


def raise_subjects(a: Analysis, frames: list[Frame]) -> None:
    """A raised subject is part of the content, not its source.

    In "Trump is expected to deliver a victory speech" nobody named expects
    anything: what is reported is that Trump will deliver it, and PolNeAR
    annotates the content so, "Trump … to deliver a victory speech", with
    no source. A frame whose cue ends in a raising verb ("appears", "seem")
    or in a passive one ("is expected", "are said"), whose content starts
    with the "to" right after the cue, and whose source ends just before
    the cue (auxiliaries and adverbs aside), gets its source phrase as the
    first piece of its content instead.
    """
    for frame in frames:
        if frame.source is None or not frame.content:
            continue
        cue = frame.cue
        last = a.lowers[cue.end - 1]
        if last not in _RAISING and not (
            last in _RAISING_PASSIVE and any(a.lowers[i] in _BE for i in range(cue.start, cue.end))
        ):
            continue
        after = skip_space(a, cue.end, 1)
        if after >= len(a) or a.lowers[after] != "to" or min(frame.content)[0] != after:
            continue
        phrase = source_ranges(frame)
        start, end = min(s for s, _ in phrase), max(e for _, e in phrase)
        i = skip_space(a, cue.start - 1, -1)
        while i >= end and a.tags[i] in _BETWEEN_TAGS:
            i = skip_space(a, i - 1, -1)
        if i != end - 1:
            continue
        frame.content = [(start, end), *frame.content]
        frame.source = frame.description = frame.phrase = None


# Participles whose subject feels, holds, is told or is quoted, and is the
# source or nobody, not what is reported: "voters are worried about …",
# "Trump was asked about …", "Braynard is quoted as saying" (train split's
# gold, where a passive cue's subject is otherwise part of the content).
_EXPERIENCERS = frozenset(
    {"asked", "pressed", "briefed", "informed", "questioned", "told", "worried", "divided",
     "concerned", "convinced", "outraged", "impressed", "shocked", "assured", "startled",
     "tired", "embittered", "excited", "mystified", "thrilled", "surprised", "irritated",
     "alarmed", "angered", "shaken", "disappointed", "reassured", "terrified", "intrigued",
     "pleased", "frustrated", "interested", "satisfied", "annoyed", "upset", "delighted",
     "confused", "encouraged", "dismayed", "troubled", "horrified", "offended", "amused",
     "fascinated", "bothered", "disturbed", "inclined", "determined", "committed", "opposed",
     "prepared", "aligned", "unified", "devoted", "dedicated", "poised", "attracted",
     "disgusted", "stunned", "baffled", "puzzled", "relieved", "insulted", "unconvinced",
     "undecided", "split", "torn", "united", "resigned", "scared", "afraid", "heartened",
     "persuaded", "obliged", "focused", "warned", "enamored", "enamoured", "allowed",
     "authorized", "authorised", "forced", "urged", "reminded", "invited", "advised",
     "quoted", "cited", "heard", "overheard", "recorded", "caught"}
)  # fmt: skip
# Forms of "be" that open a passive; "'s" is left out: "he's predicted" has.
_PASSIVE_BE = _BE - {"'s", "’s"}


def _participle(a: Analysis, cue: Cue) -> int | None:
    """The passive participle of a cue ("was charged", "has been widely seen as"):
    a word tagged VBN after a form of "be" in the cue."""
    be = False
    for i in range(cue.start, cue.end):
        if a.lowers[i] in _PASSIVE_BE:
            be = True
        elif be and a.tags[i] == "VBN":
            return i
    return None


def _subject_end(a: Analysis, cue: Cue) -> int:
    """The last token of a passive cue's subject: the word before the cue, adverbs
    and modals aside ("The voters [are deeply worried]"); -1 where there is none."""
    i = skip_space(a, cue.start - 1, -1)
    while i >= 0 and a.tags[i] in ("RB", "MD"):
        i = skip_space(a, i - 1, -1)
    return i


def passive_subjects(a: Analysis, frames: list[Frame]) -> None:
    """The subject of a passive cue is part of the content, not its source.

    "He was charged with murder", "Clinton's emails are widely seen as a
    liability": what is reported is about the subject, and PolNeAR's
    annotators put it in the content (the train split's gold: 325 passive
    cues with the subject in the content, 63 with it as the source, nearly
    all of those participles of feeling or of being told or quoted,
    ``_EXPERIENCERS``). A frame whose cue is a passive (and no verb after the
    participle: "is reported to have called" has a speaker), whose content
    starts after the cue, and whose source
    (if any) ends just before it, gets the noun phrase before the cue as
    the first piece of its content; an agent after the cue ("was pressed
    by ABC's host") stays the source.
    """
    for frame in frames:
        cue = frame.cue
        if not frame.content or min(frame.content)[0] < cue.end:
            continue
        participle = _participle(a, cue)
        if participle is None or a.lowers[participle] in _EXPERIENCERS:
            continue
        if any(a.tags[j].startswith("VB") for j in range(participle + 1, cue.end)):
            continue  # "is reported to have called", "was described as saying": a speaker
        i = _subject_end(a, cue)
        if i < 0:
            continue
        ranges = source_ranges(frame)
        if ranges:
            start, end = min(s for s, _ in ranges), max(e for _, e in ranges)
            if end != i + 1:
                continue  # the source is elsewhere: an agent, or another clause's
        else:
            if not a.tags[i].startswith(("NN", "PRP")):
                continue
            found = np_left(a, i + 1, a.sentence(cue.start)[0])
            if found is None:
                continue
            start, end = found, i + 1
        frame.content = [(start, end), *frame.content]
        frame.source = frame.description = frame.phrase = None


def speaker_subjects(a: Analysis, frames: list[Frame]) -> None:
    """The subject of a passive cue of being quoted, told or moved is its source.

    The other side of ``passive_subjects``: in "Colonel Ivan Petrov was
    quoted as saying that …" or "voters are worried that …" the subject is
    who speaks or feels (``_EXPERIENCERS``), and PolNeAR's annotators make
    it the source; the tagger, which learnt that a passive's subject is
    mostly content, sometimes puts it in the content. A frame with no source
    whose cue is such a passive, and whose first content piece is the noun
    phrase just before the cue (adverbs and modals aside), gets that piece
    as its source.
    """
    for frame in frames:
        cue = frame.cue
        if source_ranges(frame) or len(frame.content) < 2:
            continue
        participle = _participle(a, cue)
        if participle is None or a.lowers[participle] not in _EXPERIENCERS:
            continue
        first = min(frame.content)
        i = _subject_end(a, cue)
        if first[1] != i + 1 or np_left(a, first[1], a.sentence(cue.start)[0]) != first[0]:
            continue
        frame.content = [r for r in frame.content if r != first]
        frame.source, frame.description = split_source(a, first)
        frame.phrase = first


_AGENT_ENDS = frozenset({",", ".", ";", ":", "!", "?", "—", "–"})
# Words after an agent that start what was said of it, unless a relative clause
# ("people who heard it") came first.
_AFTER_AGENT = frozenset({"as", "why", "whether", "how", "if", "what", "when", "to"})


def _runs_on(a: Analysis, span: TokenRange) -> bool:
    """Whether a tagged agent holds more than the agent ("a caller why …")."""
    for i in range(span[0] + 1, span[1]):
        if a.lowers[i] in _RELATIVE_SUBJECTS:
            return False
        if a.lowers[i] in _AFTER_AGENT:
            return True
    return False


def passive_agents(a: Analysis, frames: list[Frame]) -> None:
    """The agent of a passive cue is its source, and "by" is not part of the cue.

    "This is tweeted by several people who heard it.", "He also was backed
    by nearly 6 in 10 of the voters …": the tagger often took the agent for
    a piece of the content. In the train split's gold the agent after a
    passive cue's "by" is the source 81 times in 98, and "by" is outside the
    cue 66 times in 98. A frame with no source whose cue is a passive that
    ends in "by" or is followed by it, and whose content has a piece
    starting right after "by" and ending the clause (a comma or the end of
    the sentence next), gets that piece as its source.
    """
    for frame in frames:
        cue = frame.cue
        if frame.source is not None or _participle(a, cue) is None:
            continue
        by = cue.end - 1 if a.lowers[cue.end - 1] == "by" else skip_space(a, cue.end, 1)
        if by >= len(a) or a.lowers[by] != "by":
            continue
        start = skip_space(a, by + 1, 1)
        agent = next((p for p in frame.content if p[0] == start), None)
        if agent is None or len(frame.content) < 2:
            continue  # the agent alone would leave nothing reported
        after = skip_space(a, agent[1], 1)
        if after < a.sentence(cue.start)[1] and a.words[after] not in _AGENT_ENDS:
            continue  # the agent's end is not known
        if _runs_on(a, agent):
            continue  # "by a caller why …", "by the mayor as too costly": more than the agent
        frame.content = [p for p in frame.content if p != agent]
        frame.source, frame.description = split_source(a, agent)
        frame.phrase = agent
        if by < cue.end:  # a tagged cue: the rules make no frame of a passive
            end = skip_space(a, by - 1, -1) + 1
            frame.cue = replace(cue, end=end, head=min(cue.head, end - 1))


def cut_run_on_sentences(a: Analysis, frames: list[Frame]) -> None:
    """A content piece stays within one sentence, unless a quotation carries it on.

    The span tagger now and then runs a content on into the next sentence
    ("… because the wait time was too long. About 270 people have now been
    resettled …") or starts it in the sentence before the cue's. Where the
    text across the sentence break is not quoted, the annotators keep the
    content to one sentence: a piece that starts in or after its cue's
    sentence ends with its first sentence, and one that starts before the
    cue's sentence and reaches into it starts with it. A quotation running
    over sentences ("“… . …,” she said") is left as it is.
    """
    for frame in frames:
        s = int(a.sent_of[frame.cue.start])
        pieces = []
        for start, end in frame.content:
            first, last = int(a.sent_of[start]), int(a.sent_of[end - 1])
            if first == last:
                pieces.append((start, end))
                continue
            if first >= s:
                stop = a.sentences[first][1]
                after = skip_space(a, stop, 1)
                if after < end and not a.in_quote(after):
                    start, end = trim(a, start, stop) or (start, end)
            elif s <= last and not a.in_quote(a.sentences[s][0]):
                start, end = trim(a, a.sentences[s][0], end) or (start, end)
            pieces.append((start, end))
        frame.content = pieces


_SUBJECT_PRONOUNS = frozenset({"i", "he", "she", "we", "they"})


def subject_pronoun_addressees(a: Analysis, frames: list[Frame]) -> None:
    """A subject pronoun after the cue opens the content; it is not whom the cue
    was told to: in "The Saudis have warned they could sell off U.S. assets"
    the rules read "they" as the addressee of "warned", and the content lost
    its subject. Such a frame has no addressee, and its content piece that
    starts right after the pronoun takes it in."""
    for frame in frames:
        told = frame.addressee
        if told is None or told[1] - told[0] != 1 or a.lowers[told[0]] not in _SUBJECT_PRONOUNS:
            continue
        frame.addressee = None
        after = skip_space(a, told[1], 1)
        frame.content = [(told[0], end) if start == after else (start, end)
                         for start, end in frame.content]  # fmt: skip


_RELATIVE_SUBJECTS = frozenset({"who", "which"})
_BEFORE_RELATIVE = frozenset({",", "-", "—", "–", "("})


def split_relative_sources(a: Analysis, frames: list[Frame]) -> None:
    """A relative clause that is itself an attribution takes "who" as its source.

    In "Donald Trump, who has made favorable comments about Putin, defended
    the deal" two cues share one noun phrase: PolNeAR's annotators give
    "who" to the cue of the relative clause and "Donald Trump" to the cue
    after it (422 sources of the train split are a lone "who"; 5 end in
    one), while the tagger often marks "Donald Trump, who" as one source
    for both. A frame whose cue follows "who" or "which" (adverbs aside:
    "who previously said") gets that pronoun as its source phrase, and the
    noun phrase before it as its source's name and description, so that the
    speaker is still Donald Trump; a frame with a later cue whose source
    takes in the pronoun keeps the noun phrase before it.
    """
    for frame in frames:
        r = skip_space(a, frame.cue.start - 1, -1)
        while r >= 0 and a.tags[r] == "RB" and a.lowers[r] not in _RELATIVE_SUBJECTS:
            r = skip_space(a, r - 1, -1)
        if r <= 0 or a.lowers[r] not in _RELATIVE_SUBJECTS or not _covers(frame, r):
            continue  # "which is seen as", with no source: a passive's subject
        antecedent = _antecedent(a, frames, r)
        if antecedent is None:
            continue
        frame.phrase = (r, r + 1)
        frame.source, frame.description = split_source(a, antecedent)
        for other in frames:
            if other.cue.start <= frame.cue.start or not _covers(other, r):
                continue
            if not any(w in _BEFORE_RELATIVE for w in a.words[frame.cue.end : other.cue.start]):
                continue  # "who are drawn to his message and feel": the clause goes on
            start = min(antecedent[0], *(s for s, _ in source_ranges(other)))
            other.phrase = trim(a, start, antecedent[1])
            if other.phrase is not None:
                other.source, other.description = split_source(a, other.phrase)


def _covers(frame: Frame, i: int) -> bool:
    """Whether token ``i`` lies in the frame's source, description or phrase."""
    return any(s <= i < e for s, e in source_ranges(frame))


def _antecedent(a: Analysis, frames: list[Frame], r: int) -> TokenRange | None:
    """The noun phrase that relative pronoun ``r`` stands for: as some frame's source
    marks it, or else the noun phrase ending just before it (a comma or dash
    between)."""
    k = skip_space(a, r - 1, -1)
    if k >= 0 and a.words[k] in _BEFORE_RELATIVE:
        k = skip_space(a, k - 1, -1)
    if k < 0 or not (a.words[k] == ")" or a.tags[k].startswith(("NN", "PRP", "CD"))):
        return None  # "asked who said it": no noun phrase for "who" to stand for
    sentence = a.sentence(r)
    starts = [
        s for frame in frames for s, e in source_ranges(frame) if s <= k < e and s >= sentence[0]
    ]
    start = min(starts) if starts else np_left(a, k + 1, sentence[0])
    if start is None:
        return None
    return trim(a, start, k + 1)


# What opens a phrase between a subject and its verb ("Clinton, after the
# scandal broke, said", "Schilling, through a spokeswoman, declined"); an
# adverb only when the phrase is adverbs and prepositional phrases: "The
# newspaper, long a vocal advocate of reform," is an apposition.
_INTERRUPTION_OPENERS = frozenset({"IN", "RB", "VBG", "VBN"})
_LONGEST_INTERRUPTION = 20


def _interruption(a: Analysis, comma: int, close: int) -> bool:
    """Whether the tokens between two commas are a phrase that sets off the subject
    from its verb: one that opens with a preposition or a participle, or with
    adverbs followed by a preposition or nothing more ("meanwhile")."""
    opener = skip_space(a, comma + 1, 1)
    if opener >= close or a.tags[opener] not in _INTERRUPTION_OPENERS:
        return False
    after = a.tags[skip_space(a, opener + 1, 1)]
    return a.tags[opener] != "RB" or after in ("RB", "IN", ",")


def _opening_subject(a: Analysis, comma: int, floor: int) -> TokenRange | None:
    """The noun phrase that opens the sentence (at ``floor``) and ends at ``comma``."""
    end = skip_space(a, comma - 1, -1) + 1
    start = np_left(a, end, floor)
    return (start, end) if start is not None and start == skip_space(a, floor, 1) else None


def interrupted_subjects(a: Analysis, frames: list[Frame]) -> None:
    """A cue with no source takes the subject before a phrase set off by commas.

    "Clinton, without naming him, also accused Sanders of …", "Ms. Khan, in
    an opinion article published in The Washington Post, rebuked Mr. Trump":
    the rules look for the subject right before the cue, and the tagger
    rarely reaches over the interruption. A frame with no source whose cue
    (adverbs aside) follows a comma, where the phrase between that comma and
    the one before it opens with a preposition, an adverb or a participle,
    and where a noun phrase opens the sentence and ends at that first comma,
    gets that noun phrase as its source; a participle's phrase ("The bill,
    introduced by Sanders in 2009, proposed …") describes it, and is part of
    its phrase.
    """
    for frame in frames:
        if frame.source is not None or frame.phrase is not None:
            continue
        i = skip_space(a, frame.cue.start - 1, -1)
        while i >= 0 and a.tags[i] == "RB":
            i = skip_space(a, i - 1, -1)
        if i < 0 or a.words[i] != ",":
            continue
        floor = a.sentence(frame.cue.start)[0]
        comma = next(
            (
                j
                for j in range(i - 1, max(floor, i - _LONGEST_INTERRUPTION) - 1, -1)
                if a.words[j] in (",", ";", ":") or is_quote_mark(a.words[j])
            ),
            None,
        )
        if comma is None or a.words[comma] != ",":
            continue
        if not _interruption(a, comma, i):
            continue  # "long a vocal advocate of …": an apposition
        opening = _opening_subject(a, comma, floor)
        if opening is None:
            continue
        start, end = opening
        opener = skip_space(a, comma + 1, 1)
        if a.tags[opener] in ("VBN", "VBG"):
            # "The bill, introduced by Sanders in 2009, proposed": the participle
            # describes the source, and is part of its phrase
            frame.source, frame.description = (start, end), trim(a, opener, i)
            frame.phrase = trim(a, start, i)
        else:
            frame.source, frame.description = split_source(a, (start, end))


def settle_roles(a: Analysis, frames: list[Frame]) -> None:
    """The passes over a text's final frames that settle whose claim each one is and
    where its content starts, in order: content pieces keep to one sentence
    unless quoted, a subject pronoun read as the addressee rejoins the
    content, raised and passive subjects join the content (but not the
    subject of being quoted or told), a passive's agent is its source, a
    relative clause's "who" and a subject set off by commas find their noun
    phrase, and participles share the source before them (the last, so that
    they share what the others settled)."""
    cut_run_on_sentences(a, frames)
    subject_pronoun_addressees(a, frames)
    raise_subjects(a, frames)
    passive_subjects(a, frames)
    speaker_subjects(a, frames)
    passive_agents(a, frames)
    split_relative_sources(a, frames)
    interrupted_subjects(a, frames)
    share_participle_sources(a, frames)
