"""Corpus identity: speakers merged into others.

A bare surname ("Merkel") joins the one full-named person of the store with that surname, an
acronym ("FAA") the one organisation an article pairs it with; the merged speaker keeps its row
(its aliases, roles and the articles that named it so), and ``speaker_merges`` says which
speaker it now is, so that links to the old id keep resolving (see
:mod:`quotegraph.store.identity`).

Stores filled before this revision are merged as new articles arrive, or all at once with
``Store.settle_speakers()``.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create ``speaker_merges``."""
    op.create_table(
        "speaker_merges",
        sa.Column("merged_id", sa.String(24), sa.ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("into_id", sa.String(24), sa.ForeignKey("speakers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
    )
    op.create_index("ix_speaker_merges_into", "speaker_merges", ["into_id"])


def downgrade() -> None:
    """Back to revision 0004 (merged speakers' statements stay with the speaker they joined)."""
    op.drop_index("ix_speaker_merges_into", "speaker_merges")
    op.drop_table("speaker_merges")
