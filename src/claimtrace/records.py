"""From frames to the public records: mentions read, entities resolved, chains linked.

``build_records`` turns one text's frames into ``Attribution`` and
``Entity`` records: it reads each source and addressee (``extract.sources``),
resolves them within the article (``resolve.coref``), adds a conduit
attribution where a source was told to a named outlet other than the
article's own, and numbers everything in text order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from claimtrace.extract import Frame
from claimtrace.extract.dateline import Header
from claimtrace.extract.lexicons import Lexicon
from claimtrace.extract.roles import content_tokens
from claimtrace.extract.sources import MentionInfo, read_mention
from claimtrace.model import Attribution, Entity, Kind, Mention, SourceType, TextSpan
from claimtrace.nlp.analysis import Analysis
from claimtrace.resolve.coref import Cluster, NameReadings, Resolution, describe, resolve


def usable_tokens(a: Analysis, header: Header) -> list[bool]:
    usable = np.ones(len(a), dtype=bool)
    for start, end in header.excluded:
        usable[(a.starts >= start) & (a.starts < end)] = False
    return usable.tolist()


class _Quoted:
    """How many words, and how many quoted words, come before each token of a text."""

    def __init__(self, a: Analysis) -> None:
        words = a.wordlike
        self.words: list[int] = [0, *np.cumsum(words).tolist()]
        self.quoted: list[int] = [0, *np.cumsum(words & (a.quote_of >= 0)).tolist()]

    def kind(self, frame: Frame) -> Kind:
        """Direct when every word of the content is quoted, mixed when some are."""
        if frame.cue.role == "according":
            return Kind.ACCORDING_TO
        words = sum(self.words[e] - self.words[s] for s, e in frame.content)
        quoted = sum(self.quoted[e] - self.quoted[s] for s, e in frame.content)
        if words and quoted == words:
            return Kind.DIRECT
        return Kind.MIXED if quoted else Kind.INDIRECT


def _span(a: Analysis, ranges: Sequence[tuple[int, int]]) -> TextSpan:
    if len(ranges) == 1:  # the common case: one piece, already normal unless empty
        start, end = a.char_span(*ranges[0])
        if end > start:
            return TextSpan(a.text[start:end], ((start, end),))
    return TextSpan.of(a.text, [a.char_span(s, e) for s, e in ranges])


class _Spans:
    """The text spans of one article's token ranges, each made once: a source's
    name is also its entity's mention, a cue often a conduit's."""

    def __init__(self, a: Analysis) -> None:
        self.a = a
        self.made: dict[tuple[int, int], TextSpan] = {}

    def one(self, tokens: tuple[int, int]) -> TextSpan:
        span = self.made.get(tokens)
        if span is None:
            span = self.made[tokens] = _span(self.a, [tokens])
        return span

    def __call__(self, ranges: Sequence[tuple[int, int]]) -> TextSpan:
        return self.one(ranges[0]) if len(ranges) == 1 else _span(self.a, ranges)


@dataclass
class _Records:
    """Turns frames and their resolution into the public records of one article."""

    span: _Spans
    resolution: Resolution
    outlet: str | None
    entity_ids: dict[int, str]
    contents: bytearray  # 1 on tokens inside some attribution's content

    def mention(
        self, info: MentionInfo | None, phrase: tuple[int, int] | None = None
    ) -> Mention | None:
        if info is None:
            return None
        span = self.span.one(info.tokens)
        cluster = self.resolution.of.get(info.tokens)
        kind = info.type
        entity = None
        if cluster is not None and info.form != "anonymous":
            entity = self.entity_ids.get(id(cluster))
            if kind in (SourceType.UNKNOWN, SourceType.PERSON) or info.form != "name":
                kind = cluster.type
        description = self.span(info.descriptions) if info.descriptions else None
        whole = self.span.one(phrase) if phrase else None
        return Mention(span.text, span.spans, kind, entity, description, whole)

    def entity(self, cluster: Cluster) -> Entity:
        fullest = max(cluster.names, key=lambda m: (len(m.words), m.tokens[1] - m.tokens[0]))
        seen: dict[str, TextSpan] = {}
        for rng in cluster.descriptions:
            if any(self.contents[rng[0] : rng[1]]):  # "According to the FT, the strike …"
                continue
            span = self.span.one(rng)
            seen.setdefault(span.text.lower(), span)
        mentions = sorted({self.span.one(m) for m in cluster.mentions}, key=lambda s: s.spans)
        return Entity(
            id=self.entity_ids[id(cluster)],
            name=self.span.one(fullest.tokens).text,
            type=cluster.type,
            descriptions=tuple(seen.values()),
            mentions=tuple(mentions),
        )


def build_records(
    a: Analysis,
    frames: list[Frame],
    lexicon: Lexicon,
    usable: list[bool],
    outlet: str | None,
    readings: NameReadings | None = None,
) -> tuple[list[Attribution], list[Entity]]:
    """Attributions and entities from frames: read mentions, resolve, link chains."""
    sources = [
        read_mention(a, f.source, f.description, lexicon) if f.source else None for f in frames
    ]
    addressees = [
        read_mention(a, f.addressee, None, lexicon) if f.addressee else None for f in frames
    ]
    # Names inside contents and descriptions are not what a later "he" means.
    contents = content_tokens(frames, len(a))  # no description of a speaker lies in these
    reported = bytearray(contents)
    for frame in frames:
        if frame.description:
            s, e = frame.description
            reported[s:e] = b"\x01" * (e - s)
    resolution = resolve(
        a,
        [m for m in sources if m is not None],
        [m for m in addressees if m is not None],
        usable,
        reported,
        lexicon,
        readings,
    )
    used: list[Cluster] = []
    for info in [*sources, *addressees]:
        cluster = resolution.of.get(info.tokens) if info is not None else None
        if cluster is None or info is None or not cluster.names or info.form == "anonymous":
            continue
        if all(c is not cluster for c in used):
            used.append(cluster)
    used.sort(key=lambda c: min(m[0] for m in c.mentions))
    for cluster in used:
        describe(a, cluster, lexicon)
    span = _Spans(a)
    records = _Records(
        span, resolution, outlet, {id(c): f"e{k + 1}" for k, c in enumerate(used)}, contents
    )

    attributions: list[Attribution] = []
    quoted = _Quoted(a)
    ids = [f"a{k + 1}" for k in range(len(frames))]
    extra = len(frames)
    for k, frame in enumerate(frames):
        source = records.mention(sources[k], _phrase(frame))
        addressee = records.mention(addressees[k])
        via = ids[frame.parent] if frame.parent is not None else None
        kind = quoted.kind(frame)
        content = span(frame.content)
        cue = span.one((frame.cue.start, frame.cue.end))
        if (
            addressee is not None
            and addressee.type is SourceType.MEDIA
            and addressee.entity is not None
            and via is None
            and not _same_outlet(addressee, outlet, lexicon)
        ):
            extra += 1
            conduit = Attribution(
                id=f"a{extra}",
                kind=kind,
                source=addressee,
                cue=cue,
                content=content,
                method="conduit",
                confidence=0.8,
            )
            attributions.append(conduit)
            via = conduit.id
        attributions.append(
            Attribution(
                id=ids[k],
                kind=kind,
                source=source,
                cue=cue,
                cue_phrase=span.one(frame.cue_phrase) if frame.cue_phrase else None,
                content=content,
                addressee=addressee,
                via=via,
                confidence=frame.confidence,
                method=frame.method,
            )
        )
    return _renumber(attributions), [records.entity(c) for c in used]


def _phrase(frame: Frame) -> tuple[int, int] | None:
    """The source's whole noun phrase: as the span tagger marked it, or its name or
    nominal and any apposition after it."""
    if frame.source is None:
        return None
    if frame.phrase is not None:
        return frame.phrase
    end = max(frame.source[1], frame.description[1]) if frame.description else frame.source[1]
    return frame.source[0], end


def _renumber(attributions: list[Attribution]) -> list[Attribution]:
    """Order attributions by their cue (a conduit after its report) and number them a1,
    a2, … Frames mostly come in cue order already: only a record whose number
    changes is copied."""
    ordered = sorted(attributions, key=lambda r: (r.cue.start, r.method == "conduit"))
    names = {r.id: f"a{k + 1}" for k, r in enumerate(ordered)}
    return [
        r
        if names[r.id] == r.id and (r.via is None or names.get(r.via) == r.via)
        else replace(r, id=names[r.id], via=names.get(r.via) if r.via else None)
        for r in ordered
    ]


def _same_outlet(mention: Mention, outlet: str | None, lexicon: Lexicon) -> bool:
    if outlet is None:
        return False
    if mention.text.lower() == outlet.lower():
        return True
    mine = lexicon.outlets.get(mention.text) or lexicon.outlets.get(
        mention.text.removeprefix("The ")
    )
    theirs = lexicon.outlets.get(outlet)
    return mine is not None and mine == theirs
