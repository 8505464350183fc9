"""Shared fixtures: store backends (temporary SQLite files, real PostgreSQL) and builders of
hand-made extraction results, so that store tests do not depend on extraction quality.

PostgreSQL tests run when ``QUOTEGRAPH_TEST_POSTGRES`` holds a server URL (``.ci/postgres.sh``
starts one and exports it); each test gets a fresh database on that server.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest

from quotegraph.models import Article, Attribution, Entity, ExtractionResult, SaidOn, Span

PG_ENV = "QUOTEGRAPH_TEST_POSTGRES"
PG_SKIP = (
    f"PostgreSQL tests need a server: run `. .ci/postgres.sh` (sets {PG_ENV}) or set {PG_ENV} "
    "to postgresql+psycopg://user@127.0.0.1:5432/db"
)

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=pytest.mark.postgresql),
]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "postgresql: needs the PostgreSQL server of QUOTEGRAPH_TEST_POSTGRES")


@pytest.fixture
def pg_url() -> Iterator[str]:
    """URL of a fresh, empty PostgreSQL database (dropped after the test)."""
    base = os.environ.get(PG_ENV)
    if not base:
        pytest.skip(PG_SKIP)
    import sqlalchemy as sa

    base = base.replace("postgresql://", "postgresql+psycopg://", 1) if base.startswith("postgresql://") else base
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    name = "qg_test_" + uuid.uuid4().hex[:12]
    try:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    except sa.exc.OperationalError as exc:
        admin.dispose()
        pytest.fail(f"{PG_ENV} is set but the server cannot be reached: {exc}")
    url = sa.engine.make_url(base).set(database=name).render_as_string(hide_password=False)
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def db_url(request: pytest.FixtureRequest, tmp_path: Any) -> str:
    """A fresh store URL: a temporary SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "store.sqlite")
    return request.getfixturevalue("pg_url")


@pytest.fixture
def store(db_url: str) -> Iterator[Any]:
    """An open, empty store on each backend."""
    from quotegraph.store import Store

    st = Store.open(db_url)
    try:
        yield st
    finally:
        st.close()


# ---------------------------------------------------------------------------- result builders
def make_result(
    article_id: str,
    text: str,
    quotes: Sequence[tuple[str, Entity | None] | tuple[str, Entity | None, str] | tuple[str, Entity | None, str, str | None]],
    entities: Sequence[Entity] = (),
    *,
    published: dt.date | None = dt.date(2024, 7, 18),
    url: str | None = None,
    source: str | None = "Example Wire",
    title: str | None = None,
) -> ExtractionResult:
    """An ExtractionResult whose attributions quote substrings of ``text``.

    Args:
        article_id: the article id.
        text: the article text; every quote must occur in it.
        quotes: ``(content, speaker entity, kind="direct", said_on=None)`` tuples.
        entities: the article's entities (speakers must be among them).
        published, url, source, title: article metadata.
    """
    article = Article(article_id, text, title=title or article_id, published=published, url=url,
                      source=source)
    atts = []
    for i, q in enumerate(quotes):
        content, speaker = q[0], q[1]
        kind = q[2] if len(q) > 2 else "direct"
        said = q[3] if len(q) > 3 else None
        start = text.index(content)
        said_on = SaidOn(said, "day", said, said) if said else None
        cue = None
        m = text.find(" said", start + len(content))
        if m != -1:
            cue = Span.of(text, m + 1, m + 5)
        atts.append(
            Attribution(
                id=f"a{i + 1}",
                kind=kind,  # type: ignore[arg-type]
                content=[Span.of(text, start, start + len(content))],
                cue=cue,
                speaker=speaker.ref() if speaker else None,
                said_on=said_on,
                confidence=0.9,
            )
        )
    return ExtractionResult(article, atts, list(entities))


@pytest.fixture
def result_factory() -> Callable[..., ExtractionResult]:
    """:func:`make_result` as a fixture."""
    return make_result


def person(eid: str, name: str, aliases: Sequence[str] = (), roles: Sequence[str] = ()) -> Entity:
    """A person entity of one article."""
    return Entity(eid, name, "person", list(aliases), list(roles))


