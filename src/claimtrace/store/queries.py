"""Reading the store: counts, entities, search, chains, the citation graph.

Every function takes an open ``Store`` and returns plain typed records; none
builds SQL from strings of user input (search terms are bound parameters).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Subquery,
    Table,
    and_,
    distinct,
    func,
    literal_column,
    or_,
    select,
    text,
)
from sqlalchemy.engine import Connection

from claimtrace.model import Article
from claimtrace.store.db import Store
from claimtrace.store.schema import (
    articles,
    attributions,
    descriptions,
    entities,
    entity_aliases,
    errors,
)


@dataclass(frozen=True)
class Stats:
    articles: int
    attributions: int
    entities: int
    errors: int

    def to_dict(self) -> dict[str, int]:
        return {
            "articles": self.articles,
            "attributions": self.attributions,
            "entities": self.entities,
            "errors": self.errors,
        }


def stats(store: Store) -> Stats:
    """How much the store holds."""
    with store.engine.connect() as c:

        def count(table: Table) -> int:
            return int(c.execute(select(func.count()).select_from(table)).scalar_one())

        return Stats(count(articles), count(attributions), count(entities), count(errors))


def recent_errors(store: Store, limit: int = 20) -> list[tuple[str, str]]:
    """The latest recorded input errors: (path, reason)."""
    with store.engine.connect() as c:
        rows = c.execute(
            select(errors.c.path, errors.c.reason)
            .order_by(errors.c.at.desc(), errors.c.id.desc())
            .limit(limit)
        )
        return [(r.path, r.reason) for r in rows]


@dataclass(frozen=True)
class EntitySummary:
    """A corpus entity with its counts."""

    id: int
    name: str
    type: str
    aliases: list[str]
    descriptions: list[str]
    articles: int
    attributions: int
    outlets: list[str]
    first_seen: str | None
    last_seen: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "aliases": self.aliases,
            "descriptions": self.descriptions,
            "articles": self.articles,
            "attributions": self.attributions,
            "outlets": self.outlets,
            "first_seen": self.first_seen,
            "last_seen": self.last_seen,
        }


def _counts() -> Select[Any]:
    return (
        select(
            attributions.c.source_entity.label("entity_id"),
            func.count().label("attributions"),
            func.count(distinct(attributions.c.article_id)).label("articles"),
            func.min(articles.c.day).label("first_seen"),
            func.max(articles.c.day).label("last_seen"),
        )
        .join(articles, articles.c.id == attributions.c.article_id)
        .where(attributions.c.source_entity.is_not(None))
        .group_by(attributions.c.source_entity)
    )


def _with_counts(counts: Subquery) -> Select[Any]:
    """Entities with their counts from ``counts`` (a ``_counts()`` subquery)."""
    return select(
        entities.c.id,
        entities.c.name,
        entities.c.type,
        func.coalesce(counts.c.attributions, 0).label("attributions"),
        func.coalesce(counts.c.articles, 0).label("articles"),
        counts.c.first_seen,
        counts.c.last_seen,
    ).outerjoin(counts, counts.c.entity_id == entities.c.id)


def _no_nul(value: str | None) -> str | None:
    """User text with NUL characters blanked: PostgreSQL takes none in text, and none is stored."""
    return None if value is None else value.replace("\x00", " ")


def like_pattern(words: str) -> str:
    """A LIKE pattern for text containing ``words`` (lower-cased; % and _ match themselves)."""
    escaped = words.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _iso(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def list_entities(
    store: Store,
    *,
    type: str | None = None,
    query: str | None = None,
    top: int | None = None,
    offset: int = 0,
) -> list[EntitySummary]:
    """Corpus entities, most quoted first (those never quoted last)."""
    type, query = _no_nul(type), _no_nul(query)
    counts = _counts().subquery()
    statement = _with_counts(counts).order_by(
        func.coalesce(counts.c.attributions, 0).desc(), entities.c.id
    )
    if type:
        statement = statement.where(entities.c.type == type)
    if query:
        pattern = like_pattern(query)
        statement = statement.where(
            or_(
                func.lower(entities.c.name).like(pattern, escape="\\"),
                entities.c.id.in_(
                    select(entity_aliases.c.entity_id).where(
                        func.lower(entity_aliases.c.text).like(pattern, escape="\\")
                    )
                ),
            )
        )
    if top:
        statement = statement.limit(top)
    if offset:
        statement = statement.offset(offset)
    with store.engine.connect() as c:
        return _summaries(c, c.execute(statement).all())


def _summaries(c: Connection, rows: Sequence[Any]) -> list[EntitySummary]:
    """Entity rows (from ``_with_counts``) with their aliases, descriptions and outlets.

    Three queries for the whole list, whatever its length.
    """
    ids = [row.id for row in rows]
    aliases: dict[int, set[str]] = {i: set() for i in ids}
    texts: dict[int, list[str]] = {i: [] for i in ids}
    outlets: dict[int, list[str]] = {i: [] for i in ids}
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for entity_id, written in c.execute(
            select(entity_aliases.c.entity_id, entity_aliases.c.text).where(
                entity_aliases.c.entity_id.in_(part)
            )
        ):
            aliases[entity_id].add(written)
        for entity_id, description in c.execute(
            select(descriptions.c.entity_id, descriptions.c.text)
            .where(descriptions.c.entity_id.in_(part))
            .group_by(descriptions.c.entity_id, descriptions.c.text)
            .order_by(descriptions.c.entity_id, func.min(descriptions.c.id))
        ):
            texts[entity_id].append(description)
        for entity_id, outlet in c.execute(
            select(attributions.c.source_entity, articles.c.outlet)
            .join(articles, attributions.c.article_id == articles.c.id)
            .where(attributions.c.source_entity.in_(part), articles.c.outlet.is_not(None))
            .group_by(attributions.c.source_entity, articles.c.outlet)
            .order_by(attributions.c.source_entity, func.count().desc(), articles.c.outlet)
        ):
            outlets[entity_id].append(outlet)
    return [
        EntitySummary(
            id=row.id,
            name=row.name,
            type=row.type,
            aliases=sorted(aliases[row.id] - {row.name}),
            descriptions=texts[row.id],
            articles=row.articles,
            attributions=row.attributions,
            outlets=outlets[row.id],
            first_seen=_iso(row.first_seen),
            last_seen=_iso(row.last_seen),
        )
        for row in rows
    ]


def entity(store: Store, entity_id: int) -> EntitySummary | None:
    """One corpus entity with its counts, or None."""
    counts = _counts().where(attributions.c.source_entity == entity_id).subquery()
    with store.engine.connect() as c:
        row = c.execute(_with_counts(counts).where(entities.c.id == entity_id)).first()
        return _summaries(c, [row])[0] if row is not None else None


@dataclass(frozen=True)
class Description:
    """A description of an entity as one article wrote it."""

    text: str
    article_id: int
    article_key: str
    outlet: str | None
    date: str | None


def entity_descriptions(store: Store, entity_id: int) -> list[Description]:
    """Every description of an entity, with where it was seen."""
    with store.engine.connect() as c:
        rows = c.execute(
            select(
                descriptions.c.text,
                articles.c.id,
                articles.c.key,
                articles.c.outlet,
                articles.c.date,
            )
            .join(articles, articles.c.id == descriptions.c.article_id)
            .where(descriptions.c.entity_id == entity_id)
            .order_by(articles.c.day, descriptions.c.id)
        )
        return [Description(r[0], r[1], r[2], r[3], r[4]) for r in rows]


@dataclass(frozen=True)
class Claim:
    """One stored attribution, flattened for listing."""

    id: int
    article_id: int
    article_key: str
    title: str | None
    outlet: str | None
    date: str | None
    local_id: str
    kind: str
    source: str | None
    source_type: str | None
    source_entity: int | None
    source_name: str | None
    cue: str
    content: str
    addressee: str | None
    via_id: int | None
    confidence: float
    method: str
    rank: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _claims() -> Select[Any]:
    named = entities.alias("named")
    return (
        select(
            attributions.c.id,
            attributions.c.article_id,
            articles.c.key,
            articles.c.title,
            articles.c.outlet,
            articles.c.date,
            attributions.c.local_id,
            attributions.c.kind,
            attributions.c.source_text,
            attributions.c.source_type,
            attributions.c.source_entity,
            named.c.name,
            attributions.c.cue_text,
            attributions.c.content_text,
            attributions.c.addressee_text,
            attributions.c.via_id,
            attributions.c.confidence,
            attributions.c.method,
        )
        .join(articles, articles.c.id == attributions.c.article_id)
        .outerjoin(named, named.c.id == attributions.c.source_entity)
    )


def _claim(row: Any, rank: float = 0.0) -> Claim:
    claim = Claim(*row[:18])
    return replace(claim, rank=rank) if rank else claim


def claims_of(store: Store, entity_id: int, *, limit: int = 200, offset: int = 0) -> list[Claim]:
    """What an entity said, newest first."""
    statement = (
        _claims()
        .where(attributions.c.source_entity == entity_id)
        .order_by(articles.c.day.desc(), attributions.c.id)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as c:
        return [_claim(r) for r in c.execute(statement)]


def claims_of_article(store: Store, article_id: int) -> list[Claim]:
    """The attributions of one stored article, in text order."""
    statement = _claims().where(attributions.c.article_id == article_id).order_by(attributions.c.id)
    with store.engine.connect() as c:
        return [_claim(r) for r in c.execute(statement)]


def claim(store: Store, attribution_id: int) -> Claim | None:
    """One stored attribution."""
    with store.engine.connect() as c:
        row = c.execute(_claims().where(attributions.c.id == attribution_id)).first()
        return _claim(row) if row is not None else None


def trace(store: Store, attribution_id: int) -> list[Claim]:
    """An attribution and those it reached the article through, innermost first."""
    chain: list[Claim] = []
    seen: set[int] = set()
    current: int | None = attribution_id
    while current is not None and current not in seen:
        seen.add(current)
        found = claim(store, current)
        if found is None:
            break
        chain.append(found)
        current = found.via_id
    return chain


_TERM = re.compile(r"\w+", re.UNICODE)


# Web-search syntax, as PostgreSQL's websearch_to_tsquery reads it: "a phrase",
# -excluded, or; every other word must match. Nothing a user types is FTS5 syntax.
_WEB = re.compile(r'"([^"]*)"?|(?:(?<=\s)|^)-(\w+)|(\w+)', re.UNICODE)
_IGNORED = frozenset({"and", "not"})  # operators in FTS5, stop words in PostgreSQL


def _fts_query(query: str) -> str:
    """A user's query as an FTS5 expression of quoted terms ("" when it has no words)."""
    groups: list[list[str]] = [[]]  # alternatives (or), each of terms that must all match
    excluded: list[str] = []
    for match in _WEB.finditer(query):
        phrase, minus, word = match.groups()
        if phrase is not None:
            terms = _TERM.findall(phrase)
            if terms:
                groups[-1].append('"' + " ".join(terms) + '"')
        elif minus is not None:
            excluded.append(f'"{minus}"')
        elif word.lower() == "or":
            if groups[-1]:
                groups.append([])
        elif word.lower() not in _IGNORED:
            groups[-1].append(f'"{word}"')
    alternatives = [" AND ".join(g) for g in groups if g]
    if not alternatives:
        return ""
    expression = " OR ".join(f"({a})" for a in alternatives)
    if excluded:
        expression = f"({expression}) NOT ({' OR '.join(excluded)})"
    return expression


