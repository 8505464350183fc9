"""The process's settings: read from the environment once, then passed on.

    >>> from quotegraph.settings import Settings, current
    >>> current().db                      # $QUOTEGRAPH_DB, read the first time it is asked
    >>> Settings(db="corpus.sqlite", api_key="s3cret")   # or given in code and tests

``QUOTEGRAPH_DB`` (the store), ``QUOTEGRAPH_API_KEY`` (writes), ``QUOTEGRAPH_READ_KEY`` (reads,
optional), ``QUOTEGRAPH_MAX_BODY`` (bytes, default 2.5 MB) and the server's work bounds
``QUOTEGRAPH_QUEUE``, ``QUOTEGRAPH_RATE``, ``QUOTEGRAPH_RATE_BURST`` and ``QUOTEGRAPH_WORK_TIMEOUT``
(see :mod:`quotegraph.views.work`). The CLI, :meth:`Store.open
<quotegraph.store.Store.open>` and the server take a :class:`Settings` (or :func:`current`)
instead of reading ``os.environ`` themselves.
"""

from __future__ import annotations

import dataclasses
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass

ENV_DB = "QUOTEGRAPH_DB"
ENV_API_KEY = "QUOTEGRAPH_API_KEY"
ENV_READ_KEY = "QUOTEGRAPH_READ_KEY"
ENV_MAX_BODY = "QUOTEGRAPH_MAX_BODY"
ENV_CHECK_MEANING = "QUOTEGRAPH_CHECK_MEANING"
ENV_QUEUE = "QUOTEGRAPH_QUEUE"
ENV_RATE = "QUOTEGRAPH_RATE"
ENV_RATE_BURST = "QUOTEGRAPH_RATE_BURST"
ENV_WORK_TIMEOUT = "QUOTEGRAPH_WORK_TIMEOUT"

#: The store when neither ``--db`` nor ``$QUOTEGRAPH_DB`` names one (in the current directory).
DEFAULT_DB = "quotegraph.sqlite"

#: Largest request body accepted, in bytes (2.5 MB): a little over the 2 MB article-text limit
#: of the readers (``quotegraph.ingest.base.MAX_TEXT_BYTES``) plus JSON escaping. Larger bodies
#: are answered 413 before they are read in full.
DEFAULT_MAX_BODY = 2_500_000
#: Jobs of each server queue (extraction, quote checks) that may wait behind the running one.
DEFAULT_QUEUE = 8
#: Extractions or checks one client may start per minute, and at once.
DEFAULT_RATE = 60.0
DEFAULT_RATE_BURST = 10
#: Longest a client waits for an extraction or a check, in seconds.
DEFAULT_WORK_TIMEOUT = 120.0


@dataclass(frozen=True, slots=True)
class Settings:
    """What the store, the CLI and the server need to know.

    Attributes:
        db: the store URL or path (``None``: ``./quotegraph.sqlite``, see :attr:`db_url`).
        api_key: key that write endpoints require (``None``: writes are refused, 401).
        read_key: key that reads require (``None``: reads are open).
        max_body: largest request body in bytes; larger ones get 413.
        check_meaning: whether quote checks also match by meaning (sentence embeddings, when
            the model package is installed); ``QUOTEGRAPH_CHECK_MEANING=0`` turns it off.
        queue: server jobs (extractions, checks) that may wait behind the running one; more get 503.
        rate_per_minute: extractions or checks one client may start per minute (0: no limit);
            more get 429.
        rate_burst: how many of them a client may start at once.
        work_timeout_s: longest a client waits for an extraction or a check (then 503).
    """

    db: str | None = None
    api_key: str | None = None
    read_key: str | None = None
    max_body: int = DEFAULT_MAX_BODY
    check_meaning: bool = True
    queue: int = DEFAULT_QUEUE
    rate_per_minute: float = DEFAULT_RATE
    rate_burst: int = DEFAULT_RATE_BURST
    work_timeout_s: float = DEFAULT_WORK_TIMEOUT

    @property
    def db_url(self) -> str:
        """The store to open: :attr:`db`, else :data:`DEFAULT_DB`."""
        return self.db or DEFAULT_DB

    @classmethod
    def from_env(cls, db: str | None = None, *, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``QUOTEGRAPH_DB``, ``QUOTEGRAPH_API_KEY``, ``QUOTEGRAPH_READ_KEY`` and
        ``QUOTEGRAPH_MAX_BODY`` (and ``QUOTEGRAPH_CHECK_MEANING``, ``QUOTEGRAPH_QUEUE``,
        ``QUOTEGRAPH_RATE``, ``QUOTEGRAPH_RATE_BURST``, ``QUOTEGRAPH_WORK_TIMEOUT``).

        Args:
            db: overrides the environment's store (a ``--db`` option).
            environ: the variables to read (default: ``os.environ``).

        Returns:
            The settings; empty variables count as unset.

        Raises:
            ValueError: a number variable holds no number (naming the variable).
        """
        env = os.environ if environ is None else environ
        max_body = env.get(ENV_MAX_BODY, "").strip()
        return cls(
            db=db or env.get(ENV_DB) or None,
            api_key=env.get(ENV_API_KEY) or None,
            read_key=env.get(ENV_READ_KEY) or None,
            max_body=int(max_body) if max_body.isdigit() else DEFAULT_MAX_BODY,
            check_meaning=env.get(ENV_CHECK_MEANING, "").strip().lower() not in ("0", "false", "no", "off"),
            queue=int(_number(env, ENV_QUEUE, DEFAULT_QUEUE)),
            rate_per_minute=_number(env, ENV_RATE, DEFAULT_RATE),
            rate_burst=int(_number(env, ENV_RATE_BURST, DEFAULT_RATE_BURST)),
            work_timeout_s=_number(env, ENV_WORK_TIMEOUT, DEFAULT_WORK_TIMEOUT),
        )

    def with_db(self, db: str | None) -> Settings:
        """These settings with the store ``db`` instead (``None`` keeps the current one)."""
        return self if not db else dataclasses.replace(self, db=db)


def _number(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}") from None
    if value < 0 or value != value:
        raise ValueError(f"{name} must be 0 or more, not {raw!r}")
    return value


@functools.cache
def current() -> Settings:
    """This process's settings, read from the environment the first time they are asked for
    (``current.cache_clear()`` reads them again)."""
    return Settings.from_env()


__all__ = [
    "DEFAULT_DB",
    "DEFAULT_MAX_BODY",
    "ENV_API_KEY",
    "ENV_CHECK_MEANING",
    "ENV_DB",
    "ENV_MAX_BODY",
    "ENV_QUEUE",
    "ENV_RATE",
    "ENV_RATE_BURST",
    "ENV_WORK_TIMEOUT",
    "ENV_READ_KEY",
    "Settings",
    "current",
]
