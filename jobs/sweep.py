"""The worker's safety net: whatever a lost job, a restarted Redis or a crashed web process left
half done is found in the database and enqueued again."""
from __future__ import annotations

import logging
from datetime import timedelta

from sqlalchemy import func, select

from handlers.delivery import reconcile
from handlers.outbox import DOWNLOAD_JOB, FORWARD_JOB, SEND_JOB, PendingJobs
from models import Case, Media, Message, utcnow

from bot.content import content_api, refresh_approvals
from bot.runtime import Runtime

from .sending import UNSENT

log = logging.getLogger(__name__)

INBOUND_JOB = "jobs.inbound.handle_stored_inbound"


def _template_approvals(runtime: Runtime) -> PendingJobs:
    """Last, and on its own: Twilio's Content API answering oddly must not stop the rest of the sweep."""
    try:
        with runtime.db.session() as session:
            jobs = refresh_approvals(session, content_api(runtime.settings))
            session.commit()
            return jobs
    except Exception:
        log.exception("checking template approvals failed; the next sweep tries again")
        return PendingJobs()


def sweep(runtime: Runtime, older_than: timedelta) -> PendingJobs:
    """Enqueue every stored piece of work untouched for ``older_than``; return what it enqueued."""
    cutoff = utcnow() - older_than
    jobs = PendingJobs()
    with runtime.db.session() as session:
        # No unsent message is given up for being old: when it finally leaves, the worker sends it
        # as its template or holds it for the recipient's next message (handlers/window.py).
        jobs.calls.extend(reconcile(session, since=cutoff - timedelta(hours=1)).calls)
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
    jobs.calls.extend(_template_approvals(runtime).calls)
    if jobs.calls:
        log.info("sweep re-enqueues %d job(s)", len(jobs.calls))
        runtime.enqueue(PendingJobs(list(jobs.calls)))
    return jobs