def invented_corpus(n: int = 20) -> list[ExtractionResult]:
    """``n`` small invented articles with quotes by a handful of recurring people.

    Every fourth article is a syndicated copy of the previous one (same body, other outlet and
    headline), so near-duplicate grouping and quotation aggregation have something to do.
    """
    people = [
        ("Maria Okafor", "Mayor", "the budget will be balanced by spring"),
        ("Tomas Lindqvist", "Finance Minister", "interest rates must stay where they are"),
        ("Priya Raman", "Senator", "the bridge repairs cannot wait another winter"),
        ("Jonah Whitfield", "Governor", "the schools will reopen on Monday"),
        ("Elena Petrova", "Chief Executive", "our factory will hire two hundred workers"),
    ]
    out: list[ExtractionResult] = []
    base_day = dt.date(2024, 3, 1)
    for i in range(n):
        if i % 4 == 3:
            prev = out[-1]
            text = "SYNDICATED COPY. " + prev.text
            shift = len("SYNDICATED COPY. ")
            atts = []
            for a in prev.attributions:
                atts.append(
                    Attribution(
                        a.id, a.kind,
                        [Span.of(text, s.start + shift, s.end + shift) for s in a.content],
                        cue=Span.of(text, a.cue.start + shift, a.cue.end + shift) if a.cue else None,
                        speaker=a.speaker, said_on=a.said_on, confidence=a.confidence,
                    )
                )
            art = Article(f"art{i:03d}", text, title=f"Copy of {prev.article.title}",
                          published=prev.article.published, url=f"https://other.example/{i}",
                          source="Other Wire")
            out.append(ExtractionResult(art, atts, list(prev.entities)))
            continue
        a_name, a_role, a_quote = people[i % len(people)]
        b_name, b_role, b_quote = people[(i * 3 + 1) % len(people)]
        if b_name == a_name:
            b_name, b_role, b_quote = people[(i + 2) % len(people)]
        a_last, b_last = a_name.split()[-1], b_name.split()[-1]
        quote_a = f"{a_quote.capitalize()}, and {b_last} knows it (item {i})."
        quote_b = f"{b_quote.capitalize()}."
        text = (
            f"Story number {i} from the city desk about public affairs and local decisions.\n"
            f"{a_role} {a_name} spoke at the council meeting on Tuesday afternoon. "
            f"\"{quote_a}\" {a_last} said.\n"
            f"{b_role} {b_name} answered later in a short statement to reporters. "
            f"\"{quote_b}\" {b_last} said.\n"
            f"The meeting ended without a vote and will resume next week in the town hall."
        )
        ea = person("e1", a_name, [a_last, f"{a_role} {a_name}"], [a_role])
        eb = person("e2", b_name, [b_last, f"{b_role} {b_name}"], [b_role])
        day = base_day + dt.timedelta(days=i)
        out.append(
            make_result(
                f"art{i:03d}", text,
                [(quote_a, ea, "direct", (day - dt.timedelta(days=1)).isoformat()), (quote_b, eb, "direct")],
                [ea, eb],
                published=day, url=f"https://news.example/{i}", source="City Desk",
                title=f"Council meeting {i}",
            )
        )
    return out


#: Columns that record when, in which run or by which extractor version a row was written, not
#: what the corpus holds (a plan made by hand records no extractor version; a run's does).
VOLATILE_COLUMNS = {"run_id", "added_at", "extractor"}


def store_snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every data table (sorted, without run ids and timestamps) of the store at
    ``url``: two stores with equal snapshots hold the same corpus."""
    import sqlalchemy as sa

    from quotegraph.store import Store
    from quotegraph.store import tables as t

    out: dict[str, list[tuple]] = {}
    st = Store.open(url, migrate=False)
    try:
        with st.engine.connect() as conn:
            for name in t.DATA_TABLES:
                table = t.metadata.tables[name]
                cols = [c for c in table.c if c.name not in VOLATILE_COLUMNS]
                rows = conn.execute(sa.select(*cols)).all()
                out[name] = sorted((tuple(r) for r in rows), key=repr)
    finally:
        st.close()
    return out


STORY_PEOPLE = [
    ("Maria Okafor", "Mayor"),
    ("Tomas Lindqvist", "Finance Minister"),
    ("Priya Raman", "Senator"),
    ("Jonah Whitfield", "Governor"),
]
STORY_LINES = [
    "the budget will be balanced by spring",
    "interest rates must stay where they are",
    "the bridge repairs cannot wait another winter",
    "the schools will reopen on Monday",
    "the harbour needs dredging before the summer",
]


def write_story_files(folder: Any, n: int = 20) -> list[Any]:
    """Write ``n`` short invented news stories with quotes as ``.txt`` files; return the paths."""
    from pathlib import Path

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        name, role = STORY_PEOPLE[i % len(STORY_PEOPLE)]
        other, other_role = STORY_PEOPLE[(i + 1) % len(STORY_PEOPLE)]
        line = STORY_LINES[i % len(STORY_LINES)]
        text = (
            f"{role} {name} spoke to the council on Tuesday about item {i} on the agenda.\n"
            f"\"{line.capitalize()},\" {name.split()[-1]} said.\n"
            f"{other_role} {other} disagreed in a statement on Wednesday. "
            f"{other.split()[-1]} said that story {i} had been misunderstood by the press.\n"
        )
        path = folder / f"story{i:02d}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def parsed_before(nlp: Any, text: str, component: str) -> Any:
    """``text`` run through ``nlp``'s components up to, not including, ``component``."""
    doc = nlp.make_doc(text)
    for name, pipe in nlp.pipeline:
        if name == component:
            break
        doc = pipe(doc)
    return doc
