"""The stores ``quotegraph bench check`` works on: PolNeAR train + dev statements, extracted by
the pipeline, and a large store of those statements plus generated variants for latency.

The PolNeAR texts are read from the folder given on the command line (never copied into the
repository). Each article keeps its PolNeAR file name as the store's ``external_id``, so a
statement is known by ``(file name, start, end)`` of its content in the article text, and the
split it came from is known too.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from quotegraph.errors import QuotegraphError
from quotegraph.models import Article, Attribution, Entity, ExtractionResult, Span
from quotegraph.store import Store

#: The PolNeAR splits a check set is drawn from (test is never read).
SPLITS = ("train", "dev")


@dataclass(frozen=True, slots=True)
class CorpusArticle:
    """One PolNeAR article to ingest, with the split it belongs to."""

    split: str
    article: Article


def _metadata(root: Path) -> dict[str, dict[str, str]]:
    """Outlet, title and date of each PolNeAR article (``metadata.tsv``), by file name."""
    path = root / "metadata.tsv"
    if not path.is_file():
        return {}
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t") if lines else []
    out: dict[str, dict[str, str]] = {}
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        if "filename" in row:
            out[row["filename"]] = row
    return out


def polnear_articles(corpus: str | Path, splits: Sequence[str] = SPLITS,
                     limit: int | None = None) -> list[CorpusArticle]:
    """The PolNeAR articles of ``splits`` with their outlet, title and publication date.

    Args:
        corpus: the PolNeAR data folder (holding ``train/text``, ``dev/text``, ``metadata.tsv``).
        splits: which splits to read.
        limit: at most this many articles per split (the first by name).

    Returns:
        The articles, split by split, each by name.

    Raises:
        QuotegraphError: when a split's text folder is missing.
    """
    root = Path(corpus)
    meta = _metadata(root)
    out: list[CorpusArticle] = []
    for split in splits:
        folder = root / split / "text"
        if not folder.is_dir():
            raise QuotegraphError(f"no {split}/text folder in {root}: give the PolNeAR data folder")
        for n, path in enumerate(sorted(folder.glob("*.txt"))):
            if limit is not None and n >= limit:
                break
            row = meta.get(path.stem, {})
            published = None
            try:
                published = dt.date.fromisoformat(row.get("publication_date", "")[:10])
            except ValueError:
                pass
            source = row.get("publisher") or None
            title = row.get("title") or None
            out.append(CorpusArticle(split, Article(path.stem, path.read_text(encoding="utf-8"),
                                                    title=title, published=published, source=source)))
    return out


def ingest_articles(
    store: Store,
    articles: Sequence[CorpusArticle],
    *,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> dict[str, Any]:
    """Extract and store ``articles``; the figures of the run.

    Args:
        store: the store to fill.
        articles: what to ingest.
        workers: spaCy parsing processes (1: this process only).
        progress: called with the number of articles stored so far, now and then.

    Returns:
        ``articles``, ``added``, ``statements``, ``seconds``, ``articles_per_s``,
        ``statements_per_s`` (extraction and storing, model loading excluded).
    """
    from quotegraph.pipeline import Extractor

    extractor = Extractor()
    extractor.extract(Article("warm-up", "The mayor said the bridge would open in May."))
    start = time.perf_counter()
    added = statements = 0
    for n, result in enumerate(extractor.extract_many((a.article for a in articles), n_process=workers)):
        if store.add(result):
            added += 1
            statements += len(result.attributions)
        if progress is not None and n % 50 == 49:
            progress(n + 1)
    seconds = time.perf_counter() - start
    return {"articles": len(articles), "added": added, "statements": statements,
            "seconds": round(seconds, 2), "articles_per_s": round(len(articles) / seconds, 2),
            "statements_per_s": round(statements / seconds, 1)}


def split_of(corpus: str | Path, splits: Sequence[str] = SPLITS) -> dict[str, str]:
    """PolNeAR file name → split, from the corpus folder's layout."""
    root = Path(corpus)
    return {p.stem: split for split in splits for p in sorted((root / split / "text").glob("*.txt"))}


# ------------------------------------------------------------------ the large latency store
_PEOPLE_ROLES = ("Senator", "Governor", "Mayor", "Minister", "spokesperson")


def _variant_words(words: list[str], rng: random.Random, vocab: Sequence[str]) -> list[str]:
    """A statement's words with a few changed, dropped or added (a wording variant)."""
    out = list(words)
    for _ in range(rng.randint(1, 3)):
        i = rng.randrange(len(out))
        move = rng.random()
        if move < 0.5:
            out[i] = rng.choice(vocab)
        elif move < 0.75 and len(out) > 4:
            del out[i]
        else:
            out.insert(i, rng.choice(vocab))
    return out


def generated_results(
    statements: Sequence[tuple[str, str | None]],
    target: int,
    *,
    per_article: int = 20,
    seed: int = 13,
) -> Iterator[ExtractionResult]:
    """Invented articles whose quotes are wording variants of ``statements``, until ``target``
    statements were made: a store as large as a year of news, to time checks on.

    Each variant changes, drops or adds one to three words of a stored statement (words drawn
    from the statements themselves) and is attributed to the same speaker name; each article
    carries ``per_article`` of them with a made-up date. Nothing here is corpus text written
    anywhere but into the store being built.

    Args:
        statements: ``(text, speaker name)`` of stored statements to vary.
        target: how many statements to generate.
        per_article: quotes per invented article.
        seed: the random seed (the same store every time).

    Yields:
        Extraction results ready for :meth:`~quotegraph.store.Store.add`.
    """
    rng = random.Random(seed)
    usable = [(s.split(), name) for s, name in statements if len(s.split()) >= 6]
    if not usable:
        raise QuotegraphError("no statement of six words or more to vary")
    vocab = sorted({w for words, _ in usable for w in words if w.isalpha() and len(w) > 3})
    made = n_article = 0
    day0 = dt.date(2016, 1, 1)
    while made < target:
        n_article += 1
        parts: list[str] = []
        atts: list[Attribution] = []
        entities: dict[str, Entity] = {}
        for _ in range(min(per_article, target - made)):
            words, name = rng.choice(usable)
            quote = " ".join(_variant_words(words, rng, vocab))
            who = name or "an official"
            if name and name not in entities:
                entities[name] = Entity(f"e{len(entities) + 1}", name, "person", [name.split()[-1]],
                                        [rng.choice(_PEOPLE_ROLES)])
            prefix = "\u201c"
            start = sum(len(p) + 1 for p in parts) + len(prefix)
            end = start + len(quote)
            sentence = f"{prefix}{quote}\u201d {who} said."
            cue_at = start + len(quote) + 2 + len(who) + 1
            parts.append(sentence)
            ent = entities.get(name) if name else None
            atts.append(Attribution(
                id=f"a{len(atts) + 1}", kind="direct", content=[Span(start, end, quote)],
                cue=Span(cue_at, cue_at + 4, "said"),
                speaker=ent.ref() if ent else None,
                said_on=None, confidence=0.9))
            made += 1
        text = " ".join(parts)
        day = day0 + dt.timedelta(days=n_article % 1500)
        article = Article(f"variants-{n_article:06d}", text, title=f"Generated variants {n_article}",
                          published=day, source=f"Variant Wire {n_article % 7}")
        yield ExtractionResult(article, atts, list(entities.values()))


__all__ = ["SPLITS", "CorpusArticle", "generated_results", "ingest_articles", "polnear_articles",
           "split_of"]
