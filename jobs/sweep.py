"""The worker's safety net: whatever a lost job, a restarted Redis or a crashed web process left
half done is found in the database and enqueued again."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from sqlalchemy import func, select

from handlers.delivery import reconcile
from handlers.escalation import escalate_late_cases
from handlers.digest import send_due_digest
from handlers.fixed import close_unconfirmed
from handlers.outbox import DOWNLOAD_JOB, FORWARD_JOB, INBOUND_JOB, SEND_JOB, PendingJobs
from models import Case, Media, Message, as_utc, utcnow

from bot.content import content_api, refresh_approvals
from bot.runtime import Runtime

from .sending import UNSENT
from .spool import drain_spool

log = logging.getLogger(__name__)


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


def _accountability(runtime: Runtime) -> PendingJobs:
    """Late cases' reminders and escalations (handlers/escalation.py), each step once; resolved cases
    whose residents did not say in a week whether they are fixed, closed (handlers/fixed.py); and the
    mayor's morning digest, once each working day (handlers/digest.py). Each in a transaction of
    its own, so that one failing does not hold back the others."""
    config, jobs = runtime.handler_config, PendingJobs()
    for name, step in (("escalating late cases", lambda session: escalate_late_cases(session, config)),
                       ("closing unconfirmed cases", close_unconfirmed),
                       ("the morning digest", lambda session: send_due_digest(session, config, utcnow()))):
        try:
            with runtime.db.session() as session:
                decided = step(session)
                session.commit()
        except Exception:
            log.exception("%s failed; the next sweep tries again", name)
            continue
        jobs.calls.extend(decided.calls)
    return jobs


def sweep(runtime: Runtime, older_than: timedelta) -> PendingJobs:
    """Enqueue every stored piece of work untouched for ``older_than``; return what it enqueued.

    Work younger than the queue's backlog is taken as still queued, and an item the sweep
    enqueued is not enqueued again for ``REMEMBER_SWEPT`` (a note in Redis, which a restarted
    Redis forgets along with the jobs it lost): no storm of duplicates behind a long queue."""
    _drain_spool()
    cutoff = utcnow() - older_than - _backlog_age(runtime)
    jobs, decided = PendingJobs(), PendingJobs()
    with runtime.db.session() as session:
        # No unsent message is given up for being old: when it finally leaves, the worker sends it
        # as its template or holds it for the recipient's next message (handlers/window.py).
        decided.calls.extend(reconcile(session, since=cutoff - timedelta(hours=1)).calls)
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
    decided.calls.extend(_accountability(runtime).calls)
    decided.calls.extend(_template_approvals(runtime).calls)
    jobs.calls[:] = _not_swept_lately(runtime, jobs.calls) + decided.calls
    if jobs.calls:
        log.info("sweep re-enqueues %d job(s)", len(jobs.calls))
        runtime.enqueue_each(PendingJobs(list(jobs.calls)))
    return jobs


#: How long an item the sweep enqueued is left to its job before the sweep enqueues it again.
REMEMBER_SWEPT = timedelta(minutes=5)


def _drain_spool() -> None:
    """First, what the webhook spooled while the database was down: it goes in before anything
    newer is looked at."""
    try:
        drain_spool()
    except Exception:
        log.exception("draining the spool failed; the next sweep tries again")


def _backlog_age(runtime: Runtime) -> timedelta:
    """How long the oldest job still waiting in the queue has waited (RQ's own time, not the
    bot's movable clock)."""
    oldest = runtime.queue.get_job_ids(0, 0)
    job = runtime.queue.fetch_job(oldest[0]) if oldest else None
    if job is None or job.enqueued_at is None:
        return timedelta(0)
    return max(timedelta(0), datetime.now(timezone.utc) - as_utc(job.enqueued_at))


def _not_swept_lately(runtime: Runtime, calls: list[tuple[str, tuple]]) -> list[tuple[str, tuple]]:
    if not calls:
        return []
    pipeline = runtime.redis.pipeline(transaction=False)
    for func_path, args in calls:
        pipeline.set(f"lapor:swept:{func_path}:{','.join(map(str, args))}", 1, nx=True,
                     ex=int(REMEMBER_SWEPT.total_seconds()))
    fresh = pipeline.execute()
    return [call for call, is_new in zip(calls, fresh) if is_new]
