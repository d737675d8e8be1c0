"""The one vocabulary of claimtrace: articles, attributions, sources, entities.

Every stage speaks these frozen dataclasses. Offsets are always character
offsets into ``Article.text`` (the input's exact decoded text, header
included), end exclusive, so ``text[start:end]`` is a span's text.

The JSON form (``Article.to_dict``) is described by
``claimtrace/schema/article.schema.json``; ``SCHEMA_VERSION`` names it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

SCHEMA_VERSION = "1.1"

Offsets = tuple[tuple[int, int], ...]

# Joins the pieces of a discontinuous span in its ``text``.
GAP = " … "


class Kind(StrEnum):
    """How the content is reported."""

    DIRECT = "direct"  # wholly inside quotation marks
    INDIRECT = "indirect"  # paraphrase, no quotation marks
    MIXED = "mixed"  # paraphrase with quoted fragments
    ACCORDING_TO = "according_to"  # "according to X", "in the words of X"


class SourceType(StrEnum):
    """What kind of thing a source (or addressee) is."""

    PERSON = "person"
    ORGANIZATION = "organization"
    MEDIA = "media"
    GOVERNMENT = "government"
    ANONYMOUS = "anonymous"
    DOCUMENT = "document"
    UNKNOWN = "unknown"


def sha256(text: str) -> str:
    """Hex SHA-256 of the UTF-8 encoding of ``text``."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def normalise_offsets(offsets: Iterable[Sequence[int]]) -> Offsets:
    """Sort pieces, drop empty ones and merge those that touch or overlap."""
    pieces = sorted((int(s), int(e)) for s, e in offsets if int(e) > int(s))
    merged: list[tuple[int, int]] = []
    for start, end in pieces:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return tuple(merged)


@dataclass(frozen=True, slots=True)
class TextSpan:
    """A possibly discontinuous stretch of an article's text.

    ``text`` is the pieces' text joined by `` … `` when there are several.
    """

    text: str
    spans: Offsets

    @classmethod
    def of(cls, text: str, offsets: Iterable[Sequence[int]]) -> TextSpan:
        """The span of ``text`` covering ``offsets`` (normalised)."""
        spans = normalise_offsets(offsets)
        return cls(GAP.join(text[s:e] for s, e in spans), spans)

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "spans": [[s, e] for s, e in self.spans]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TextSpan:
        return cls(data["text"], tuple((int(s), int(e)) for s, e in data["spans"]))


