"""Sentence embeddings of the aggregated quotations, for checking quotes by meaning.

One row per quotation and embedding model: the vector as float32 little-endian bytes (a BLOB on
SQLite, ``bytea`` on PostgreSQL), filled by ``quotegraph embed`` and read whole by the checker.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``statement_vectors``."""
    op.create_table(
        "statement_vectors",
        sa.Column("quotation_id", sa.String(24),
                  sa.ForeignKey("quotations.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("model", sa.String(64), primary_key=True),
        sa.Column("dimensions", sa.Integer, nullable=False),
        sa.Column("vector", sa.LargeBinary, nullable=False),
    )


def downgrade() -> None:
    """Drop ``statement_vectors``."""
    op.drop_table("statement_vectors")
