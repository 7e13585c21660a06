"""Moving messages the webhook spooled during a database outage into the database."""
from __future__ import annotations

import logging

from sqlalchemy.exc import SQLAlchemyError

from bot import spool
from bot.db import database_unavailable
from bot.inbound import BadPayload, receive_inbound
from bot.runtime import worker_runtime

log = logging.getLogger(__name__)


def drain_spool() -> int:
    """Drain until the spool is empty (the webhook adds to it while it is not); how many moved.
    A line appended just as another process finished draining is taken here, not left to the
    next sweep."""
    moved = 0
    instance_dir = worker_runtime().settings.instance_dir
    for _round in range(100):
        batch = _drain_once()
        moved += batch
        if not batch and (spool.is_empty(instance_dir) or spool.draining_elsewhere(instance_dir)):
            break
    return moved


def _drain_once() -> int:
    """Store and handle every spooled message, in the order it came, through the same path as the
    webhook; a message already stored (Twilio re-delivered it meanwhile) is not handled twice.
    A database that still does not answer raises, and the spool stays as it is."""
    runtime = worker_runtime()
    with spool.taken(runtime.settings.instance_dir) as forms:
        if not forms:
            return 0
        for path, form in forms:
            with runtime.db.session() as session:
                try:
                    jobs = receive_inbound(session, form, runtime.handler_config)
                except BadPayload as exc:
                    log.warning("dropped a malformed spooled message from %s: %s", path.name, exc)
                    continue
                except SQLAlchemyError as exc:
                    if database_unavailable(exc):
                        raise  # still down: the spool stays, and the next try starts over (deduplicated)
                    # One message the database refuses must not hold up the others behind it for
                    # ever. Anything else (RQ's job timeout, a bug) is raised: the spool stays.
                    log.exception("a spooled message could not be stored; kept in %s", spool.REJECTED_NAME)
                    spool.reject(runtime.settings.instance_dir, form)
                    continue
            runtime.enqueue(jobs)
        log.info("moved %d spooled message(s) into the database", len(forms))
        return len(forms)
