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
from .queueing import enqueue_all, enqueue_each, job_queue, redis_connection


class Runtime:
    def __init__(self, settings: Settings, *, for_worker: bool = False):
        self.settings = settings
        self.db = Database(settings.database_url,
                           wait_seconds=WORKER_WAIT_SECONDS if for_worker else settings.web_database_wait)
        self.handler_config = HandlerConfig(case_prefix=settings.case_prefix,
                                            city_timezone=settings.city_timezone)
        if not settings.uses_twilio:
            # Offline, the simulator moves the clock; web and worker read it from one file.
            clock.share_through(settings.instance_dir / "clock-offset")

    @cached_property
    def redis(self) -> Redis:
        return redis_connection(self.settings)

    @cached_property
    def queue(self) -> Queue:
        return job_queue(self.redis)

    def enqueue(self, jobs: PendingJobs) -> None:
        """What one decision queued, as one job."""
        enqueue_all(self.queue, jobs, list(self.settings.retry_intervals))

    def enqueue_each(self, jobs: PendingJobs) -> None:
        """Each call as a job of its own (the sweep's work is unrelated items)."""
        enqueue_each(self.queue, jobs, list(self.settings.retry_intervals))


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
