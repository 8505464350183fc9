"""One error tree for the whole package; messages tell the user what to do."""


class QuotegraphError(Exception):
    """Base of every error quotegraph raises on purpose."""


class IngestError(QuotegraphError):
    """An input could not be read as an article (empty, binary, not UTF-8, no article in HTML…)."""


class ModelError(QuotegraphError):
    """A language pipeline or trained model could not be loaded."""


class StoreError(QuotegraphError):
    """The database could not be opened, migrated, read or written."""


class EvaluationError(QuotegraphError):
    """A corpus given to an evaluation command is missing or malformed."""


class PipelineError(QuotegraphError):
    """A quotegraph spaCy component ran without what an earlier one puts on the Doc."""


class SizeBudgetError(PipelineError):
    """An article is over the extractor's size budget (characters or statements); it is skipped
    with this reason, the same every time."""
