"""Speakers: who each attribution's source is, whom it was said to, and the article's entities.

``resolve_speakers(doc, attributions)`` runs once per article after attribution detection. It
clusters the people and organisations the article names (:mod:`.entities`), with roles and the
nationality/party/place words later descriptions use (:mod:`.descriptions`), resolves pronouns
(:mod:`.pronouns`) and descriptions (:mod:`.resolve`), and sets ``speaker`` and ``addressee`` on
every attribution.
"""

from quotegraph.speakers.resolve import resolve_speakers

__all__ = ["resolve_speakers"]
