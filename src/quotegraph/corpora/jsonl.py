"""Gold files of one JSON record a line (the speaker gold, MEANTIME's TIMEX3 gold)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from quotegraph.errors import EvaluationError


def read_json_lines(
    path: str | Path,
    *,
    missing: str,
    bad_line: Callable[[int, Exception], str],
    check: Callable[[Any], object] | None = None,
) -> list[Any]:
    """The records of a JSON-lines file, blank lines skipped.

    Args:
        path: the file.
        missing: the error message when there is no such file.
        bad_line: the error message for line ``n`` (from 1) that is not JSON or that ``check``
            rejects, given that line's number and the error.
        check: called on each record; a ``KeyError``, ``TypeError`` or ``ValueError`` it raises
            rejects the line.

    Raises:
        EvaluationError: when the file is missing or a line is rejected.
    """
    source = Path(path)
    if not source.is_file():
        raise EvaluationError(missing)
    out = []
    with source.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)  # a JSONDecodeError is a ValueError
                if check is not None:
                    check(record)
            except (ValueError, KeyError, TypeError) as exc:
                raise EvaluationError(bad_line(number, exc)) from exc
            out.append(record)
    return out
