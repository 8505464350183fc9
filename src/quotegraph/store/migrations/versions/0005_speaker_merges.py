"""Corpus identity: speakers merged into others, and organisations' initials.

A bare surname ("Merkel") joins the one full-named person of the store with that surname, an
acronym ("FAA") the one organisation it abbreviates; the merged speaker keeps its row (its
aliases, roles and the articles that named it so), and ``speaker_merges`` says which speaker it
now is, so that links to the old id keep resolving. ``speakers.initials`` holds the initials of
an organisation's name ("federal aviation administration" → ``faa``), indexed to find the
organisation an acronym stands for.

Stores made before this revision get their initials here; their speakers are merged as new
articles arrive, or all at once with ``Store.settle_speakers()``.

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

#: Small words an organisation's initials skip (the store's list, frozen for this revision).
_SKIP = frozenset("of the and for on in to at by a an &".split())


def _initials(norm: str) -> str | None:
    words = [w for w in norm.split() if w not in _SKIP]
    return "".join(w[0] for w in words) if len(words) >= 2 else None


def upgrade() -> None:
    """Create ``speaker_merges``; add, fill and index ``speakers.initials``."""
    op.create_table(
        "speaker_merges",
        sa.Column("merged_id", sa.String(24), sa.ForeignKey("speakers.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("into_id", sa.String(24), sa.ForeignKey("speakers.id", ondelete="CASCADE"), nullable=False),
        sa.Column("reason", sa.String(16), nullable=False),
    )
    op.create_index("ix_speaker_merges_into", "speaker_merges", ["into_id"])
    op.add_column("speakers", sa.Column("initials", sa.Text))
    op.create_index("ix_speakers_initials", "speakers", ["initials"])
    bind = op.get_bind()
    spk = sa.table("speakers", sa.column("id", sa.String), sa.column("kind", sa.String),
                   sa.column("norm", sa.Text), sa.column("initials", sa.Text))
    rows = [{"b_id": r.id, "b_initials": _initials(r.norm)}
            for r in bind.execute(sa.select(spk.c.id, spk.c.norm).where(spk.c.kind == "organization"))]
    rows = [r for r in rows if r["b_initials"]]
    if rows:
        bind.execute(sa.update(spk).where(spk.c.id == sa.bindparam("b_id"))
                     .values(initials=sa.bindparam("b_initials")), rows)


def downgrade() -> None:
    """Back to revision 0004 (merged speakers' statements stay with the speaker they joined)."""
    op.drop_index("ix_speakers_initials", "speakers")
    op.execute("ALTER TABLE speakers DROP COLUMN initials")
    op.drop_index("ix_speaker_merges_into", "speaker_merges")
    op.drop_table("speaker_merges")
