"""The read-only commands start without the NLP stack: `quotegraph search`, `speakers` and
`show` on a store must not import spaCy (or what it pulls in), which costs most of a second."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from quotegraph.store import Store

HEAVY = ("spacy", "thinc", "ray", "fastapi", "torch", "onnxruntime")

PROBE = """
import json, sys
from typer.testing import CliRunner
from quotegraph.cli import app
result = CliRunner().invoke(app, sys.argv[1:])
print(json.dumps({"exit": result.exit_code, "output": result.output,
                  "loaded": sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)}))
""".replace("HEAVY", repr(HEAVY))


@pytest.mark.parametrize("command", [["search", "budget"], ["speakers"], ["show", "1"]])
def test_read_commands_do_not_load_the_nlp_stack(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "small.sqlite"
    Store.open(db).close()
    done = subprocess.run([sys.executable, "-c", PROBE, *command, "--db", str(db)],
                          capture_output=True, text=True, timeout=120, check=True)  # fmt: skip
    probe = json.loads(done.stdout.strip().splitlines()[-1])
    assert probe["loaded"] == [], probe
    # the command ran (an empty store answers; `show` of a missing id is a clear error)
    assert probe["exit"] in (0, 1) and probe["output"].strip(), probe
