"""What the web app and the worker share: settings, database, Redis and the job queue."""
from __future__ import annotations

from functools import cached_property

from redis import Redis
from rq import Queue

from handlers import HandlerConfig
from models import clock
from handlers.outbox import PendingJobs

from .config import Settings, load_settings
from .db import Database
from .queueing import enqueue_all, job_queue, redis_connection


class Runtime:
    def __init__(self, settings: Settings, *, for_forking_worker: bool = False):
        self.settings = settings
        self.db = Database(settings.database_url, for_forking_worker=for_forking_worker)
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
        enqueue_all(self.queue, jobs, list(self.settings.retry_intervals))


_worker_runtime: Runtime | None = None


def worker_runtime() -> Runtime:
    """The worker process's runtime, built from the environment on first use."""
    global _worker_runtime
    if _worker_runtime is None:
        _worker_runtime = Runtime(load_settings(), for_forking_worker=True)
    return _worker_runtime


def set_worker_runtime(runtime: Runtime | None) -> None:
    """Tests that call job functions directly hand them a runtime of their own."""
    global _worker_runtime
    _worker_runtime = runtime
