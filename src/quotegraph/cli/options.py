"""Options several commands share."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Optional

import typer

AttributionModelOption = Annotated[
    Optional[Path],
    typer.Option(
        "--attribution-model",
        help="Attribution model: a folder from `quotegraph train polnear` (or its "
        "attribution_model.json), or 'rules' for the hand-written rules alone. Default: the "
        "shipped model. (--model names the spaCy pipeline.)",
    ),
]


def use_attribution_model(location: Path | None) -> None:
    """Make ``location`` the attribution model of this process and of the workers it starts.

    A folder's ``cue_lexicon.json``, when present, comes with it: the model's features were
    learned with that lexicon.
    """
    if location is None:
        return
    from quotegraph.attribution.lexicon import LEXICON_FILE
    from quotegraph.attribution.model import MODEL_ENV, load_model
    from quotegraph.attribution.rules import set_cue_lexicon
    from quotegraph.errors import ModelError

    try:
        load_model(location)
    except ModelError as err:
        raise typer.BadParameter(str(err), param_hint="--attribution-model") from None
    os.environ[MODEL_ENV] = str(location)  # environment: parsing workers and Ray actors inherit it
    lexicon = location / LEXICON_FILE if location.is_dir() else location.parent / LEXICON_FILE
    if str(location) != "rules" and lexicon.is_file():
        os.environ["QUOTEGRAPH_CUE_LEXICON"] = str(lexicon)
        set_cue_lexicon(None)
