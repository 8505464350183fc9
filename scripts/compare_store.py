#!/usr/bin/env python3
"""Check that a change leaves the store unchanged: ingest ``examples/`` into SQLite at a git ref
and at the working tree, and compare every stored row and the quotation export.

Two stores are built each side, with the ``quotegraph`` CLI of that side: the one ``make run``
builds (HTML and JSONL in one ingest, then each text file of ``examples/published.tsv`` with its
date, then two inputs that cannot be read, for skip rows) and the one
``quotegraph demo --build-only`` builds. Each is dumped as every row of every
table (run ids, timestamps and full-text index internals left out) plus
``quotegraph export --format jsonl``. Stores hold article text, so they are written to a temporary
folder and compared by hash, never kept.

    scripts/compare_store.py                 # HEAD against the working tree
    scripts/compare_store.py --ref main      # another ref

Exit status 0 when every table and export is identical, 1 when any differs.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Columns that differ between two builds of the same corpus (which run, when).
VOLATILE = {"run_id", "added_at", "started_at", "finished_at", "seconds"}
#: Tables that record runs rather than the corpus.
SKIP_TABLES = {"alembic_version", "runs"}


def _cli(src: Path, cwd: Path, *args: str) -> None:
    env = dict(os.environ, PYTHONPATH=str(src))
    done = subprocess.run([sys.executable, "-m", "quotegraph", *args], cwd=cwd, env=env,
                          capture_output=True, text=True)
    if done.returncode not in (0, 1) or "Traceback" in done.stderr:
        raise SystemExit(f"quotegraph {' '.join(args)} failed:\n{done.stderr[-3000:]}")


def build(src: Path, examples: Path, out: Path) -> dict[str, str]:
    """Build both stores with the code under ``src``; the hash of each dump."""
    make_run = out / "make-run.sqlite"
    _cli(src, out, "ingest", *sorted(str(p) for p in examples.glob("*.html")), str(examples / "articles.jsonl"),
         "--db", str(make_run), "--workers", "1", "--no-progress")
    for line in (examples / "published.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip():
            name, date = line.split()
            _cli(src, out, "ingest", str(examples / name), "--db", str(make_run), "--published", date,
                 "--workers", "1", "--no-progress")
    # Inputs that cannot be read: their skip rows (origins relative to ``out``, the same each side).
    (out / "empty").mkdir()
    _cli(src, out, "ingest", "absent.txt", "empty", "--db", str(make_run), "--workers", "1", "--no-progress")
    demo = out / "demo.sqlite"
    _cli(src, out, "demo", "--db", str(demo), "--examples", str(examples), "--build-only")
    digests = {}
    for db in (make_run, demo):
        for table, rows in dump_tables(db).items():
            digests[f"{db.stem}/{table}"] = _hash(rows)
        export = out / f"{db.stem}.jsonl"
        _cli(src, out, "export", "--format", "jsonl", "--out", str(export), "--db", str(db))
        digests[f"{db.stem}/export.jsonl"] = _hash(sorted(export.read_text(encoding="utf-8").splitlines()))
    return digests


def dump_tables(db: Path) -> dict[str, list[str]]:
    """Every row of every corpus table, as sorted JSON lines (volatile columns left out)."""
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        virtual = {n for n in names if n.startswith("sqlite_")}
        # FTS5 shadow tables (name_data, name_idx, …) hold index internals, not rows of the corpus.
        fts = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'")]
        shadow = {n for n in names for f in fts if n.startswith(f + "_")}
        out = {}
        for name in names:
            if name in SKIP_TABLES or name in virtual or name in shadow:
                continue
            cur = conn.execute(f'SELECT * FROM "{name}"')
            cols = [d[0] for d in cur.description]
            keep = [i for i, c in enumerate(cols) if c not in VOLATILE]
            out[name] = sorted(json.dumps([row[i] for i in keep], default=repr) for row in cur)
        return out
    finally:
        conn.close()


def _hash(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16] + f" ({len(lines)} rows)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ref", default="HEAD", help="git ref to compare against (default HEAD)")
    args = parser.parse_args()
    sha = subprocess.run(["git", "rev-parse", args.ref], cwd=ROOT, check=True, capture_output=True,
                         text=True).stdout.strip()
    with tempfile.TemporaryDirectory(prefix="quotegraph-compare-store-") as tmp:
        ref_tree, before_dir, after_dir = Path(tmp) / "ref", Path(tmp) / "before", Path(tmp) / "after"
        for d in (ref_tree, before_dir, after_dir):
            d.mkdir()
        subprocess.run(["git", "archive", "--format=tar", "-o", f"{tmp}/ref.tar", sha], cwd=ROOT, check=True)
        subprocess.run(["tar", "-xf", f"{tmp}/ref.tar", "-C", str(ref_tree)], check=True)
        before = build(ref_tree / "src", ref_tree / "examples", before_dir)
        after = build(ROOT / "src", ROOT / "examples", after_dir)
    differ = 0
    for key in sorted(set(before) | set(after)):
        same = before.get(key) == after.get(key)
        differ += not same
        print(f"{'same  ' if same else 'DIFFER'} {key:32} {before.get(key, '-')}   {after.get(key, '-')}")
    print(f"{args.ref} ({sha[:10]}) against the working tree: {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
