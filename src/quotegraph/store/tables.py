"""The store's schema, one SQLAlchemy Core ``MetaData`` for SQLite and PostgreSQL.

Identifiers are derived from content (hashes of the article text, of the normalised quotation,
of the speaker's normalised name), never from sequences: a run killed half-way and resumed, or the
same corpus loaded into another backend, ends up with exactly the same ids.

The full-text index is the one backend-specific part and is created by the migrations, not
declared here: SQLite gets an FTS5 virtual table ``attribution_fts`` (``content``, ``speaker``)
whose rowid is ``attributions.key``, PostgreSQL a generated ``tsvector`` column
``attributions.search_vector`` with a GIN index.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa

metadata = sa.MetaData()

#: Version of the schema the migrations produce (the Alembic head revision).
SCHEMA_REVISION = "0005"

#: Name of the SQLite FTS5 table and of the PostgreSQL tsvector column.
FTS_TABLE = "attribution_fts"
TSVECTOR_COLUMN = "search_vector"
TS_CONFIG = "english"

runs = sa.Table(
    "runs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("started_at", sa.DateTime, nullable=False),
    sa.Column("finished_at", sa.DateTime),
    sa.Column("inputs", sa.Text, nullable=False, server_default="[]"),  # JSON list of paths
    sa.Column("status", sa.String(16), nullable=False, server_default="running"),
    sa.Column("read", sa.Integer, nullable=False, server_default="0"),
    sa.Column("added", sa.Integer, nullable=False, server_default="0"),
    sa.Column("duplicates", sa.Integer, nullable=False, server_default="0"),
    sa.Column("skipped", sa.Integer, nullable=False, server_default="0"),
    sa.Column("attributions", sa.Integer, nullable=False, server_default="0"),
)


def _cascading(name: str, width: int, parent: str, *, primary_key: bool = False) -> sa.Column[str]:
    """A required column holding the id of a ``parent`` row (``"table.id"``); deleting the
    parent deletes the rows that refer to it."""
    fk = sa.ForeignKey(parent, ondelete="CASCADE")
    if primary_key:
        return sa.Column(name, sa.String(width), fk, primary_key=True)
    return sa.Column(name, sa.String(width), fk, nullable=False)


articles = sa.Table(
    "articles",
    metadata,
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
    sa.Column("extra", sa.Text, nullable=False, server_default="{}"),  # entities/times/excluded JSON
    sa.Column("run_id", sa.Integer),
    sa.Column("added_at", sa.DateTime, nullable=False),
    # The extractor version that made the stored statements (revision 0004; NULL: older).
    sa.Column("extractor", sa.Text),
    sa.Index("ix_articles_dup_group", "dup_group"),
    sa.Index("ix_articles_extractor", "extractor"),
    sa.Index("ix_articles_published", "published"),
    sa.Index("ix_articles_source", "source"),
)

article_bands = sa.Table(
    "article_bands",
    metadata,
    sa.Column("band", sa.Integer, primary_key=True),
    sa.Column("hash", sa.String(16), primary_key=True),
    _cascading("article_id", 32, "articles.id", primary_key=True),
)

speakers = sa.Table(
    "speakers",
    metadata,
    sa.Column("id", sa.String(24), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("norm", sa.Text, nullable=False),
    sa.Column("first_token", sa.Text, nullable=False),
    sa.Column("last_token", sa.Text, nullable=False),
    sa.Column("tokens", sa.Integer, nullable=False),
    sa.UniqueConstraint("kind", "norm", name="uq_speakers_kind_norm"),
    sa.Index("ix_speakers_kind_last", "kind", "last_token"),
    sa.Index("ix_speakers_norm", "norm"),
    sa.Index("ix_speakers_last", "last_token", "first_token"),
)

speaker_merges = sa.Table(
    "speaker_merges",
    metadata,
    # A speaker merged into another (revision 0005): "Merkel" into the store's one Angela
    # Merkel, "FAA" into the Federal Aviation Administration. The merged row stays, with its
    # aliases, roles and the article entities that named it; its statements carry ``into_id``.
    _cascading("merged_id", 24, "speakers.id", primary_key=True),
    _cascading("into_id", 24, "speakers.id"),
    sa.Column("reason", sa.String(16), nullable=False),  # surname | acronym
    sa.Index("ix_speaker_merges_into", "into_id"),
)



def _speaker_words(name: str, column: str, *extra: sa.Index) -> sa.Table:
    """A table of a speaker's names or roles: each as written (``column``) under its
    normalised form (``norm``), once per speaker and form."""
    return sa.Table(
        name,
        metadata,
        _cascading("speaker_id", 24, "speakers.id", primary_key=True),
        sa.Column("norm", sa.Text, primary_key=True),
        sa.Column(column, sa.Text, nullable=False),
        *extra,
    )


speaker_aliases = _speaker_words("speaker_aliases", "alias", sa.Index("ix_speaker_aliases_norm", "norm"))
speaker_roles = _speaker_words("speaker_roles", "role")

article_entities = sa.Table(
    "article_entities",
    metadata,
    _cascading("article_id", 32, "articles.id", primary_key=True),
    sa.Column("entity_id", sa.Text, primary_key=True),
    sa.Column("speaker_id", sa.String(24), sa.ForeignKey("speakers.id"), nullable=False),
    sa.Index("ix_article_entities_speaker", "speaker_id"),
)

quotations = sa.Table(
    "quotations",
    metadata,
    sa.Column("id", sa.String(24), primary_key=True),
    sa.Column("quotation", sa.Text, nullable=False),
    sa.Column("first_seen", sa.Date),
    sa.Column("first_article_id", sa.String(32), nullable=False),
    sa.Column("num_occurrences", sa.Integer, nullable=False, server_default="0"),
)

attributions = sa.Table(
    "attributions",
    metadata,
    sa.Column("id", sa.String(96), primary_key=True),  # "<article id>:<attribution id>"
    sa.Column("key", sa.BigInteger),  # attribution_key(id): the FTS rowid (revision 0002)
    _cascading("article_id", 32, "articles.id"),
    sa.Column("local_id", sa.Text, nullable=False),
    sa.Column("position", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("content", sa.Text, nullable=False),  # JSON list of {start, end, text}
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
    sa.Column("addressee", sa.Text),  # JSON {start, end, text, entity} or NULL
    sa.Column("addressee_speaker_id", sa.String(24), sa.ForeignKey("speakers.id")),
    sa.Column("said_on_value", sa.Text),
    sa.Column("said_on_granularity", sa.String(16)),
    sa.Column("said_on_start", sa.Date),
    sa.Column("said_on_end", sa.Date),
    sa.Column("said_on_evidence", sa.Text),  # JSON span or NULL
    sa.Column("date", sa.Date),  # said_on start, else the article's publication date
    sa.Column("date_from_published", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("parent_id", sa.String(96)),
    sa.Column("confidence", sa.Float, nullable=False),
    sa.Column("quotation_id", sa.String(24), sa.ForeignKey("quotations.id"), nullable=False),
    sa.Index("ix_attributions_article", "article_id"),
    sa.Index("ix_attributions_speaker_date", "speaker_id", "date"),
    sa.Index("ix_attributions_date", "date"),
    sa.Index("ix_attributions_quotation", "quotation_id"),
    sa.Index("ix_attributions_key", "key", unique=True),
)

mentions = sa.Table(
    "mentions",
    metadata,
    _cascading("attribution_id", 96, "attributions.id", primary_key=True),
    sa.Column("speaker_id", sa.String(24), sa.ForeignKey("speakers.id"), primary_key=True),
    sa.Index("ix_mentions_speaker", "speaker_id"),
)

statement_vectors = sa.Table(
    "statement_vectors",
    metadata,
    # One sentence embedding per aggregated quotation and model (revision 0003): float32
    # little-endian bytes, so the same BLOB/bytea column works on SQLite and PostgreSQL.
    _cascading("quotation_id", 24, "quotations.id", primary_key=True),
    sa.Column("model", sa.String(64), primary_key=True),
    sa.Column("dimensions", sa.Integer, nullable=False),
    sa.Column("vector", sa.LargeBinary, nullable=False),
)

skips = sa.Table(
    "skips",
    metadata,
    sa.Column("id", sa.String(24), primary_key=True),  # hash of origin + reason
    sa.Column("origin", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("run_id", sa.Integer),
)

#: Tables whose rows are the corpus (``runs`` is a log and grows with every run).
DATA_TABLES = (
    "articles",
    "article_bands",
    "speakers",
    "speaker_aliases",
    "speaker_roles",
    "speaker_merges",
    "article_entities",
    "quotations",
    "attributions",
    "mentions",
    "skips",
)


def attribution_key(attribution_id: str) -> int:
    """Deterministic 60-bit integer key of an attribution id (the SQLite FTS rowid)."""
    return int(hashlib.sha1(attribution_id.encode("utf-8")).hexdigest()[:15], 16)
