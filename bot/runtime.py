"""What the web app and the worker share: settings, database, Redis and the job queue."""
from __future__ import annotations

from functools import cached_property

from redis import Redis
from rq import Queue

from handlers import HandlerConfig
from models import clock
from handlers.outbox import PendingJobs

from .config import Settings, load_settings
from .db import WORKER_WAIT_SECONDS, Database
from .queueing import BROADCAST_QUEUE_NAME, QUEUE_NAMES, mark_maybe_lost, enqueue_all, enqueue_unless_recent, job_queue, redis_connection


class Runtime:
    def __init__(self, settings: Settings, *, for_worker: bool = False):
        self.settings = settings
        #: An enqueue failed since Redis last heard of it (``bot/queueing.py``, ``mark_maybe_lost``).
        self._jobs_lost = False
        self.db = Database(settings.database_url,
                           wait_seconds=WORKER_WAIT_SECONDS if for_worker else settings.web_database_wait)
        self.handler_config = HandlerConfig(case_prefix=settings.case_prefix,
                                            aspiration_prefix=settings.aspiration_prefix,
                                            aspirations_per_day=settings.aspirations_per_day,
                                            city_timezone=settings.city_timezone)
        if not settings.uses_twilio:
            # Offline, the simulator moves the clock; web and worker read it from one file.
            clock.share_through(settings.instance_dir / "clock-offset")

    @cached_property
    def redis(self) -> Redis:
        return redis_connection(self.settings)

    @cached_property
    def queues(self) -> list[Queue]:
        """Every queue the worker takes jobs from, in the order it takes them (``bot/queueing.py``)."""
        return [job_queue(self.redis, name) for name in QUEUE_NAMES]

    @property
    def queue(self) -> Queue:
        """Replies to a message that just arrived, and what jobs decide."""
        return self.queues[0]

    @cached_property
    def broadcast_queue(self) -> Queue:
        """Broadcasts, paced, served by a worker process of their own (``worker.py``)."""
        return job_queue(self.redis, BROADCAST_QUEUE_NAME)

    @property
    def all_queues(self) -> list[Queue]:
        """What a worker serving everything listens to: the broadcasts last."""
        return [*self.queues, self.broadcast_queue]

    @property
    def bulk_queue(self) -> Queue:
        """Catch-up and a busy phone's messages beyond its fair share."""
        return self.queues[-1]

    def enqueue(self, jobs: PendingJobs, *, lane: str | None = None) -> None:
        """What one decision queued, as one job; ``lane``: the phone whose message decided it,
        which gets no more than its fair share of the queues before bulk. Once Redis takes a job again
        after refusing one, the worker is told to look for the work whose job never got there."""
        if not jobs.calls:
            return
        if not enqueue_all(self.queues, jobs, list(self.settings.retry_intervals), lane=lane):
            self._jobs_lost = True
        elif self._jobs_lost:
            self._jobs_lost = not self._report_lost_jobs()

    def _report_lost_jobs(self) -> bool:
        try:
            mark_maybe_lost(self.redis)
            return True
        except Exception:  # Redis went again: the next enqueue that works says it
            return False

    def enqueue_bulk(self, jobs: PendingJobs, *, remember_seconds: int | None = None) -> list[tuple[str, tuple]]:
        """Each call as a job of its own in the bulk queue (the sweep's: unrelated items); with
        ``remember_seconds``, not one that went there that recently (no storm of duplicates
        behind a long queue)."""
        return enqueue_unless_recent(self.bulk_queue, jobs, list(self.settings.retry_intervals), remember_seconds)

    def enqueue_broadcast(self, jobs: PendingJobs, *, remember_seconds: int | None = None) -> list[tuple[str, tuple]]:
        """A broadcast's pace job, on the broadcasts' queue."""
        return enqueue_unless_recent(self.broadcast_queue, jobs, list(self.settings.retry_intervals),
                                     remember_seconds)


_worker_runtime: Runtime | None = None


def worker_runtime() -> Runtime:
    """The worker process's runtime, built from the environment on first use."""
    global _worker_runtime
    if _worker_runtime is None:
        _worker_runtime = Runtime(load_settings(), for_worker=True)
    return _worker_runtime


def set_worker_runtime(runtime: Runtime | None) -> None:
    """Tests that call job functions directly hand them a runtime of their own."""
    global _worker_runtime
    _worker_runtime = runtime
