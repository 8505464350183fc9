"""The JSON Schema of the output contract, and validation against it."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

SCHEMA_FILE = "quotegraph-1.schema.json"


@lru_cache(maxsize=1)
def contract_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one article's output (``CONTRACT.md``)."""
    return json.loads(resources.files("quotegraph.contract").joinpath(SCHEMA_FILE).read_text("utf-8"))


def validate_result(data: dict[str, Any]) -> None:
    """Check an output object against the schema and its offset invariant.

    Raises:
        jsonschema.ValidationError: when the structure is wrong.
        ValueError: when a span's text is not ``text[start:end]``.
    """
    import jsonschema

    jsonschema.validate(data, contract_schema())
    text = data["text"]

    def check(span: dict[str, Any] | None, where: str) -> None:
        if span is not None and text[span["start"] : span["end"]] != span["text"]:
            raise ValueError(f"{where}: text[{span['start']}:{span['end']}] != {span['text']!r}")

    for att in data["attributions"]:
        for piece in att["content"]:
            check(piece, f"{att['id']}.content")
        check(att["cue"], f"{att['id']}.cue")
        check(att["source"], f"{att['id']}.source")
        if att["addressee"]:
            check(att["addressee"], f"{att['id']}.addressee")
        if att["said_on"]:
            check(att["said_on"]["evidence"], f"{att['id']}.said_on.evidence")
    for t in data["times"]:
        check(t, "times")
    for s in data.get("excluded", []):
        check(s, "excluded")
