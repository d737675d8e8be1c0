"""Writing analysed articles into the store: one writer, one connection.

``Writer.write`` stores a batch of articles in one transaction: each
article's row (with its JSON document), its attributions (per-article ids
mapped to corpus ids, ``via`` links included), its entities merged into
corpus entities (``resolve.entities``), their descriptions with the article
they came from, and the search index. An article already stored (same text
hash) is skipped; one read from annotations (``gold``) replaces it.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import Table, bindparam, delete, func, insert, select, text, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import OperationalError

from claimtrace.errors import StoreError
from claimtrace.extract.lexicons import Lexicon
from claimtrace.extract.lexicons import load as load_lexicon
from claimtrace.model import Article, Entity, SourceType, TextSpan
from claimtrace.resolve.entities import Identity, Known, fuller, identity, match, normalise
from claimtrace.store.db import WRITING, Store, one_line
from claimtrace.store.schema import (
    article_entities,
    articles,
    attributions,
    descriptions,
    entities,
    entity_aliases,
    errors,
)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _day(date: str | None) -> dt.date | None:
    if date and len(date) == 10 and not date.startswith("--"):
        try:
            return dt.date.fromisoformat(date)
        except ValueError:
            return None
    return None


class _Catalogue:
    """The corpus entities a batch's entities may be, read in one query up front.

    ``aliases`` are every alias the batch's entities can be found by; the
    entities it adds are recorded here as they are decided (``add``), so a
    later entity of the batch finds them too. What a surname match needs
    besides (description words, outlets) is read only for its few candidates
    (``context``), together with what the batch's earlier articles said of
    them (``note``): those are written only at the end of the batch.
    """

    def __init__(self, connection: Connection, aliases: Iterable[str], contexts: _Contexts) -> None:
        self.connection = connection
        self.contexts = contexts
        self.ids: dict[str, list[int]] = {}
        self.entities: dict[int, Known] = {}
        self.noted: dict[int, tuple[set[str], set[str]]] = {}
        wanted = sorted(set(aliases))
        for start in range(0, len(wanted), 500):
            rows = connection.execute(
                select(entity_aliases.c.alias, entities.c.id, entities.c.name, entities.c.type)
                .join(entities, entity_aliases.c.entity_id == entities.c.id)
                .where(entity_aliases.c.alias.in_(wanted[start : start + 500]))
            )
            for alias, entity_id, name, kind in rows:
                self.add(alias, Known(entity_id, name, kind))

    def add(self, alias: str, known: Known) -> None:
        ids = self.ids.setdefault(alias, [])
        if known.id not in ids:
            ids.append(known.id)
            ids.sort()
        self.entities[known.id] = known

    def by_alias(self, alias: str) -> list[Known]:
        return [self.entities[i] for i in self.ids.get(alias, ())]

    def context(self, known: Known) -> Known:
        found = self.contexts.get(known.id)
        if found is None:
            found = self._read_context(known.id)
            self.contexts.put(known.id, found)
        words, outlets = found
        more_words, more_outlets = self.noted.get(known.id, ((), ()))
        return replace(
            known,
            words=frozenset(words).union(more_words),
            outlets=frozenset(outlets).union(more_outlets),
        )

    def note(self, article: Article, corpus_ids: dict[str, int]) -> None:
        """Remember what an article of the batch says of its entities (not written yet)."""
        for entity in article.entities:
            words = self.noted.setdefault(corpus_ids[entity.id], (set(), set()))[0]
            words.update(w for d in entity.descriptions for w in normalise(d.text).split())
        if article.outlet:
            for attribution in article.attributions:
                source = attribution.source
                if source is not None and source.entity in corpus_ids:
                    entity_id = corpus_ids[source.entity]
                    self.noted.setdefault(entity_id, (set(), set()))[1].add(article.outlet)

    def _read_context(self, entity_id: int) -> tuple[set[str], set[str]]:
        words = {
            w
            for (description,) in self.connection.execute(
                select(descriptions.c.text).where(descriptions.c.entity_id == entity_id)
            )
            for w in normalise(description).split()
        }
        outlets = {
            o
            for (o,) in self.connection.execute(
                select(articles.c.outlet)
                .join(attributions, attributions.c.article_id == articles.c.id)
                .where(attributions.c.source_entity == entity_id)
                .distinct()
            )
            if o
        }
        return words, outlets


class _Contexts:
    """Description words and outlets of corpus entities, kept by the writer between articles.

    Read from the store the first time a surname match needs them, then
    kept up to date as the writer adds descriptions and attributions (it is
    the store's only writer); the least recently used are dropped beyond
    ``size``, and all of them when a transaction fails.
    """

    def __init__(self, size: int = 20_000) -> None:
        self.size = size
        self.known: OrderedDict[int, tuple[set[str], set[str]]] = OrderedDict()

    def get(self, entity_id: int) -> tuple[set[str], set[str]] | None:
        found = self.known.get(entity_id)
        if found is not None:
            self.known.move_to_end(entity_id)
        return found

    def put(self, entity_id: int, context: tuple[set[str], set[str]]) -> None:
        self.known[entity_id] = context
        while len(self.known) > self.size:
            self.known.popitem(last=False)

    def described(self, entity_id: int, texts: Iterable[str]) -> None:
        if entity_id in self.known:
            self.known[entity_id][0].update(w for t in texts for w in normalise(t).split())

    def quoted(self, entity_id: int, outlet: str | None) -> None:
        if outlet and entity_id in self.known:
            self.known[entity_id][1].add(outlet)


class _Pending:
    """The corpus entities one article adds or renames, and their new aliases, to write at once."""

    def __init__(self, ids: Iterator[int]) -> None:
        self.ids = ids
        self.new: dict[int, dict[str, object]] = {}
        self.renamed: dict[int, str] = {}
        self.aliases: list[dict[str, object]] = []

    def place(self, item: Identity, catalogue: _Catalogue) -> int:
        """The corpus id of ``item``: a known entity it matches, or a new one."""
        known = match(item, catalogue)
        if known is None:
            entity_id = next(self.ids)
            self.new[entity_id] = {
                "id": entity_id, "name": item.name, "type": item.type, "created_at": _now()
            }  # fmt: skip
            name, kind = item.name, item.type
        else:
            entity_id, name, kind = known.id, fuller([known.name, item.name]), known.type
            if name != known.name:
                if entity_id in self.new:
                    self.new[entity_id]["name"] = name
                else:
                    self.renamed[entity_id] = name
        self.aliases.extend(
            {"entity_id": entity_id, "alias": alias, "text": written}
            for alias, written in item.aliases.items()
            if entity_id not in catalogue.ids.get(alias, ())
        )
        for alias in item.aliases:
            catalogue.add(alias, Known(entity_id, name, kind))
        return entity_id

    def write(self, c: Connection, add: Callable[[Table, list[dict[str, Any]]], None]) -> None:
        """Write the new entities, renamings and aliases; ``add`` inserts plain rows."""
        if self.new:
            c.execute(insert(entities), list(self.new.values()))
        if self.renamed:
            c.execute(
                update(entities)
                .where(entities.c.id == bindparam("row"))
                .values(name=bindparam("new_name")),
                [{"row": k, "new_name": v} for k, v in self.renamed.items()],
            )
        if self.aliases:
            add(entity_aliases, self.aliases)


@dataclass
class Written:
    """What one ``write`` did."""

    stored: int = 0  # new articles
    replaced: int = 0  # articles replaced by annotated ones
    skipped: int = 0  # already stored


class Writer:
    """The one writer of a store. Use as a context manager."""

    def __init__(self, store: Store, lexicon: Lexicon | None = None) -> None:
        self.store = store
        self.lexicon = lexicon or load_lexicon()
        self.connection = store.engine.connect().execution_options(**WRITING)
        self.sqlite = store.dialect == "sqlite"
        # With several workers, the pool's feeder thread reads inputs (and
        # asks ``known``, or writes annotated articles) while this thread
        # writes: one connection, so one of them at a time.
        self._lock = threading.RLock()
        self._contexts = _Contexts()

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """One user of the connection at a time; a database that fails is a StoreError."""
        with self._lock:
            try:
                yield
            except OperationalError as exc:  # read-only, full, locked, gone away
                with suppress(Exception):  # the connection may be gone too
                    self.connection.rollback()
                raise StoreError(
                    f"cannot write to the database at {self.store.shown}: {one_line(exc)}"
                ) from exc

    def known(self, hashes: Sequence[str]) -> set[str]:
        """Which of these text hashes are stored already."""
        if not hashes:
            return set()
        with self._guarded():
            found = self._stored(hashes)
            self.connection.commit()
            return found

    def write(self, batch: Iterable[tuple[Article, bool]]) -> Written:
        """Store (article, gold) pairs in one transaction; all or none of them.

        New articles are written together, a few statements for the whole
        batch; one read from annotations (``gold``) replaces the stored one.
        """
        done = Written()
        try:
            with self._guarded(), self.connection.begin():
                items = list(batch)
                stored = self._stored([a.text_sha256 for a, _ in items])
                group: list[tuple[Article, bool]] = []
                seen: set[str] = set()
                for article, gold in items:
                    digest = article.text_sha256
                    if digest not in stored and digest not in seen:
                        seen.add(digest)
                        group.append((article, gold))
                        done.stored += 1
                    elif not gold:
                        done.skipped += 1
                    else:
                        self._insert(group)  # the one it replaces may be among them
                        group = []
                        self._replace(article)
                        seen.add(digest)
                        done.replaced += 1
                self._insert(group)
        except BaseException:
            self._contexts.known.clear()  # what they recorded was rolled back
            raise
        return done

    def error(self, path: str, reason: str) -> None:
        """Record an input that failed (once: the same failure again only updates its time)."""
        with self._guarded(), self.connection.begin():
            same = self.connection.execute(
                select(errors.c.id).where(errors.c.path == path, errors.c.reason == reason).limit(1)
            ).scalar()
            if same is not None:
                self.connection.execute(update(errors).where(errors.c.id == same).values(at=_now()))
            else:
                self.connection.execute(insert(errors).values(path=path, reason=reason, at=_now()))

    # -- articles ----------------------------------------------------------

    def _stored(self, hashes: Sequence[str]) -> set[str]:
        found: set[str] = set()
        unique = sorted(set(hashes))
        for start in range(0, len(unique), 500):
            found.update(
                self.connection.execute(
                    select(articles.c.text_sha256).where(
                        articles.c.text_sha256.in_(unique[start : start + 500])
                    )
                ).scalars()
            )
        return found

    def _replace(self, article: Article) -> None:
        """Put an annotated article in place of the stored one with the same text."""
        existing = self.connection.execute(
            select(
                articles.c.id, articles.c.title, articles.c.outlet, articles.c.date, articles.c.url
            ).where(articles.c.text_sha256 == article.text_sha256)
        ).one()
        # A brat file holds the text alone: what else was known of it stays.
        article = replace(
            article,
            title=article.title or existing.title,
            outlet=article.outlet or existing.outlet,
            date=article.date or existing.date,
            url=article.url or existing.url,
        )
        stale = self._remove(existing.id)
        self._contexts.known.clear()  # the removed article's words and outlets
        self._insert([(article, True)])
        self._drop_unreferenced(stale)

    def _insert(self, group: Sequence[tuple[Article, bool]]) -> None:
        """Write new articles: their entities decided one by one, their rows all at once."""
        if not group:
            return
        c = self.connection
        plans = []
        aliases: set[str] = set()
        for article, gold in group:
            outlet = self._outlet_identity(article.outlet) if article.outlet else None
            items = [
                identity(e, article.text, self.lexicon, article.outlet) for e in article.entities
            ]
            plans.append((article, gold, outlet, items))
            aliases.update(a for item in (outlet, *items) if item is not None for a in item.aliases)
        catalogue = _Catalogue(c, aliases, self._contexts)
        pending = _Pending(self._new_ids(sum(len(items) + 1 for *_, items in plans)))
        placed: list[tuple[Article, dict[str, int]]] = []
        rows = []
        for article, gold, outlet, items in plans:
            outlet_entity = pending.place(outlet, catalogue) if outlet is not None else None
            corpus_ids = {
                e.id: pending.place(item, catalogue)
                for e, item in zip(article.entities, items, strict=True)
            }
            catalogue.note(article, corpus_ids)  # for the batch's later articles
            placed.append((article, corpus_ids))
            rows.append(
                {
                    "key": article.id,
                    "text_sha256": article.text_sha256,
                    "path": article.path,
                    "title": article.title,
                    "outlet": article.outlet,
                    "outlet_entity": outlet_entity,
                    "date": article.date,
                    "day": _day(article.date),
                    "url": article.url,
                    "language": article.language,
                    "text": article.text,
                    "document": article.to_dict(),
                    "gold": gold,
                    "ingested_at": _now(),
                }
            )
        pending.write(c, self._add)
        article_ids = list(
            c.execute(
                insert(articles).returning(articles.c.id, sort_by_parameter_order=True), rows
            ).scalars()
        )
        self._descriptions(placed, article_ids)
        links = [
            {"article_id": article_id, "local_id": k, "entity_id": v}
            for (_, corpus_ids), article_id in zip(placed, article_ids, strict=True)
            for k, v in corpus_ids.items()
        ]
        if links:
            self._add(article_entities, links)
        self._attributions(placed, article_ids)

    def _remove(self, article_id: int) -> set[int]:
        """Delete an article and its parts; returns the corpus entities it referred to."""
        c = self.connection
        referred = {
            r[0]
            for r in c.execute(
                select(article_entities.c.entity_id).where(
                    article_entities.c.article_id == article_id
                )
            )
        }
        referred |= {
            r[0]
            for r in c.execute(
                select(articles.c.outlet_entity).where(
                    articles.c.id == article_id, articles.c.outlet_entity.is_not(None)
                )
            )
        }
        if self.sqlite:
            c.execute(
                text(
                    "DELETE FROM attribution_search WHERE rowid IN "
                    "(SELECT id FROM attributions WHERE article_id = :a)"
                ),
                {"a": article_id},
            )
        c.execute(
            update(attributions).where(attributions.c.article_id == article_id).values(via_id=None)
        )
        c.execute(delete(attributions).where(attributions.c.article_id == article_id))
        c.execute(delete(descriptions).where(descriptions.c.article_id == article_id))
        c.execute(delete(article_entities).where(article_entities.c.article_id == article_id))
        c.execute(delete(articles).where(articles.c.id == article_id))
        return referred

    def _drop_unreferenced(self, candidates: set[int]) -> None:
        """Delete those of ``candidates`` that nothing refers to any more (a replaced article's)."""
        c = self.connection
        used = {
            r[0]
            for query in (
                select(article_entities.c.entity_id).where(
                    article_entities.c.entity_id.in_(candidates)
                ),
                select(articles.c.outlet_entity).where(articles.c.outlet_entity.in_(candidates)),
                select(attributions.c.source_entity).where(
                    attributions.c.source_entity.in_(candidates)
                ),
                select(attributions.c.addressee_entity).where(
                    attributions.c.addressee_entity.in_(candidates)
                ),
            )
            for r in c.execute(query)
        }
        gone = sorted(candidates - used)
        if gone:
            c.execute(delete(descriptions).where(descriptions.c.entity_id.in_(gone)))
            c.execute(delete(entity_aliases).where(entity_aliases.c.entity_id.in_(gone)))
            c.execute(delete(entities).where(entities.c.id.in_(gone)))

    def _new_ids(self, count: int) -> Iterator[int]:
        """Ids for up to ``count`` new entities (PostgreSQL: from the sequence, in one query)."""
        if self.sqlite:  # the writing transaction holds the lock: nobody else inserts
            first = int(self.connection.execute(select(func.max(entities.c.id))).scalar() or 0)
            return iter(range(first + 1, first + 1 + count))
        return iter(self._sequence("entities", count))

    def _sequence(self, table: str, count: int) -> list[int]:
        """``count`` new ids of a PostgreSQL table's serial ``id``, in one query."""
        taken = self.connection.execute(
            text(
                "SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :n)"
            ),
            {"table": table, "n": count},
        ).scalars()
        return [int(i) for i in taken]

    def _add(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """Rows with no ids to return: one executemany on SQLite, COPY on PostgreSQL
        (an executemany there is a statement per row)."""
        if self.sqlite:
            self.connection.execute(insert(table), rows)
        else:
            self._copy(table.name, rows)

    def _copy(self, table: str, rows: Sequence[dict[str, Any]]) -> None:
        """Rows into a PostgreSQL table by COPY, in the writer's transaction."""
        columns = list(rows[0])
        raw = self.connection.connection.driver_connection
        assert raw is not None
        names = ", ".join(columns)
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:  # JSON values as JSON text (a list would be an array)
                values = (row[c] for c in columns)
                copy.write_row([json.dumps(v) if isinstance(v, list | dict) else v for v in values])

    def _descriptions(
        self, placed: Sequence[tuple[Article, dict[str, int]]], article_ids: Sequence[int]
    ) -> None:
        """Every description of the articles' entities, once each per article, with it."""
        rows = []
        for (article, corpus_ids), article_id in zip(placed, article_ids, strict=True):
            for entity in article.entities:
                seen: set[str] = set()
                for description in entity.descriptions:
                    if description.text.lower() in seen:
                        continue
                    seen.add(description.text.lower())
                    rows.append(
                        {
                            "entity_id": corpus_ids[entity.id],
                            "article_id": article_id,
                            "text": description.text,
                            "spans": [list(s) for s in description.spans],
                        }
                    )
                    self._contexts.described(corpus_ids[entity.id], [description.text])
        if rows:
            self._add(descriptions, rows)

    def _outlet_identity(self, outlet: str) -> Identity:
        entity = Entity(
            id="outlet", name=outlet, type=SourceType.MEDIA, mentions=(TextSpan(outlet, ((0, 1),)),)
        )
        return identity(entity, outlet, self.lexicon, None)

    def _attributions(
        self, placed: Sequence[tuple[Article, dict[str, int]]], article_ids: Sequence[int]
    ) -> None:
        """Insert the articles' attributions, their ``via`` links and search rows (batched)."""
        c = self.connection
        rows = []
        for (article, corpus_ids), article_id in zip(placed, article_ids, strict=True):
            for attribution in article.attributions:
                source, addressee = attribution.source, attribution.addressee
                rows.append(
                    {
                        "article_id": article_id,
                        "local_id": attribution.id,
                        "kind": attribution.kind.value,
                        "source_text": source.text if source else None,
                        "source_type": source.type.value if source else None,
                        "source_entity": corpus_ids.get(source.entity)
                        if source and source.entity
                        else None,
                        "source_description": (
                            source.description.text if source and source.description else None
                        ),
                        "cue_text": attribution.cue.text,
                        "content_text": attribution.content.text,
                        "addressee_text": addressee.text if addressee else None,
                        "addressee_entity": (
                            corpus_ids.get(addressee.entity)
                            if addressee and addressee.entity
                            else None
                        ),
                        "confidence": attribution.confidence,
                        "method": attribution.method,
                    }
                )
        if not rows:
            return
        # Ids taken up front (SQLite: under the writing lock; PostgreSQL: from the
        # sequence), so the rows go in without RETURNING: executemany, or COPY.
        if self.sqlite:
            first = int(c.execute(select(func.max(attributions.c.id))).scalar() or 0) + 1
            ids = list(range(first, first + len(rows)))
        else:
            ids = self._sequence("attributions", len(rows))
        for row, attribution_id in zip(rows, ids, strict=True):
            row["id"] = attribution_id
        self._add(attributions, rows)
        inserted = iter(ids)
        links = []
        index = []
        for article, corpus_ids in placed:
            local = {a.id: next(inserted) for a in article.attributions}
            links += [
                {"row": local[a.id], "via": local[a.via]}
                for a in article.attributions
                if a.via and a.via in local
            ]
            names = {e.id: e.name for e in article.entities}
            for attribution in article.attributions:
                source = attribution.source
                speaker = " ".join(
                    x
                    for x in (
                        source.text if source else "",
                        names.get(source.entity or "", "") if source else "",
                        source.description.text if source and source.description else "",
                    )
                    if x
                )
                if source is not None and source.entity in corpus_ids:
                    self._contexts.quoted(corpus_ids[source.entity], article.outlet)
                index.append(
                    {
                        "id": local[attribution.id],
                        "content": attribution.content.text,
                        "speaker": speaker,
                        "title": article.title or "",
                    }
                )
        if links:
            c.execute(
                update(attributions)
                .where(attributions.c.id == bindparam("row"))
                .values(via_id=bindparam("via")),
                links,
            )
        self._index(index)

    def _index(self, rows: list[dict[str, object]]) -> None:
        """Search rows for new attributions: content, speaker (names, descriptions), title."""
        if self.sqlite:
            self.connection.execute(
                text(
                    "INSERT INTO attribution_search(rowid, content, speaker, title) "
                    "VALUES (:id, :content, :speaker, :title)"
                ),
                rows,
            )
        else:  # one statement for the batch: its rows' ids and speakers as arrays
            self.connection.execute(
                text(
                    "UPDATE attributions AS a SET search = "
                    "setweight(to_tsvector('english', a.content_text), 'B') || "
                    "setweight(to_tsvector('english', u.speaker || ' ' || u.title), 'A') "
                    "FROM unnest(CAST(:ids AS integer[]), CAST(:speakers AS text[]), "
                    "CAST(:titles AS text[])) AS u(id, speaker, title) WHERE a.id = u.id"
                ),
                {
                    "ids": [r["id"] for r in rows],
                    "speakers": [r["speaker"] for r in rows],
                    "titles": [r["title"] for r in rows],
                },
            )
