"""Speakers: who each attribution's source is, whom it was said to, and the article's entities.

``find_speakers(doc, attributions)`` runs once per article after attribution detection and
returns copies of the attributions with speakers and addressees, and the entities (the
``qg_speakers`` spaCy component, :mod:`quotegraph.speakers.component`, runs it on a Doc):

- :mod:`.entities` clusters the people and organisations the article names, with aliases and
  roles (titles, appositions, copulas, party/state tags);
- :mod:`.descriptions` holds the role, nationality, party, place and generic-source lexicons;
- :mod:`.pronouns` resolves he/she/it/they by number, gender and salience;
- :mod:`.names`, :mod:`.describe` and :mod:`.addressees` handle names inside source phrases,
  descriptions and stand-ins, and addressees;
- :mod:`.resolve` ties them together and decides ``speaker`` and ``addressee`` of every
  attribution (``resolve_speakers`` sets them on the attributions given).
"""

from __future__ import annotations

from typing import Any

__all__ = ["find_speakers", "resolve_speakers"]


def __getattr__(name: str) -> Any:
    # loaded on first use: the store reads the lexicons (speakers.descriptions) and must not
    # pay for spaCy, which speakers.resolve imports, at every CLI start
    if name in __all__:
        from quotegraph.speakers import resolve

        return getattr(resolve, name)
    raise AttributeError(f"module 'quotegraph.speakers' has no attribute {name!r}")
