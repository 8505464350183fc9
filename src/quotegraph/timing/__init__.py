"""When things were said: time expressions (TIMEX3) and the ``said_on`` of each statement.

``find_time_expressions(doc, published)`` finds and normalises every time expression of an
article; ``date_statements(doc, attributions, times, published)`` dates each statement from the
time expression that governs it, or from the dated event it belongs to (``assign_said_on`` does
the same on the attributions given). The ``qg_time`` spaCy component
(:mod:`quotegraph.timing.component`) runs both on a Doc.
"""

from quotegraph.timing.expressions import find_time_expressions
from quotegraph.timing.normalise import interval
from quotegraph.timing.said_on import assign_said_on, date_statements

__all__ = ["assign_said_on", "date_statements", "find_time_expressions", "interval"]
