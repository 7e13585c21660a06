"""The queue worker (CONTRACT.md): ``python worker.py`` — an RQ worker on the app's queue with
RQ's scheduler on (retries with backoff need it), plus the sweep that re-enqueues whatever a lost
job left half done."""
from __future__ import annotations

import argparse
import logging
from datetime import timedelta

from dotenv import load_dotenv
from rq import Worker

import jobs.forwarding, jobs.inbound, jobs.media, jobs.sending  # noqa: F401,E401  imported once here, so that each forked work horse starts with them (0.8 s)
from bot.runtime import worker_runtime
from jobs.sweep import sweep

log = logging.getLogger("worker")

#: Work untouched this long is taken as lost (a crash, a restarted Redis) and enqueued again.
SWEEP_AFTER = timedelta(minutes=2)
#: Seconds between sweeps (RQ's maintenance tick).
SWEEP_EVERY = 60


class SweepingWorker(Worker):
    """RQ's worker; its maintenance tick also sweeps the database for stranded work."""

    sweep_after: timedelta = SWEEP_AFTER

    @property
    def dequeue_timeout(self) -> int:
        # RQ runs maintenance only between jobs or when its blocking wait for one ends (every
        # ~7 minutes by default): wait no longer than a sweep interval.
        return min(super().dequeue_timeout, SWEEP_EVERY)

    def run_maintenance_tasks(self) -> None:
        super().run_maintenance_tasks()
        try:
            sweep(worker_runtime(), self.sweep_after)
        except Exception:  # the sweep is a safety net: a failed round must not stop the worker
            log.exception("sweep failed; it runs again at the next maintenance tick")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--burst", action="store_true", help="quit once the queue is empty")
    parser.add_argument("--sweep-after", type=float, default=SWEEP_AFTER.total_seconds(),
                        help="seconds before stored work counts as lost (default %(default)s)")
    args = parser.parse_args(argv)
    load_dotenv()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    runtime = worker_runtime()
    worker = SweepingWorker([runtime.queue], connection=runtime.redis, maintenance_interval=SWEEP_EVERY)
    worker.sweep_after = timedelta(seconds=args.sweep_after)
    worker.work(burst=args.burst, with_scheduler=True)


if __name__ == "__main__":
    main()
