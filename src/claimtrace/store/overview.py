"""Corpus-wide summaries for the web UI: activity over time, who is quoted, who cites, facets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select

from claimtrace.store.db import Store
from claimtrace.store.queries import Claim
from claimtrace.store.schema import article_entities, articles, attributions, entities


def _by_month(rows: Iterable[Any]) -> Counter[str]:
    """(day, count) rows summed by month (YYYY-MM)."""
    counts: Counter[str] = Counter()
    for day, n in rows:
        if day is not None:
            counts[str(day)[:7]] += n
    return counts


def monthly(store: Store) -> list[tuple[str, int, int]]:
    """(YYYY-MM, articles, attributions) for every month with dated articles, in order."""
    with store.engine.connect() as c:
        stored = _by_month(
            c.execute(
                select(articles.c.day, func.count())
                .where(articles.c.day.is_not(None))
                .group_by(articles.c.day)
            )
        )
        claimed = _by_month(
            c.execute(
                select(articles.c.day, func.count())
                .join(attributions, attributions.c.article_id == articles.c.id)
                .where(articles.c.day.is_not(None))
                .group_by(articles.c.day)
            )
        )
    return [(month, stored[month], claimed[month]) for month in sorted(stored | claimed)]


@dataclass(frozen=True)
class Ranked:
    """A name with a count, and the page it links to (if any)."""

    name: str
    count: int
    entity: int | None = None
    type: str | None = None


def most_quoted(store: Store, limit: int = 10) -> list[Ranked]:
    """The sources with the most attributions."""
    statement = (
        select(entities.c.id, entities.c.name, entities.c.type, func.count().label("n"))
        .join(attributions, attributions.c.source_entity == entities.c.id)
        .group_by(entities.c.id, entities.c.name, entities.c.type)
        .order_by(func.count().desc(), entities.c.id)
        .limit(limit)
    )
    with store.engine.connect() as c:
        return [Ranked(r.name, r.n, r.id, r.type) for r in c.execute(statement)]


def citing_outlets(store: Store, limit: int = 10) -> list[Ranked]:
    """The outlets whose articles carry the most attributions."""
    statement = (
        select(articles.c.outlet, articles.c.outlet_entity, func.count().label("n"))
        .join(attributions, attributions.c.article_id == articles.c.id)
        .where(articles.c.outlet.is_not(None))
        .group_by(articles.c.outlet, articles.c.outlet_entity)
        .order_by(func.count().desc(), articles.c.outlet)
        .limit(limit)
    )
    with store.engine.connect() as c:
        return [Ranked(r.outlet, r.n, r.outlet_entity, "media") for r in c.execute(statement)]


def entity_timeline(store: Store, entity_id: int) -> list[tuple[str, int]]:
    """(YYYY-MM, attributions) of one source, in order."""
    statement = (
        select(articles.c.day, func.count())
        .join(attributions, attributions.c.article_id == articles.c.id)
        .where(attributions.c.source_entity == entity_id, articles.c.day.is_not(None))
        .group_by(articles.c.day)
    )
    with store.engine.connect() as c:
        return sorted(_by_month(c.execute(statement)).items())


@dataclass(frozen=True)
class Facets:
    """How search results fall by outlet, source type and month."""

    outlet: list[tuple[str, int]]
    source_type: list[tuple[str, int]]
    month: list[tuple[str, int]]


def facets(claims: Iterable[Claim]) -> Facets:
    """Count a result set's outlets, source types and months.

    Outlets and source types come most frequent first, months in order.
    """
    outlet: Counter[str] = Counter()
    kind: Counter[str] = Counter()
    month: Counter[str] = Counter()
    for claim in claims:
        outlet[claim.outlet or "(no outlet)"] += 1
        kind[claim.source_type or "(none)"] += 1
        if claim.date and not claim.date.startswith("-"):
            month[claim.date[:7]] += 1
    return Facets(outlet.most_common(), kind.most_common(), sorted(month.items()))


def entity_ids(store: Store, article_id: int) -> dict[str, int]:
    """An article's own entity ids ("e1") mapped to corpus entity ids."""
    statement = select(article_entities.c.local_id, article_entities.c.entity_id).where(
        article_entities.c.article_id == article_id
    )
    with store.engine.connect() as c:
        return {local: corpus for local, corpus in c.execute(statement)}


def article_by_hash(store: Store, text_sha256: str) -> int | None:
    """The store id of the article with this text, if stored."""
    with store.engine.connect() as c:
        found = c.execute(
            select(articles.c.id).where(articles.c.text_sha256 == text_sha256)
        ).scalar()
        return int(found) if found is not None else None


def revision(store: Store) -> int:
    """A number that changes whenever articles are stored (the newest article id).

    The writer only ever inserts articles (one read again from annotations
    is deleted and inserted anew), so this is exact, and cheap: the primary
    key's maximum.
    """
    with store.engine.connect() as c:
        return int(c.execute(select(func.max(articles.c.id))).scalar() or 0)
