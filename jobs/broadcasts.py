"""Sending a broadcast at the sender's pace. One job paces one broadcast: each second it makes the
messages of the next subscribers (``handlers/broadcasts.py``: at most the sender's rate less a tenth,
kept for answering residents), commits them, and sends them from a few threads at once, since
Twilio's API answers in a tenth of a second or more. The job runs on a queue of its own, which a
worker process of its own serves: residents' messages never wait behind a broadcast. After a slice
of seconds it puts itself back on that queue, so that a worker serving every queue (``--processes
1``) answers residents between slices too."""
from __future__ import annotations

import logging
import secrets
import time
from concurrent.futures import ThreadPoolExecutor

from bot.runtime import worker_runtime
from handlers.broadcasts import PACE_JOB, next_recipients, per_second
from handlers.outbox import Outbox, PendingJobs
from models import ROW_LOCK, Broadcast, utcnow

from . import sending

log = logging.getLogger(__name__)

#: Seconds one job paces before it gives its worker back.
SLICE_SECONDS = 10
#: Messages in flight to Twilio at once; with SQLite, whose one writer at a time is what residents'
#: answers wait for, fewer.
SENDING_THREADS = 16
SQLITE_SENDING_THREADS = 2
_LOCK = "lapor:broadcast-pacer:{}"
_RELEASE = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end"


def pace(broadcast_id: int) -> None:
    runtime = worker_runtime()
    lock, token = _LOCK.format(broadcast_id), secrets.token_hex(8)
    if not runtime.redis.set(lock, token, nx=True, ex=SLICE_SECONDS + 60):
        return  # another job paces it (a job the sweep thought lost came back)
    try:
        more = _pace_a_slice(runtime, broadcast_id)
    finally:  # only its own: a slice that outlived the lock's time must not free the next job's
        runtime.redis.register_script(_RELEASE)(keys=[lock], args=[token])
    if more:  # after the lock is gone, or the next slice would find it held and end
        runtime.enqueue_broadcast(PendingJobs([(PACE_JOB, (broadcast_id,))]))


def _pace_a_slice(runtime, broadcast_id: int) -> bool:
    """Up to ``SLICE_SECONDS`` of sending; True if subscribers are left."""
    rate = per_second(runtime.settings.twilio_sender_mps)
    started = time.monotonic()
    threads = SQLITE_SENDING_THREADS if runtime.db.engine.dialect.name == "sqlite" else SENDING_THREADS
    with ThreadPoolExecutor(threads) as pool:
        while time.monotonic() - started < SLICE_SECONDS:
            second = time.monotonic()
            message_ids = _next_messages(runtime, broadcast_id, rate)
            if not message_ids:
                return False
            for failure in pool.map(_send, message_ids):
                if failure:
                    log.warning("broadcast %s: %s (the sweep sends it again)", broadcast_id, failure)
            time.sleep(max(0.0, 1.0 - (time.monotonic() - second)))
    return True


def _next_messages(runtime, broadcast_id: int, limit: int) -> list[int]:
    with runtime.db.session() as session:
        broadcast = session.get(Broadcast, broadcast_id, with_for_update=ROW_LOCK)
        if broadcast is None:
            return []
        outbox = Outbox(session)
        message_ids = next_recipients(session, broadcast, outbox, limit, utcnow(), runtime.handler_config.city_timezone)
        outbox.flush()  # the rows' own send jobs are not wanted: this job sends them, paced
        session.commit()
    return message_ids


def _send(message_id: int) -> str | None:
    """One message, as any send job sends it; a failure is left to the sweep, which finds the row
    unsent (a retry now would break the pace)."""
    try:
        sending.send_messages([message_id])
    except Exception as exc:  # noqa: BLE001 — logged, and the stored row is sent again later
        return f"message {message_id}: {exc}"
    return None
