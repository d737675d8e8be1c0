"""The corpus store's tables (SQLAlchemy Core), the same on SQLite and PostgreSQL.

    articles ──< attributions >── entities ──< entity_aliases
        │            │  via ─┘        ├──< descriptions (with the article they came from)
        │            └─ search (SQLite: FTS5 table; PostgreSQL: tsvector column)
        └──< article_entities >── entities
    errors   (inputs that failed, with why)

An article is keyed by the SHA-256 of its text. ``articles.document`` keeps
the article exactly as ``claimtrace analyze --format jsonl`` writes it, so an
export gives back what analysis gave; the other tables are its parts,
indexed for queries, with per-article ids (``a1``, ``e1``) mapped to corpus
ids. Changes to these tables are migrations (``store/migrations``).
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

entities = Table(
    "entities",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", Text, nullable=False),  # the fullest form seen
    Column("type", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

entity_aliases = Table(
    "entity_aliases",
    metadata,
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column(
        "alias", Text, nullable=False
    ),  # a normalised key: "name:alexander petrov", "acronym:who"
    Column("text", Text, nullable=False),  # as written
    Index("ix_entity_aliases_alias", "alias"),
    Index("ix_entity_aliases_entity", "entity_id"),
)

articles = Table(
    "articles",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", Text, nullable=False),  # Article.id: file stem, given id, or hash prefix
    Column("text_sha256", String(64), nullable=False, unique=True),
    Column("path", Text),
    Column("title", Text),
    Column("outlet", Text),
    Column("outlet_entity", Integer, ForeignKey("entities.id")),
    Column("date", String(10)),  # as analysed: YYYY-MM-DD or --MM-DD
    Column("day", Date),  # the date when complete, for range queries
    Column("url", Text),
    Column("language", String(8), nullable=False),
    Column("text", Text, nullable=False),
    Column("document", JSON, nullable=False),
    Column("gold", Boolean, nullable=False, default=False),  # attributions from annotations
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    Index("ix_articles_outlet", "outlet"),
    Index("ix_articles_day", "day"),
    Index("ix_articles_key", "key"),
)

article_entities = Table(
    "article_entities",
    metadata,
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String(16), nullable=False),  # "e1"
    Column("entity_id", Integer, ForeignKey("entities.id"), nullable=False),
    Index("ix_article_entities_article", "article_id"),
    Index("ix_article_entities_entity", "entity_id"),
)

descriptions = Table(
    "descriptions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("entity_id", Integer, ForeignKey("entities.id", ondelete="CASCADE"), nullable=False),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("text", Text, nullable=False),
    Column("spans", JSON, nullable=False),
    Index("ix_descriptions_entity", "entity_id"),
)

attributions = Table(
    "attributions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("article_id", Integer, ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("local_id", String(16), nullable=False),  # "a1"
    Column("kind", String(16), nullable=False),
    Column("source_text", Text),
    Column("source_type", String(16)),
    Column("source_entity", Integer, ForeignKey("entities.id")),
    Column("source_description", Text),
    Column("cue_text", Text, nullable=False),
    Column("content_text", Text, nullable=False),
    Column("addressee_text", Text),
    Column("addressee_entity", Integer, ForeignKey("entities.id")),
    Column("via_id", Integer, ForeignKey("attributions.id", ondelete="SET NULL")),
    Column("confidence", Float, nullable=False),
    Column("method", String(32), nullable=False),
    Index("ix_attributions_article", "article_id"),
    Index("ix_attributions_source_entity", "source_entity"),
    Index("ix_attributions_via", "via_id"),
)

errors = Table(
    "errors",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)