@dataclass(frozen=True, slots=True)
class Mention:
    """A source or an addressee as the sentence names it.

    ``spans`` cover the name (or pronoun, or noun phrase); ``description`` is
    the role the outlet gave it right there ("a military expert at …"),
    ``phrase`` the whole noun phrase as written (name, title and apposition
    together), and ``entity`` the id of the article's entity it refers to, or
    None when the text names nobody ("a source close to the ministry").
    """

    text: str
    spans: Offsets
    type: SourceType
    entity: str | None = None
    description: TextSpan | None = None
    phrase: TextSpan | None = None

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "spans": [[s, e] for s, e in self.spans],
            "type": self.type.value,
            "entity": self.entity,
            "description": self.description.to_dict() if self.description else None,
            "phrase": self.phrase.to_dict() if self.phrase else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Mention:
        description, phrase = data.get("description"), data.get("phrase")
        return cls(
            text=data["text"],
            spans=tuple((int(s), int(e)) for s, e in data["spans"]),
            type=SourceType(data["type"]),
            entity=data.get("entity"),
            description=TextSpan.from_dict(description) if description else None,
            phrase=TextSpan.from_dict(phrase) if phrase else None,
        )


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attributed claim: ``source`` says ``content`` (by ``cue``).

    ``via`` is the id of the attribution through which this one reaches the
    article ("Le Monde reported, citing Y, that …": Y's ``via`` is Le Monde's
    attribution). ``method`` names the extractor that found it.
    ``cue_phrase`` is the cue as PolNeAR's annotators mark it, where that is
    more than the verb group: "said in a statement on Tuesday" for the cue
    "said".
    """

    id: str
    kind: Kind
    source: Mention | None
    cue: TextSpan
    content: TextSpan
    addressee: Mention | None = None
    via: str | None = None
    confidence: float = 1.0
    method: str = ""
    cue_phrase: TextSpan | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "source": self.source.to_dict() if self.source else None,
            "cue": self.cue.to_dict(),
            "cue_phrase": self.cue_phrase.to_dict() if self.cue_phrase else None,
            "content": self.content.to_dict(),
            "addressee": self.addressee.to_dict() if self.addressee else None,
            "via": self.via,
            "confidence": round(self.confidence, 4),
            "method": self.method,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Attribution:
        source, addressee = data.get("source"), data.get("addressee")
        phrase = data.get("cue_phrase")
        return cls(
            id=data["id"],
            kind=Kind(data["kind"]),
            source=Mention.from_dict(source) if source else None,
            cue=TextSpan.from_dict(data["cue"]),
            cue_phrase=TextSpan.from_dict(phrase) if phrase else None,
            content=TextSpan.from_dict(data["content"]),
            addressee=Mention.from_dict(addressee) if addressee else None,
            via=data.get("via"),
            confidence=float(data.get("confidence", 1.0)),
            method=data.get("method", ""),
        )


@dataclass(frozen=True, slots=True)
class Entity:
    """One real source within an article: a person, outlet, body or document.

    ``name`` is the fullest form the article uses; ``descriptions`` are the
    roles and affiliations as written; ``mentions`` every place it is named
    or referred to (pronouns and nominals included).
    """

    id: str
    name: str
    type: SourceType
    descriptions: tuple[TextSpan, ...] = ()
    mentions: tuple[TextSpan, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type.value,
            "descriptions": [d.to_dict() for d in self.descriptions],
            "mentions": [m.to_dict() for m in self.mentions],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entity:
        return cls(
            id=data["id"],
            name=data["name"],
            type=SourceType(data["type"]),
            descriptions=tuple(TextSpan.from_dict(d) for d in data.get("descriptions", ())),
            mentions=tuple(TextSpan.from_dict(m) for m in data.get("mentions", ())),
        )


@dataclass(frozen=True, slots=True)
class Document:
    """An article as read from its input, before analysis.

    Metadata given here wins over what the text's header says.
    """

    text: str
    id: str | None = None
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One news article with what claimtrace found in it."""

    id: str
    text: str
    path: str | None = None
    title: str | None = None
    outlet: str | None = None
    date: str | None = None  # ISO 8601, YYYY-MM-DD
    url: str | None = None
    language: str = "en"
    attributions: tuple[Attribution, ...] = ()
    entities: tuple[Entity, ...] = ()
    text_sha256: str = field(default="")

    def __post_init__(self) -> None:
        if not self.text_sha256:
            object.__setattr__(self, "text_sha256", sha256(self.text))

    def attribution(self, attribution_id: str) -> Attribution:
        """The attribution with this id (KeyError if there is none)."""
        for attribution in self.attributions:
            if attribution.id == attribution_id:
                return attribution
        raise KeyError(attribution_id)

    def entity(self, entity_id: str) -> Entity:
        """The entity with this id (KeyError if there is none)."""
        for entity in self.entities:
            if entity.id == entity_id:
                return entity
        raise KeyError(entity_id)

    def chain(self, attribution: Attribution) -> list[Attribution]:
        """``attribution`` and those it reaches the article through, innermost first."""
        chain = [attribution]
        seen = {attribution.id}
        while chain[-1].via is not None and chain[-1].via not in seen:
            chain.append(self.attribution(chain[-1].via))
            seen.add(chain[-1].id)
        return chain

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "id": self.id,
            "path": self.path,
            "title": self.title,
            "outlet": self.outlet,
            "date": self.date,
            "url": self.url,
            "language": self.language,
            "text": self.text,
            "text_sha256": self.text_sha256,
            "attributions": [a.to_dict() for a in self.attributions],
            "entities": [e.to_dict() for e in self.entities],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        return cls(
            id=data["id"],
            text=data["text"],
            path=data.get("path"),
            title=data.get("title"),
            outlet=data.get("outlet"),
            date=data.get("date"),
            url=data.get("url"),
            language=data.get("language", "en"),
            attributions=tuple(Attribution.from_dict(a) for a in data.get("attributions", ())),
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", ())),
            text_sha256=data.get("text_sha256", ""),
        )
