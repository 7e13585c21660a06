"""The worker's share of draining the spool: a worker on the web node's machine (the same instance
directory) moves spooled posts in from its sweep, should the web process not be there to."""
from __future__ import annotations

from bot.runtime import worker_runtime
from bot.spool_drain import drain


def drain_spool() -> int:
    """Drain until the spool is empty; how many posts moved."""
    return drain(worker_runtime())