@dataclass(frozen=True)
class SearchFilters:
    outlet: str | None = None
    since: str | None = None
    until: str | None = None
    source_type: str | None = None


def search(
    store: Store,
    query: str,
    filters: SearchFilters | None = None,
    *,
    limit: int = 50,
    offset: int = 0,
) -> list[Claim]:
    """Attributions whose content, speaker or article title match ``query``, best first."""
    filters = filters or SearchFilters()
    query = query.replace("\x00", " ")
    filters = SearchFilters(
        _no_nul(filters.outlet), filters.since, filters.until, _no_nul(filters.source_type)
    )
    statement = _claims()
    if store.dialect == "sqlite":
        terms = _fts_query(query)
        if not terms:
            return []
        hits = (
            select(
                literal_column("rowid").label("hit"),
                literal_column("bm25(attribution_search, 1.0, 2.0, 0.5)").label("score"),
            )
            .select_from(text("attribution_search"))
            .where(text("attribution_search MATCH :terms"))
            .subquery()
        )
        statement = statement.add_columns((-hits.c.score).label("rank")).join(
            hits, hits.c.hit == attributions.c.id
        )
        params = {"terms": terms}
    else:
        if not _TERM.findall(query):
            return []
        tsquery = func.websearch_to_tsquery("english", query)
        vector: ColumnElement[Any] = literal_column("attributions.search")
        statement = statement.add_columns(func.ts_rank(vector, tsquery).label("rank")).where(
            vector.op("@@")(tsquery)
        )
        params = {}
    conditions = []
    if filters.outlet:
        conditions.append(articles.c.outlet == filters.outlet)
    if filters.since:
        conditions.append(articles.c.day >= dt.date.fromisoformat(filters.since))
    if filters.until:
        conditions.append(articles.c.day <= dt.date.fromisoformat(filters.until))
    if filters.source_type:
        conditions.append(attributions.c.source_type == filters.source_type)
    if conditions:
        statement = statement.where(and_(*conditions))
    statement = (
        statement.order_by(literal_column("rank").desc(), attributions.c.id)
        .limit(limit)
        .offset(offset)
    )
    with store.engine.connect() as c:
        rows = c.execute(statement, params)
        return [_claim(r, float(r[-1] or 0.0)) for r in rows]


