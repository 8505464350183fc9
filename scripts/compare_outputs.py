#!/usr/bin/env python3
"""Check that moving code changes no output: extract the same articles at a git ref and at the
working tree and compare the results.

The articles are PolNeAR dev, the ``meantime_attr`` texts (with their ``published`` dates) and
``examples/``. Outputs hold corpus text, so they are written to a cache outside the repository
(``$XDG_CACHE_HOME/quotegraph/compare``), never committed; the cache of a committed ref is kept
and reused.

    scripts/compare_outputs.py                       # HEAD against the working tree
    scripts/compare_outputs.py --ref main~3          # another ref
    scripts/compare_outputs.py --data ../shared/data --show 3

Exit status 0 when every article's output is identical, 1 when any differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "quotegraph" / "compare"


def _articles(data: Path, examples: Path):
    """(set, id, text, published, title) for every article compared, in a fixed order."""
    import csv

    polnear = data / "polnear"
    dates: dict[str, str] = {}
    with open(polnear / "metadata.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            dates[row["filename"]] = row["publication_date"]
    for path in sorted((polnear / "dev" / "text").iterdir()):
        published = dates.get(path.stem)
        published = published if published and published != "None" else None
        yield "polnear-dev", path.stem, path.read_text(encoding="utf-8"), published, None
    for line in open(data / "meantime_attr" / "meantime_attr_dev.jsonl", encoding="utf-8"):
        doc = json.loads(line)
        yield "meantime", doc["doc_id"], doc["text"], doc.get("published"), None
    published_tsv = {}
    for line in open(examples / "published.tsv", encoding="utf-8"):
        if line.strip():
            name, date = line.split()
            published_tsv[name] = date
    for name, date in sorted(published_tsv.items()):
        yield "examples", name, (examples / name).read_text(encoding="utf-8"), date, None


def _reader_articles(examples: Path):
    """The examples that go through the ingest readers (HTML and JSONL)."""
    from quotegraph.ingest import Skipped, read_inputs

    paths = sorted(str(p) for p in examples.glob("*.html")) + [str(examples / "articles.jsonl")]
    for item in read_inputs(paths):
        if isinstance(item, Skipped):
            raise SystemExit(f"example skipped: {item.origin}: {item.reason}")
        yield item


def dump(data: Path, examples: Path, out: Path) -> None:
    """Extract every article with the ``quotegraph`` importable here; one JSON line each."""
    import quotegraph
    from quotegraph import Article

    sys.stderr.write(f"extracting with {Path(quotegraph.__file__).parent}\n")
    keys: list[tuple[str, str]] = []
    articles = []
    for name, doc_id, text, published, title in _articles(data, examples):
        keys.append((name, doc_id))
        articles.append(Article(id=doc_id, text=text, published=_date(published), title=title))
    for article in _reader_articles(examples):
        keys.append(("examples-read", article.id))
        articles.append(article)
    with open(out, "w", encoding="utf-8") as handle:
        for (name, doc_id), result in zip(keys, quotegraph.extract_batch(articles), strict=True):
            record = {"set": name, "id": doc_id, "output": result.to_dict()}
            handle.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")


def _date(value):
    import datetime as dt

    return dt.date.fromisoformat(value) if value else None


def _run_dump(src: Path, data: Path, examples: Path, out: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(src))
    cmd = [sys.executable, __file__, "--dump", str(out), "--data", str(data), "--examples", str(examples)]
    subprocess.run(cmd, check=True, env=env)


def _load(path: Path) -> dict[tuple[str, str], dict]:
    records = {}
    for line in open(path, encoding="utf-8"):
        record = json.loads(line)
        records[(record["set"], record["id"])] = record["output"]
    return records


def _digest(output: dict) -> str:
    return hashlib.sha256(json.dumps(output, sort_keys=True).encode()).hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", default="HEAD", help="git ref to compare against (default HEAD)")
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--examples", type=Path, default=None, help="examples folder (default: the ref's)")
    parser.add_argument("--show", type=int, default=3, help="differing articles to describe")
    parser.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.dump:
        dump(args.data, args.examples or ROOT / "examples", args.dump)
        return 0

    CACHE.mkdir(parents=True, exist_ok=True)
    sha = subprocess.run(["git", "rev-parse", args.ref], cwd=ROOT, check=True, capture_output=True,
                         text=True).stdout.strip()
    before = CACHE / f"{sha}.jsonl"
    if not before.exists():
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run(["git", "archive", "--format=tar", "-o", f"{tmp}/ref.tar", sha], cwd=ROOT, check=True)
            subprocess.run(["tar", "-xf", f"{tmp}/ref.tar", "-C", tmp], check=True)
            partial = before.with_suffix(".partial")
            _run_dump(Path(tmp) / "src", args.data, args.examples or Path(tmp) / "examples", partial)
            partial.rename(before)
    after = CACHE / f"worktree-{hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]}.jsonl"
    _run_dump(ROOT / "src", args.data, args.examples or ROOT / "examples", after)

    old, new = _load(before), _load(after)
    differ = [k for k in old if k in new and _digest(old[k]) != _digest(new[k])]
    missing = sorted(set(old) ^ set(new))
    by_set: dict[str, list[int]] = {}
    for key in old:
        counts = by_set.setdefault(key[0], [0, 0])
        counts[0] += 1
        counts[1] += key in differ
    for name, (total, changed) in by_set.items():
        print(f"{name:14} {total:4} articles, {changed:3} differ")
    whole_old = hashlib.sha256("".join(_digest(old[k]) for k in sorted(old)).encode()).hexdigest()[:16]
    whole_new = hashlib.sha256("".join(_digest(new[k]) for k in sorted(new)).encode()).hexdigest()[:16]
    print(f"{args.ref} ({sha[:10]}): {whole_old}   working tree: {whole_new}")
    for key in missing:
        print(f"only in one side: {key}")
    for key in differ[: args.show]:
        a, b = old[key], new[key]
        fields = sorted(f for f in set(a) | set(b) if a.get(f) != b.get(f))
        print(f"differs: {key[0]}/{key[1]}: fields {', '.join(fields)}")
    return 1 if differ or missing else 0


if __name__ == "__main__":
    sys.exit(main())
