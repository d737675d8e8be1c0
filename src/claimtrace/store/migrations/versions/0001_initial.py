"""The first corpus schema: articles, attributions, entities, search, errors.

Revision ID: 0001
Revises:
Create Date: 2026-11-21
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "entities",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("type", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "entity_aliases",
        sa.Column(
            "entity_id",
            sa.Integer,
            sa.ForeignKey("entities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("alias", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_entity_aliases_alias", "entity_aliases", ["alias"])
    op.create_index("ix_entity_aliases_entity", "entity_aliases", ["entity_id"])
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("text_sha256", sa.String(64), nullable=False, unique=True),
        sa.Column("path", sa.Text),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("outlet_entity", sa.Integer, sa.ForeignKey("entities.id")),
        sa.Column("date", sa.String(10)),
        sa.Column("day", sa.Date),
        sa.Column("url", sa.Text),
        sa.Column("language", sa.String(8), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
        sa.Column("gold", sa.Boolean, nullable=False),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_articles_outlet", "articles", ["outlet"])
    op.create_index("ix_articles_day", "articles", ["day"])
    op.create_index("ix_articles_key", "articles", ["key"])
    op.create_table(
        "article_entities",
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("local_id", sa.String(16), nullable=False),
        sa.Column("entity_id", sa.Integer, sa.ForeignKey("entities.id"), nullable=False),
    )
    op.create_index("ix_article_entities_article", "article_entities", ["article_id"])
    op.create_index("ix_article_entities_entity", "article_entities", ["entity_id"])
    op.create_table(
        "descriptions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "entity_id",
            sa.Integer,
            sa.ForeignKey("entities.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("spans", sa.JSON, nullable=False),
    )
    op.create_index("ix_descriptions_entity", "descriptions", ["entity_id"])
    op.create_table(
        "attributions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "article_id",
            sa.Integer,
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("local_id", sa.String(16), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("source_text", sa.Text),
        sa.Column("source_type", sa.String(16)),
        sa.Column("source_entity", sa.Integer, sa.ForeignKey("entities.id")),
        sa.Column("source_description", sa.Text),
        sa.Column("cue_text", sa.Text, nullable=False),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column("addressee_text", sa.Text),
        sa.Column("addressee_entity", sa.Integer, sa.ForeignKey("entities.id")),
        sa.Column("via_id", sa.Integer, sa.ForeignKey("attributions.id", ondelete="SET NULL")),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("method", sa.String(32), nullable=False),
    )
    op.create_index("ix_attributions_article", "attributions", ["article_id"])
    op.create_index("ix_attributions_source_entity", "attributions", ["source_entity"])
    op.create_index("ix_attributions_via", "attributions", ["via_id"])
    op.create_table(
        "errors",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("path", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )
    # Full-text search over contents, speakers and titles.
    if op.get_bind().dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE attribution_search USING "
            "fts5(content, speaker, title, tokenize = 'porter unicode61')"
        )
    else:
        op.execute("ALTER TABLE attributions ADD COLUMN search tsvector")
        op.execute("CREATE INDEX ix_attributions_search ON attributions USING GIN (search)")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE attribution_search")
    for table in (
        "errors",
        "attributions",
        "descriptions",
        "article_entities",
        "articles",
        "entity_aliases",
        "entities",
    ):
        op.drop_table(table)