def stored_document(store: Store, article_id: int) -> dict[str, Any] | None:
    """A stored article's JSON form, exactly as ``analyze --format jsonl`` wrote it."""
    with store.engine.connect() as c:
        document = c.execute(
            select(articles.c.document).where(articles.c.id == article_id)
        ).scalar()
        return dict(document) if document is not None else None


def stored_article(store: Store, article_id: int) -> Article | None:
    """A stored article as analysis gave it."""
    document = stored_document(store, article_id)
    return Article.from_dict(document) if document is not None else None


def article_id_for(store: Store, key: str) -> int | None:
    """The store id of an article given its store id (digits) or its own id (key).

    Only ASCII digits within a 64-bit integer are tried as a store id: other
    "digits" ("²", "٣") and larger numbers can only be keys.
    """
    key = _no_nul(key) or ""
    with store.engine.connect() as c:
        if key.isascii() and key.isdigit() and int(key) < 2**63:
            found = c.execute(select(articles.c.id).where(articles.c.id == int(key))).scalar()
            if found is not None:
                return int(found)
        found = c.execute(
            select(articles.c.id).where(articles.c.key == key).order_by(articles.c.id)
        ).scalar()
        return int(found) if found is not None else None


@dataclass(frozen=True)
class Edge:
    """Who cites whom, how often, and when first and last."""

    source: str  # node id: "entity:12" or "outlet:TASS"
    target: str
    count: int
    first: str | None
    last: str | None


