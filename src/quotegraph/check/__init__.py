"""Check a quote: did they say it, in those words, and where did it first appear?

``Checker`` takes attested statements (:class:`Statement`) and answers a claim with a
:class:`CheckResult`: a verdict (verbatim, altered, cut short, someone else said it, paraphrase
only, not found), its reason, and the closest statements with word-level diffs whose offsets
point into the claim and the statement exactly as given. Words are matched through
``normalise`` (punctuation, quote marks, case, spelling, brackets, ellipses), candidates come
from a shingle index (``candidates``), differences from ``align``, and meaning from offline
sentence embeddings (``embed``, numpy only).
"""

from quotegraph.check.checker import Checker
from quotegraph.check.result import VERDICTS, ArticleRef, CheckResult, Match, Statement, Verdict

__all__ = ["VERDICTS", "ArticleRef", "CheckResult", "Checker", "Match", "Statement", "Verdict"]
