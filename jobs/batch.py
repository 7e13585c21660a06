"""One job for everything one decision queued (one inbound message, one status callback)."""
from __future__ import annotations

import logging

from rq.timeouts import BaseTimeoutException
from rq.utils import import_attribute

log = logging.getLogger(__name__)


def run_jobs(calls: list[tuple[str, tuple]]) -> None:
    """Run each call in order. One that fails does not stop the others; the first failure is
    raised at the end, so that RQ retries the job: every call is safe to run twice."""
    failed: Exception | None = None
    for func_path, args in calls:
        try:
            import_attribute(func_path)(*args)
        except BaseTimeoutException:
            raise  # RQ's alarm has rung: the calls after this one would run with no limit at all
        except Exception as exc:
            log.warning("%s%r failed: %s", func_path, tuple(args), exc)
            failed = failed or exc
    if failed is not None:
        raise failed
