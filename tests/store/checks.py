"""Helpers shared by the store tests: writing articles, finding entities, checking integrity."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select, text

from claimtrace.model import Article
from claimtrace.store.db import Store, open_store
from claimtrace.store.schema import article_entities, articles
from claimtrace.store.writer import Writer, Written


def store_articles(url: str, batch: Iterable[Article], *, gold: bool = False) -> Written:
    """Write analysed articles into the store at ``url`` (created if need be)."""
    with open_store(url, write=True) as store, Writer(store) as writer:
        return writer.write([(a, gold) for a in batch])


def corpus_entity(store: Store, article_key: str, name: str, analysed: Article) -> int:
    """The corpus id of the entity an article called ``name``."""
    local = [e.id for e in analysed.entities if e.name == name]
    assert local, (
        f"{article_key}: no entity named {name!r} in {[e.name for e in analysed.entities]}"
    )
    with store.engine.connect() as c:
        found = c.execute(
            select(article_entities.c.entity_id)
            .join(articles, articles.c.id == article_entities.c.article_id)
            .where(articles.c.key == article_key, article_entities.c.local_id == local[0])
        ).scalar()
    assert found is not None, f"{article_key}/{name} has no corpus entity"
    return int(found)


# Each query counts rows that point at nothing (or index entries of nothing).
_ORPHANS = {
    "attributions without article": "SELECT count(*) FROM attributions t "
    "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = t.article_id)",
    "attributions via a missing attribution": "SELECT count(*) FROM attributions t "
    "WHERE t.via_id IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM attributions v WHERE v.id = t.via_id)",
    "attributions via another article": "SELECT count(*) FROM attributions t "
    "JOIN attributions v ON v.id = t.via_id WHERE v.article_id <> t.article_id",
    "attributions of a missing entity": "SELECT count(*) FROM attributions t "
    "WHERE t.source_entity IS NOT NULL "
    "AND NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = t.source_entity)",
    "article entities without article": "SELECT count(*) FROM article_entities t "
    "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = t.article_id)",
    "article entities without entity": "SELECT count(*) FROM article_entities t "
    "WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = t.entity_id)",
    "descriptions without article": "SELECT count(*) FROM descriptions t "
    "WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.id = t.article_id)",
    "descriptions without entity": "SELECT count(*) FROM descriptions t "
    "WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = t.entity_id)",
    "aliases without entity": "SELECT count(*) FROM entity_aliases t "
    "WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.id = t.entity_id)",
    "entities no article mentions": "SELECT count(*) FROM entities e "
    "WHERE NOT EXISTS (SELECT 1 FROM article_entities t WHERE t.entity_id = e.id) "
    "AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.outlet_entity = e.id)",
}
_SQLITE_SEARCH = {
    "search rows without attribution": "SELECT count(*) FROM attribution_search s "
    "WHERE NOT EXISTS (SELECT 1 FROM attributions t WHERE t.id = s.rowid)",
    "attributions missing from search": "SELECT count(*) FROM attributions t "
    "WHERE NOT EXISTS (SELECT 1 FROM attribution_search s WHERE s.rowid = t.id)",
}
_POSTGRES_SEARCH = {
    "attributions missing from search": "SELECT count(*) FROM attributions WHERE search IS NULL",
}


def orphans(store: Store) -> dict[str, int]:
    """Every kind of dangling row with its count (empty when the store is whole)."""
    queries = {
        **_ORPHANS,
        **(_SQLITE_SEARCH if store.dialect == "sqlite" else _POSTGRES_SEARCH),
    }
    with store.engine.connect() as c:
        counts = {name: c.execute(text(sql)).scalar_one() for name, sql in queries.items()}
    return {name: n for name, n in counts.items() if n}
