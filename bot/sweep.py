"""The worker's safety net: whatever a lost job, a restarted Redis or a crashed web process left
half done is found in the database and enqueued again."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import func, select, update

from handlers.delivery import reconcile
from handlers.outbox import DOWNLOAD_JOB, FORWARD_JOB, SEND_JOB, PendingJobs
from models import Case, Media, Message, utcnow

from .jobs import UNSENT
from .runtime import Runtime

log = logging.getLogger(__name__)

INBOUND_JOB = "bot.jobs.handle_stored_inbound"
#: An outbound message still unsent this long after it was decided is marked failed for an admin to
#: see: by then it is stale, and outside WhatsApp's 24-hour window anyway. Until then a Twilio
#: outage, however many attempts it costs, only delays it.
GIVE_UP_AFTER = timedelta(hours=24)


def sweep(runtime: Runtime, older_than: timedelta) -> PendingJobs:
    """Enqueue every stored piece of work untouched for ``older_than``; return what it enqueued."""
    cutoff = utcnow() - older_than
    jobs = PendingJobs()
    with runtime.db.session() as session:
        session.execute(
            update(Message).where(Message.direction == "out", Message.status.in_(UNSENT),
                                  Message.created_at < utcnow() - GIVE_UP_AFTER)
            .values(status="failed", error_message="not sent within 24 hours; gave up"))
        reconcile(session, since=cutoff - timedelta(hours=1))
        session.commit()
        last_touched = func.coalesce(Message.status_updated_at, Message.created_at)
        for (message_id,) in session.execute(
                select(Message.id).where(Message.direction == "out",
                                         Message.status.in_(UNSENT), last_touched < cutoff)):
            jobs.add(SEND_JOB, message_id)
        for (message_id,) in session.execute(
                select(Message.id).where(Message.direction == "in", Message.status == "received",
                                         Message.created_at < cutoff)):
            jobs.add(INBOUND_JOB, message_id)
        for (case_id,) in session.execute(
                select(Case.id).where(Case.forwarded_at.is_(None), Case.created_at < cutoff)):
            jobs.add(FORWARD_JOB, case_id)
        for (media_id,) in session.execute(
                select(Media.id).where(Media.status == "pending", Media.created_at < cutoff)):
            jobs.add(DOWNLOAD_JOB, media_id)
    if jobs.calls:
        log.info("sweep re-enqueues %d job(s)", len(jobs.calls))
        runtime.enqueue(PendingJobs(list(jobs.calls)))
    return jobs
