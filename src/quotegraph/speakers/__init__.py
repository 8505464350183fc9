"""Speakers: who each attribution's source is, whom it was said to, and the article's entities.

``resolve_speakers(doc, attributions)`` runs once per article after attribution detection:

- :mod:`.entities` clusters the people and organisations the article names, with aliases and
  roles (titles, appositions, copulas, party/state tags);
- :mod:`.descriptions` holds the role, nationality, party, place and generic-source lexicons;
- :mod:`.pronouns` resolves he/she/it/they by number, gender and salience;
- :mod:`.names`, :mod:`.describe` and :mod:`.addressees` handle names inside source phrases,
  descriptions and stand-ins, and addressees;
- :mod:`.resolve` ties them together and sets ``speaker`` and ``addressee`` on every attribution.
"""

from quotegraph.speakers.resolve import resolve_speakers

__all__ = ["resolve_speakers"]