@dataclass(frozen=True)
class Graph:
    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def citation_graph(store: Store, *, minimum: int = 1) -> Graph:
    """Outlets → sources they quote, and sources → sources they cite (``via`` chains)."""
    graph = Graph()
    earlier = attributions.alias("earlier")
    with store.engine.connect() as c:
        # Node ids are made here, not in SQL: SQLite before 3.44 has no concat().
        direct_rows = c.execute(
            select(
                articles.c.outlet_entity,
                articles.c.outlet,
                attributions.c.source_entity,
                func.count(),
                func.min(articles.c.day),
                func.max(articles.c.day),
            )
            .join(articles, articles.c.id == attributions.c.article_id)
            .where(
                attributions.c.via_id.is_(None),
                attributions.c.source_entity.is_not(None),
                articles.c.outlet.is_not(None),
            )
            .group_by(articles.c.outlet_entity, articles.c.outlet, attributions.c.source_entity)
        ).all()
        chained = c.execute(
            select(
                earlier.c.source_entity,
                attributions.c.source_entity,
                func.count(),
                func.min(articles.c.day),
                func.max(articles.c.day),
            )
            .join(earlier, earlier.c.id == attributions.c.via_id)
            .join(articles, articles.c.id == attributions.c.article_id)
            .where(earlier.c.source_entity.is_not(None), attributions.c.source_entity.is_not(None))
            .group_by(earlier.c.source_entity, attributions.c.source_entity)
        ).all()
        # One edge per pair: an outlet quoting a source directly and the same
        # outlet cited as a source (Izvestia -> Le Monde both ways) add up.
        pairs: dict[tuple[str, str], list[Any]] = {}
        found = [
            (
                f"entity:{outlet_entity}" if outlet_entity is not None else f"outlet:{outlet}",
                f"entity:{source}",
                count,
                first,
                last,
            )
            for outlet_entity, outlet, source, count, first, last in direct_rows
        ] + [(f"entity:{r[0]}", f"entity:{r[1]}", r[2], r[3], r[4]) for r in chained]
        for origin, target, count, first, last in found:
            if (origin, target) not in pairs:
                pairs[(origin, target)] = [count, first, last]
                continue
            seen = pairs[(origin, target)]
            seen[0] += count
            seen[1] = min((d for d in (seen[1], first) if d is not None), default=None)
            seen[2] = max((d for d in (seen[2], last) if d is not None), default=None)
        for (origin, target), (count, first, last) in pairs.items():
            graph.edges.append(Edge(origin, target, count, _iso(first), _iso(last)))
        graph.edges[:] = [e for e in graph.edges if e.count >= minimum and e.source != e.target]
        ids = {
            int(n.split(":", 1)[1])
            for e in graph.edges
            for n in (e.source, e.target)
            if n.startswith("entity:")
        }
        for row in c.execute(
            select(entities.c.id, entities.c.name, entities.c.type).where(entities.c.id.in_(ids))
        ):
            graph.nodes[f"entity:{row.id}"] = {
                "label": row.name,
                "type": row.type,
                "entity": row.id,
            }
        for e in graph.edges:
            for node in (e.source, e.target):
                if node.startswith("outlet:"):
                    graph.nodes[node] = {"label": node[7:], "type": "media", "entity": None}
    return graph


