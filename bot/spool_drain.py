"""Moving what the webhooks spooled during a database outage into the database, as soon as it
answers again.

The web process that spooled a post drains the spool itself, in a thread of its own that tries
again every moment until the spool is empty: the spool is on the web node's disk, and the worker
may run on another machine. A worker that shares the instance directory drains it too, from its
sweep (``jobs/spool.py``); the drain lock lets one process at a time do it.
"""
from __future__ import annotations

import logging
import os
import threading
import time

from typing import TYPE_CHECKING

from rq.timeouts import BaseTimeoutException
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from handlers.outbox import PendingJobs

from . import spool
from .db import database_unavailable
from .inbound import BadPayload, receive_inbound, receive_status

if TYPE_CHECKING:
    from .runtime import Runtime

log = logging.getLogger(__name__)

#: Seconds between tries while the database still does not answer: the first soon, then no
#: oftener than this (each try of an unanswering database waits ``web_database_wait`` anyway).
RETRY_FIRST, RETRY_MOST = 0.2, 2.0


def drain(runtime: Runtime) -> int:
    """Drain until the spool is empty (the webhook adds to it while it is not); how many moved.
    A database that still does not answer raises, and the spool stays as it is."""
    moved = 0
    instance_dir = runtime.settings.instance_dir
    for _round in range(100):
        batch = _drain_once(runtime)
        moved += batch
        if not batch and (spool.is_empty(instance_dir) or spool.draining_elsewhere(instance_dir)):
            break
    return moved


def _drain_once(runtime: Runtime) -> int:
    """Store and handle every spooled post, in the order it came, through the same path as the
    webhook; a message already stored (Twilio re-delivered it meanwhile) is not handled twice."""
    with spool.taken(runtime.settings.instance_dir) as entries:
        if not entries:
            return 0
        for entry in entries:
            with runtime.db.session() as session:
                try:
                    jobs = _receive(session, entry, runtime)
                except BadPayload as exc:
                    log.warning("dropped a malformed spooled message from %s: %s", entry.path.name, exc)
                    continue
                except SQLAlchemyError as exc:
                    if database_unavailable(exc):
                        raise  # still down: the spool stays, and the next try starts over (deduplicated)
                    _reject(runtime, entry)
                    continue
                except BaseTimeoutException:
                    raise  # RQ's job timeout: the spool stays, for the next try
                except Exception:
                    _reject(runtime, entry)
                    continue
            runtime.enqueue(jobs, lane=entry.form.get("From") if entry.kind == spool.MESSAGE else None)
        log.info("moved %d spooled post(s) into the database", len(entries))
        return len(entries)


def _reject(runtime: Runtime, entry: spool.Spooled) -> None:
    """One post that cannot be stored (the database refuses it, a bug) must not hold up the others
    behind it, nor every later post (they are spooled while the spool is not empty): it is kept
    apart for a person to read."""
    log.exception("a spooled post could not be stored; kept in %s", spool.REJECTED_NAME)
    spool.reject(runtime.settings.instance_dir, entry)


def _receive(session: Session, entry: spool.Spooled, runtime: Runtime) -> PendingJobs:
    if entry.kind == spool.STATUS:
        return receive_status(session, entry.form)
    return receive_inbound(session, entry.form, runtime.handler_config, entry.received_at)


class Drainer:
    """The web process's own drain: a thread that runs while the spool holds anything."""

    def __init__(self, runtime: Runtime):
        self.runtime = runtime
        self._start_afresh()
        # A forked child (gunicorn --preload) has no drain thread, and may inherit the lock held.
        os.register_at_fork(after_in_child=self._start_afresh)

    def _start_afresh(self) -> None:
        self._lock = threading.Lock()
        self._wanted = False
        self._running = False

    def wake(self) -> None:
        """Make sure a drain is under way in this process (a forked process has no thread yet),
        and that it looks at the spool again before it stops."""
        with self._lock:
            self._wanted = True
            if self._running:
                return
            self._running = True
        threading.Thread(target=self._run, name="spool-drain", daemon=True).start()

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._wanted and spool.is_empty(self.runtime.settings.instance_dir):
                    self._running = False
                    return
                self._wanted = False
            self._drain_until_empty()

    def _drain_until_empty(self) -> None:
        instance_dir = self.runtime.settings.instance_dir
        pause = RETRY_FIRST
        while not spool.is_empty(instance_dir):
            try:
                if drain(self.runtime):
                    pause = RETRY_FIRST
                    continue
            except SQLAlchemyError as exc:
                if not database_unavailable(exc):
                    log.exception("draining the spool failed; trying again in %.1f s", pause)
            except Exception:
                log.exception("draining the spool failed; trying again in %.1f s", pause)
            time.sleep(pause)
            pause = min(pause * 2, RETRY_MOST)
