"""Quote-centric export: JSONL validates against the shipped schema, CSV and Parquet agree."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import jsonschema
import pytest

from conftest import invented_corpus
from quotegraph.errors import StoreError
from quotegraph.store import Store
from quotegraph.store.export import FIELDS, export_schema


@pytest.fixture
def exported(store: Store, tmp_path: Path) -> tuple[Store, Path]:
    for r in invented_corpus(16):
        store.add(r)
    return store, tmp_path


def test_corpus_export_jsonl_validates_against_the_schema(exported) -> None:
    store, tmp = exported
    n = store.export("jsonl", tmp / "q.jsonl")
    lines = (tmp / "q.jsonl").read_text(encoding="utf-8").splitlines()
    assert n == len(lines) == store.counts()["quotations"]
    validator = jsonschema.Draft202012Validator(export_schema(), format_checker=jsonschema.FormatChecker())
    rows = [json.loads(line) for line in lines]
    for row in rows:
        validator.validate(row)
        assert list(row) == list(FIELDS)
    assert sum(r["numOccurrences"] for r in rows) == store.counts()["attributions"]
    assert any(r["numOccurrences"] > 1 for r in rows)


def test_corpus_export_schema_rejects_a_broken_row(exported) -> None:
    store, tmp = exported
    store.export("jsonl", tmp / "q.jsonl")
    row = json.loads((tmp / "q.jsonl").read_text(encoding="utf-8").splitlines()[0])
    validator = jsonschema.Draft202012Validator(export_schema())
    for broken in ({**row, "numOccurrences": 0}, {**row, "kind": "quoted"},
                   {k: v for k, v in row.items() if k != "quoteID"}):
        with pytest.raises(jsonschema.ValidationError):
            validator.validate(broken)


def test_corpus_export_parquet_reads_back_with_the_same_rows(exported) -> None:
    import pyarrow.parquet as pq

    store, tmp = exported
    n_json = store.export("jsonl", tmp / "q.jsonl")
    n = store.export("parquet", tmp / "q.parquet")
    table = pq.read_table(tmp / "q.parquet")
    assert n == n_json == table.num_rows
    assert table.column_names == list(FIELDS)
    by_id = {r["quoteID"]: r for r in map(json.loads, (tmp / "q.jsonl").read_text().splitlines())}
    for rec in table.to_pylist():
        assert rec["numOccurrences"] == by_id[rec["quoteID"]]["numOccurrences"]
        assert rec["urls"] == by_id[rec["quoteID"]]["urls"]


def test_corpus_export_csv_has_every_field(exported) -> None:
    store, tmp = exported
    n = store.export("csv", tmp / "q.csv")
    with (tmp / "q.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n and list(rows[0]) == list(FIELDS)
    assert isinstance(json.loads(rows[0]["urls"]), list)


def test_corpus_export_empty_store_and_bad_format(store: Store, tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    assert store.export("parquet", tmp_path / "e.parquet") == 0
    assert pq.read_table(tmp_path / "e.parquet").num_rows == 0
    with pytest.raises(StoreError, match="jsonl, csv, parquet"):
        store.export("xml", tmp_path / "e.xml")