def list_articles(
    store: Store,
    *,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    query: str | None = None,
    limit: int = 50,
    after: int | None = None,
) -> list[dict[str, Any]]:
    """Articles, newest id first, with keyset paging (``after``: the last id seen)."""
    outlet, query = _no_nul(outlet), _no_nul(query)
    statement = select(
        articles.c.id,
        articles.c.key,
        articles.c.title,
        articles.c.outlet,
        articles.c.date,
        articles.c.path,
    ).order_by(articles.c.id.desc())
    if outlet:
        statement = statement.where(articles.c.outlet == outlet)
    if since:
        statement = statement.where(articles.c.day >= dt.date.fromisoformat(since))
    if until:
        statement = statement.where(articles.c.day <= dt.date.fromisoformat(until))
    if query:
        pattern = like_pattern(query)
        statement = statement.where(
            or_(
                func.lower(articles.c.title).like(pattern, escape="\\"),
                func.lower(articles.c.text).like(pattern, escape="\\"),
            )
        )
    if after is not None:
        statement = statement.where(articles.c.id < after)
    with store.engine.connect() as c:
        return [dict(r._mapping) for r in c.execute(statement.limit(limit))]


def outlets_of(store: Store) -> Sequence[str]:
    """Every outlet in the store."""
    with store.engine.connect() as c:
        return [
            r[0]
            for r in c.execute(
                select(articles.c.outlet)
                .where(articles.c.outlet.is_not(None))
                .distinct()
                .order_by(articles.c.outlet)
            )
        ]
