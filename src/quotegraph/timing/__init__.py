"""When things were said: time expressions (TIMEX3) and the ``said_on`` of each statement.

``find_time_expressions(doc, published)`` finds and normalises every time expression of an
article; ``date_statements(doc, attributions, times, published)`` dates each statement from the
time expression that governs it, or from the dated event it belongs to (``assign_said_on`` does
the same on the attributions given). The ``qg_time`` spaCy component (``component``) runs both
on a Doc.

The files, lowest first; each imports only the public (no underscore) names of those before it:

- ``normalise``: calendar arithmetic, TIMEX3 value → interval, the tense of a governing verb;
- ``patterns``: the regular expressions and handlers that recognise time expressions;
- ``expressions``: ``find_time_expressions``, the patterns plus spaCy's DATE/TIME entities;
- ``cue_time``: what the cue's own sentence tells (its time, its tense), the ``Dated`` verdict;
- ``occasions`` and ``speaker_keys``: dated speech occasions and events; who speaks;
- ``said_on``: ``date_statements`` / ``assign_said_on``, the walk that picks which source dates
  each statement (the hand rules);
- ``anchors``: each statement's candidate anchors (the dates the text gives, the publication day,
  none) with features, the rules' decision among them;
- ``said_on_model``: the learned choice among the anchors (``date_with_model``), which the
  ``qg_time`` component runs with the shipped weights (``data/said_on_model.json``, learned by
  ``quotegraph train said-on``) when configured ``said_on_model="shipped"``; the hand rules
  are the default.
"""

from quotegraph.timing.expressions import find_time_expressions
from quotegraph.timing.normalise import interval
from quotegraph.timing.said_on import assign_said_on, date_statements

__all__ = ["assign_said_on", "date_statements", "find_time_expressions", "interval"]
