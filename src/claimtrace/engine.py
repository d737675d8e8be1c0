"""The engine: text in, ``Article`` out (segment → extract → resolve → records).

``Engine`` holds what analysis needs (the spaCy pipeline, our tagger, the
lexicons) and is built once; ``analyze_many`` processes documents in
batches so the numpy stages run over many articles at a time.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice

import numpy as np
from spacy.language import Language

from claimtrace.extract import Frame, find_frames
from claimtrace.extract.dateline import Header, read_header
from claimtrace.extract.lexicons import Lexicon
from claimtrace.extract.lexicons import load as load_lexicon
from claimtrace.extract.sources import MentionInfo, read_mention
from claimtrace.model import (
    Article,
    Attribution,
    Document,
    Entity,
    Kind,
    Mention,
    SourceType,
    TextSpan,
    sha256,
)
from claimtrace.nlp.analysis import Analysis, analyse_many
from claimtrace.nlp.layout import is_quote_mark
from claimtrace.nlp.pipeline import load_nlp
from claimtrace.nlp.tagger import Tagger, default_tagger
from claimtrace.resolve.coref import Cluster, Resolution, resolve

BATCH = 32


def _usable(a: Analysis, header: Header) -> list[bool]:
    usable = np.ones(len(a), dtype=bool)
    for start, end in header.excluded:
        usable[(a.starts >= start) & (a.starts < end)] = False
    return usable.tolist()


def _kind(a: Analysis, frame: Frame) -> Kind:
    if frame.cue.role == "according":
        return Kind.ACCORDING_TO
    words = [
        i
        for s, e in frame.content
        for i in range(s, e)
        if not a.words[i].isspace() and not is_quote_mark(a.words[i])
        and any(ch.isalnum() for ch in a.words[i])
    ]  # fmt: skip
    quoted = sum(1 for i in words if a.in_quote(i))
    if words and quoted == len(words):
        return Kind.DIRECT
    return Kind.MIXED if quoted else Kind.INDIRECT


def _span(a: Analysis, ranges: Iterable[tuple[int, int]]) -> TextSpan:
    return TextSpan.of(a.text, [a.char_span(s, e) for s, e in ranges])


@dataclass
class _Records:
    """Turns frames and their resolution into the public records of one article."""

    a: Analysis
    resolution: Resolution
    outlet: str | None
    entity_ids: dict[int, str]

    def mention(self, info: MentionInfo | None) -> Mention | None:
        if info is None:
            return None
        span = _span(self.a, [info.tokens])
        cluster = self.resolution.of.get(info.tokens)
        kind = info.type
        entity = None
        if cluster is not None and info.form != "anonymous":
            entity = self.entity_ids.get(id(cluster))
            if kind in (SourceType.UNKNOWN, SourceType.PERSON) or info.form != "name":
                kind = cluster.type
        description = _span(self.a, info.descriptions) if info.descriptions else None
        return Mention(span.text, span.spans, kind, entity, description)

    def entity(self, cluster: Cluster) -> Entity:
        fullest = max(cluster.names, key=lambda m: (len(m.words), m.tokens[1] - m.tokens[0]))
        seen: dict[str, TextSpan] = {}
        for rng in cluster.descriptions:
            span = _span(self.a, [rng])
            seen.setdefault(span.text.lower(), span)
        mentions = sorted({_span(self.a, [m]) for m in cluster.mentions}, key=lambda s: s.spans)
        return Entity(
            id=self.entity_ids[id(cluster)],
            name=_span(self.a, [fullest.tokens]).text,
            type=cluster.type,
            descriptions=tuple(seen.values()),
            mentions=tuple(mentions),
        )


def build_records(
    a: Analysis, frames: list[Frame], lexicon: Lexicon, usable: list[bool], outlet: str | None
) -> tuple[list[Attribution], list[Entity]]:
    """Attributions and entities from frames: read mentions, resolve, link chains."""
    sources = [read_mention(a, f.source, f.description, lexicon) if f.source else None for f in frames]
    addressees = [read_mention(a, f.addressee, None, lexicon) if f.addressee else None for f in frames]
    # Names inside contents and descriptions are not what a later "he" means.
    reported = bytearray(len(a))
    for frame in frames:
        for s, e in [*frame.content, *([frame.description] if frame.description else [])]:
            reported[s:e] = b"\x01" * (e - s)
    resolution = resolve(
        a,
        [m for m in sources if m is not None],
        [m for m in addressees if m is not None],
        usable,
        reported,
        lexicon,
    )
    used: list[Cluster] = []
    for info in [*sources, *addressees]:
        cluster = resolution.of.get(info.tokens) if info is not None else None
        if cluster is not None and cluster.names and info is not None and info.form != "anonymous":
            if all(c is not cluster for c in used):
                used.append(cluster)
    used.sort(key=lambda c: min(m[0] for m in c.mentions))
    records = _Records(a, resolution, outlet, {id(c): f"e{k + 1}" for k, c in enumerate(used)})

    attributions: list[Attribution] = []
    ids = [f"a{k + 1}" for k in range(len(frames))]
    extra = len(frames)
    for k, frame in enumerate(frames):
        source = records.mention(sources[k])
        addressee = records.mention(addressees[k])
        via = ids[frame.parent] if frame.parent is not None else None
        kind = _kind(a, frame)
        content = _span(a, frame.content)
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
                cue=_span(a, [(frame.cue.start, frame.cue.end)]),
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
                cue=_span(a, [(frame.cue.start, frame.cue.end)]),
                content=content,
                addressee=addressee,
                via=via,
                confidence=frame.confidence,
                method=frame.method,
            )
        )
    return _renumber(attributions), [records.entity(c) for c in used]


def _renumber(attributions: list[Attribution]) -> list[Attribution]:
    """Order attributions by their cue (a conduit after its report) and number them a1, a2, …"""
    ordered = sorted(attributions, key=lambda r: (r.cue.start, r.method == "conduit"))
    names = {r.id: f"a{k + 1}" for k, r in enumerate(ordered)}
    return [
        replace(r, id=names[r.id], via=names.get(r.via) if r.via else None) for r in ordered
    ]


def _same_outlet(mention: Mention, outlet: str | None, lexicon: Lexicon) -> bool:
    if outlet is None:
        return False
    if mention.text.lower() == outlet.lower():
        return True
    mine = lexicon.outlets.get(mention.text) or lexicon.outlets.get(mention.text.removeprefix("The "))
    theirs = lexicon.outlets.get(outlet)
    return mine is not None and mine == theirs


class Engine:
    """Analyses documents into articles. Build once, reuse: loading takes a moment."""

    def __init__(
        self,
        nlp: Language | None = None,
        tagger: Tagger | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.nlp = nlp if nlp is not None else load_nlp()
        self.tagger = tagger if tagger is not None else default_tagger()
        self.lexicon = lexicon if lexicon is not None else load_lexicon()

    def analyze(self, document: Document) -> Article:
        """Analyse one document."""
        return next(self.analyze_many([document]))

    def analyze_many(self, documents: Iterable[Document], batch: int = BATCH) -> Iterator[Article]:
        """Analyse documents in batches, yielding articles in input order."""
        stream = iter(documents)
        while chunk := list(islice(stream, batch)):
            analyses = analyse_many([d.text for d in chunk], self.nlp, self.tagger)
            for document, analysis in zip(chunk, analyses, strict=True):
                yield self._article(document, analysis)

    def _article(self, document: Document, a: Analysis) -> Article:
        header = read_header(document.text)
        outlet = document.outlet or header.outlet
        usable = _usable(a, header)
        frames = find_frames(a, self.lexicon, usable)
        attributions, entities = build_records(a, frames, self.lexicon, usable, outlet)
        digest = sha256(document.text)
        return Article(
            id=document.id or digest[:16],
            text=document.text,
            path=document.path,
            title=document.title or header.title,
            outlet=outlet,
            date=document.date or header.date,
            url=document.url,
            attributions=tuple(attributions),
            entities=tuple(entities),
            text_sha256=digest,
        )
