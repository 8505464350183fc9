"""Store upkeep: the extractor that made each article's statements, and titles for every article.

``articles.extractor`` names the extractor version (package version, spaCy pipeline, hash of the
attribution model; see :func:`quotegraph.pipeline.extractor_version`) that produced the stored
statements, so that ``quotegraph reprocess`` can find those made by an older one. Articles stored
before this revision get ``NULL``: made by an unknown, older extractor. Articles stored without a
title get their first words as title, as the store now gives every new one.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from quotegraph.ingest.metadata import first_words

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Add ``articles.extractor`` (and its index); title the untitled articles."""
    op.add_column("articles", sa.Column("extractor", sa.Text))
    op.create_index("ix_articles_extractor", "articles", ["extractor"])
    bind = op.get_bind()
    art = sa.table("articles", sa.column("id", sa.String), sa.column("title", sa.Text), sa.column("text", sa.Text))
    rows = bind.execute(sa.select(art.c.id, art.c.text).where(art.c.title.is_(None))).all()
    if rows:
        bind.execute(
            sa.update(art).where(art.c.id == sa.bindparam("b_id")).values(title=sa.bindparam("b_title")),
            [{"b_id": r.id, "b_title": first_words(r.text)} for r in rows],
        )


def downgrade() -> None:
    """Back to revision 0003 (the titles stay)."""
    op.drop_index("ix_articles_extractor", "articles")
    # Not a batch (copy-and-move) table on SQLite: dropping ``articles`` there would cascade to
    # every statement. SQLite 3.35+ drops a column in place, as PostgreSQL does.
    op.execute("ALTER TABLE articles DROP COLUMN extractor")
