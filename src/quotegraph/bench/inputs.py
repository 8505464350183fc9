"""What ``quotegraph bench pipeline`` reads: a PolNeAR folder, a folder of ``.txt`` files, or JSONL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from quotegraph.errors import QuotegraphError
from quotegraph.models import Article

WORD = re.compile(r"\w+")


class BenchInputError(QuotegraphError):
    """The benchmark input is missing, empty or of an unknown kind."""


@dataclass(slots=True)
class BenchInput:
    """The articles to time, where they came from, and what could not be read.

    Attributes:
        path: the input given.
        kind: ``polnear`` (its dev split's texts), ``txt`` (a folder of .txt files) or ``jsonl``.
        articles: the readable articles, in a stable order.
        skipped: one ``"origin: reason"`` line per unreadable input.
    """

    path: str
    kind: str
    articles: list[Article]
    skipped: list[str] = field(default_factory=list)

    @property
    def words(self) -> int:
        """Words of all articles, counted as ``\\w+`` runs (as the evaluation's tokens)."""
        return sum(count_words(a.text) for a in self.articles)

    @property
    def chars(self) -> int:
        """Characters of all articles."""
        return sum(len(a.text) for a in self.articles)


def count_words(text: str) -> int:
    """Number of ``\\w+`` runs in ``text`` (the benchmark's unit of words)."""
    return sum(1 for _ in WORD.finditer(text))


def load_bench_input(path: str | Path, limit: int | None = None) -> BenchInput:
    """Read the articles to benchmark.

    Args:
        path: a PolNeAR data folder (its ``dev/text`` files are used, with publication dates
            from ``metadata.tsv``), a folder of ``.txt`` files, or a ``.jsonl`` file of
            articles (``CONTRACT.md``).
        limit: use only the first ``limit`` articles (sorted by file name, or in line order).

    Returns:
        The input; unreadable files or lines are listed in ``skipped``.

    Raises:
        BenchInputError: when the path does not exist or holds no readable article.
    """
    from quotegraph.ingest.jsonl import read_jsonl
    from quotegraph.ingest.text import read_text_file

    root = Path(path)
    if not root.exists():
        raise BenchInputError(f"benchmark input not found: {root} (give a PolNeAR folder, a folder "
                              "of .txt files or a .jsonl file)")  # fmt: skip
    skipped: list[str] = []
    articles: list[Article] = []
    if root.is_file() and root.suffix.lower() == ".txt":
        kind = "txt"
        try:
            articles.append(read_text_file(root))
        except QuotegraphError as exc:
            skipped.append(f"{root}: {exc}")
    elif root.is_file():
        kind = "jsonl"
        for item in read_jsonl(root):
            if limit is not None and len(articles) >= limit:
                break
            if isinstance(item, Article):
                articles.append(item)
            else:
                skipped.append(str(item))
    else:
        if (root / "dev" / "text").is_dir():
            from quotegraph.corpora.polnear import read_metadata

            kind, folder, dates = "polnear", root / "dev" / "text", read_metadata(root)
        else:
            kind, folder, dates = "txt", root, {}
        for file in sorted(folder.glob("*.txt")):
            if limit is not None and len(articles) >= limit:
                break
            try:
                articles.append(read_text_file(file, dates.get(file.stem)))
            except QuotegraphError as exc:
                skipped.append(f"{file}: {exc}")
    if not articles:
        raise BenchInputError(
            f"no readable article in {root}"
            + (f" ({len(skipped)} skipped, e.g. {skipped[0]})" if skipped else
               " (expected .txt files, a PolNeAR folder or a .jsonl file)")  # fmt: skip
        )
    return BenchInput(str(root), kind, articles, skipped)
