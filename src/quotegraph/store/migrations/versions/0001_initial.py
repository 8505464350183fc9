"""Initial schema: articles, attributions, speakers, quotations, mentions, skips, runs, full text.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create every table; the full-text index depends on the backend."""
    op.create_table(
        "runs",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("started_at", sa.DateTime, nullable=False),
        sa.Column("finished_at", sa.DateTime),
        sa.Column("inputs", sa.Text, nullable=False, server_default="[]"),
        sa.Column("status", sa.String(16), nullable=False, server_default="running"),
        sa.Column("read", sa.Integer, nullable=False, server_default="0"),
        sa.Column("added", sa.Integer, nullable=False, server_default="0"),
        sa.Column("duplicates", sa.Integer, nullable=False, server_default="0"),
        sa.Column("skipped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("attributions", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("external_id", sa.Text),
        sa.Column("url", sa.Text, unique=True),
        sa.Column("title", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("source", sa.Text),
        sa.Column("language", sa.String(16), nullable=False, server_default="en"),
        sa.Column("content_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("dup_group", sa.String(32), nullable=False),
        sa.Column("minhash", sa.LargeBinary),
        sa.Column("extra", sa.Text, nullable=False, server_default="{}"),
        sa.Column("run_id", sa.Integer),
        sa.Column("added_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_articles_dup_group", "articles", ["dup_group"])
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_index("ix_articles_source", "articles", ["source"])
    op.create_table(
        "article_bands",
        sa.Column("band", sa.Integer, primary_key=True),
        sa.Column("hash", sa.String(16), primary_key=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )
    op.create_table(
        "speakers",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("norm", sa.Text, nullable=False),
        sa.Column("first_token", sa.Text, nullable=False),
        sa.Column("last_token", sa.Text, nullable=False),
        sa.Column("tokens", sa.Integer, nullable=False),
        sa.UniqueConstraint("kind", "norm", name="uq_speakers_kind_norm"),
    )
    op.create_index("ix_speakers_kind_last", "speakers", ["kind", "last_token"])
    op.create_table(
        "speaker_aliases",
        sa.Column(
            "speaker_id",
            sa.String(24),
            sa.ForeignKey("speakers.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("norm", sa.Text, primary_key=True),
        sa.Column("alias", sa.Text, nullable=False),
    )
    op.create_index("ix_speaker_aliases_norm", "speaker_aliases", ["norm"])
    op.create_table(
        "speaker_roles",
        sa.Column(
            "speaker_id",
            sa.String(24),
            sa.ForeignKey("speakers.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("norm", sa.Text, primary_key=True),
        sa.Column("role", sa.Text, nullable=False),
    )
    op.create_table(
        "article_entities",
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("entity_id", sa.Text, primary_key=True),
        sa.Column("speaker_id", sa.String(24), sa.ForeignKey("speakers.id"), nullable=False),
    )
    op.create_index("ix_article_entities_speaker", "article_entities", ["speaker_id"])
    op.create_table(
        "quotations",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("quotation", sa.Text, nullable=False),
        sa.Column("first_seen", sa.Date),
        sa.Column("first_article_id", sa.String(32), nullable=False),
        sa.Column("num_occurrences", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_table(
        "attributions",
        sa.Column("id", sa.String(96), primary_key=True),
        sa.Column(
            "article_id",
            sa.String(32),
            sa.ForeignKey("articles.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("local_id", sa.Text, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("content", sa.Text, nullable=False),
        sa.Column("content_text", sa.Text, nullable=False),
        sa.Column("start_char", sa.Integer, nullable=False),
        sa.Column("end_char", sa.Integer, nullable=False),
        sa.Column("cue_start", sa.Integer),
        sa.Column("cue_end", sa.Integer),
        sa.Column("cue_text", sa.Text),
        sa.Column("source_start", sa.Integer),
        sa.Column("source_end", sa.Integer),
        sa.Column("source_text", sa.Text),
        sa.Column("speaker_id", sa.String(24), sa.ForeignKey("speakers.id")),
        sa.Column("speaker_local_id", sa.Text),
        sa.Column("speaker_name", sa.Text),
        sa.Column("addressee", sa.Text),
        sa.Column("addressee_speaker_id", sa.String(24), sa.ForeignKey("speakers.id")),
        sa.Column("said_on_value", sa.Text),
        sa.Column("said_on_granularity", sa.String(16)),
        sa.Column("said_on_start", sa.Date),
        sa.Column("said_on_end", sa.Date),
        sa.Column("said_on_evidence", sa.Text),
        sa.Column("date", sa.Date),
        sa.Column("date_from_published", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("parent_id", sa.String(96)),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("quotation_id", sa.String(24), sa.ForeignKey("quotations.id"), nullable=False),
    )
    op.create_index("ix_attributions_article", "attributions", ["article_id"])
    op.create_index("ix_attributions_speaker_date", "attributions", ["speaker_id", "date"])
    op.create_index("ix_attributions_date", "attributions", ["date"])
    op.create_index("ix_attributions_quotation", "attributions", ["quotation_id"])
    op.create_table(
        "mentions",
        sa.Column(
            "attribution_id",
            sa.String(96),
            sa.ForeignKey("attributions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("speaker_id", sa.String(24), sa.ForeignKey("speakers.id"), primary_key=True),
    )
    op.create_index("ix_mentions_speaker", "mentions", ["speaker_id"])
    op.create_table(
        "skips",
        sa.Column("id", sa.String(24), primary_key=True),
        sa.Column("origin", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        sa.Column("run_id", sa.Integer),
    )

    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        # Porter stemming roughly matches PostgreSQL's 'english' configuration.
        op.execute(
            "CREATE VIRTUAL TABLE attribution_fts USING fts5("
            "attribution_id UNINDEXED, content, speaker, "
            "tokenize='porter unicode61 remove_diacritics 2')"
        )
    elif dialect == "postgresql":
        op.execute(
            "ALTER TABLE attributions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ("
            "to_tsvector('english'::regconfig, coalesce(content_text, '') || ' ' || "
            "coalesce(speaker_name, ''))) STORED"
        )
        op.execute(
            "CREATE INDEX ix_attributions_search ON attributions USING gin (search_vector)"
        )


def downgrade() -> None:
    """Drop everything (the store has no earlier revision)."""
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        op.execute("DROP TABLE IF EXISTS attribution_fts")
    for name in (
        "skips",
        "mentions",
        "attributions",
        "quotations",
        "article_entities",
        "speaker_roles",
        "speaker_aliases",
        "speakers",
        "article_bands",
        "articles",
        "runs",
    ):
        op.drop_table(name)
