"""The worker's safety net: whatever a lost job, a restarted Redis or a crashed web process left
half done is found in the database and enqueued again."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone

from sqlalchemy import and_, func, or_, select

from handlers.delivery import reconcile
from handlers.aspiration_escalation import escalate_late_aspirations
from handlers.aspirations import TELL_SUPPORTERS_JOB, forward_those_over_threshold
from handlers.broadcasts import PACE_JOB, stalled_broadcasts
from handlers.budgeting import TELL_VOTERS_JOB, tally_closed_rounds
from handlers.escalation import escalate_late_cases
from handlers.digest import send_due_digest
from handlers.confirmation import ask_again_once, close_unconfirmed
from handlers.window import send_order
from handlers.outbox import DOWNLOAD_JOB, FORWARD_JOB, INBOUND_JOB, SEND_JOB, PendingJobs
from models import AspirationEvent, Round, Case, Media, MediaStatus, Message, MessageDirection, MessageStatus, as_utc, utcnow

from bot.content import content_api, refresh_approvals
from bot.queueing import mark_intact, mark_maybe_lost
from bot.runtime import Runtime

from . import sending
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
    """Late cases' and aspirations' reminders and escalations (handlers/escalation.py,
    handlers/aspiration_escalation.py), each step once; resolved cases
    whose residents did not say in a week whether they are fixed, closed, and those they wrote about
without saying, asked again once (handlers/confirmation.py); and the
    mayor's morning digest, once each working day (handlers/digest.py). Each in a transaction of
    its own, so that one failing does not hold back the others."""
    config, jobs = runtime.handler_config, PendingJobs()
    for name, step in (("escalating late cases", lambda session: escalate_late_cases(session, config)),
                       ("escalating late aspirations", lambda session: escalate_late_aspirations(session, config)),
                       ("forwarding aspirations over their threshold",
                        lambda session: forward_those_over_threshold(session, config, utcnow())),
                       ("tallying closed budget rounds", lambda session: tally_closed_rounds(session, utcnow())),
                       ("closing unconfirmed cases", close_unconfirmed),
                       ("asking again whether cases are fixed", ask_again_once),
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
    """Enqueue every stored piece of work untouched for ``older_than``, and what the clock made
    due (reminders, escalations, the digest); return what it enqueued, all in the bulk queue.

    Work younger than the queue's backlog is taken as still queued, and an item the sweep
    enqueued is not enqueued again for ``REMEMBER_SWEPT`` (a note in Redis, which a restarted
    Redis forgets along with the jobs it lost): no storm of duplicates behind a long queue."""
    _drain_spool()
    cutoff = utcnow() - older_than - _backlog_age(runtime)
    stranded = stranded_work(runtime, cutoff)
    decided = _reconciled(runtime, since=cutoff - timedelta(hours=1))
    decided.calls.extend(_accountability(runtime).calls)
    decided.calls.extend(_template_approvals(runtime).calls)
    jobs = PendingJobs(runtime.enqueue_bulk(stranded, remember_seconds=int(REMEMBER_SWEPT.total_seconds()))
                       + runtime.enqueue_bulk(PendingJobs(list(decided.calls)))
                       + _stalled_broadcasts(runtime, utcnow() - BROADCAST_STALLED))
    if jobs.calls:
        log.info("sweep enqueued %d job(s)", len(jobs.calls))
    return jobs


def recover(runtime: Runtime) -> PendingJobs:
    """Redis came back without the jobs it was given (it restarted, or a process could not reach
    it): everything stored and unfinished is enqueued now, not when the sweep would find it. Rows
    another job may be sending right now are still left to it (``IN_FLIGHT_GRACE``), and what the
    sweep enqueued lately (a note Redis keeps, or lost with its jobs) is not enqueued twice.

    Redis is marked intact first: a job lost after the scan began marks it again, so the next
    tick looks once more; a recovery that fails unmarks it."""
    mark_intact(runtime.redis)
    try:
        _drain_spool()
        jobs = PendingJobs(runtime.enqueue_bulk(stranded_work(runtime, utcnow()),
                                                remember_seconds=int(REMEMBER_SWEPT.total_seconds()))
                           + _stalled_broadcasts(runtime, utcnow()))
    except BaseException:
        mark_maybe_lost(runtime.redis)
        raise
    log.info("Redis may have lost jobs: %d stored piece(s) of work enqueued again", len(jobs.calls))
    return jobs


#: A broadcast its pace job has not touched for this long lost its job (a slice lasts seconds).
BROADCAST_STALLED = timedelta(minutes=2)


def _stalled_broadcasts(runtime: Runtime, older_than: datetime) -> list[tuple[str, tuple]]:
    """Unfinished broadcasts whose pace job is gone, on their queue again (the job's lock keeps a
    live one from being doubled)."""
    with runtime.db.session(read_only=True) as session:
        stalled = stalled_broadcasts(session, older_than)
    return runtime.enqueue_broadcast(PendingJobs([(PACE_JOB, (broadcast_id,)) for broadcast_id in stalled]),
                                     remember_seconds=int(REMEMBER_SWEPT.total_seconds()))


def _reconciled(runtime: Runtime, since) -> PendingJobs:
    """Delivery callbacks since ``since`` that found no message when they came (a race with the
    worker's commit), applied now."""
    with runtime.db.session() as session:
        jobs = reconcile(session, since=since)
        session.commit()
    return jobs


def stranded_work(runtime: Runtime, cutoff) -> PendingJobs:
    """Stored work untouched since ``cutoff`` whose job may be lost: unsent rows (a row claimed
    for sending only once its attempt's grace is over), unhandled messages, cases not forwarded,
    evidence not downloaded, supporters not yet told an answer, voters not yet told a result."""
    jobs = PendingJobs()
    # A claimed row's job has run: the queue's backlog says nothing about it.
    claim_cutoff = utcnow() - sending.IN_FLIGHT_GRACE
    with runtime.db.session(read_only=True) as session:
        # No unsent message is given up for being old: when it finally leaves, the worker sends it
        # as its template or holds it for the recipient's next message (handlers/window.py).
        last_touched = func.coalesce(Message.status_updated_at, Message.created_at)
        # A phone whose row an attempt abandoned: its later rows waited behind it, however young.
        abandoned = select(Message.phone).where(Message.direction == MessageDirection.OUTBOUND,
                                                Message.status == MessageStatus.SENDING,
                                                last_touched < claim_cutoff)
        newest_per_phone: dict[str, tuple] = {}
        for row in session.execute(
                select(Message.id, Message.phone, send_order().label("position")).where(
                    Message.direction == MessageDirection.OUTBOUND, Message.status.in_(sending.UNSENT), or_(
                        and_(Message.status == MessageStatus.PENDING, last_touched < cutoff),
                        Message.phone.in_(abandoned)))):
            newest_per_phone[row.phone] = max(newest_per_phone.get(row.phone, (0, 0)), (row.position, row.id))
        # One job per phone: it sends every unsent row of the phone up to the newest one found.
        for _position, message_id in sorted(newest_per_phone.values(), key=lambda newest: newest[1]):
            jobs.add(SEND_JOB, message_id)
        for (message_id,) in session.execute(
                select(Message.id).where(Message.direction == MessageDirection.INBOUND,
                                         Message.status == MessageStatus.RECEIVED,
                                         Message.created_at < cutoff)):
            jobs.add(INBOUND_JOB, message_id)
        for (case_id,) in session.execute(
                select(Case.id).where(Case.forwarded_at.is_(None), Case.created_at < cutoff)):
            jobs.add(FORWARD_JOB, case_id)
        for (media_id,) in session.execute(
                select(Media.id).where(Media.status == MediaStatus.PENDING, Media.created_at < cutoff)):
            jobs.add(DOWNLOAD_JOB, media_id)
        for (event_id,) in session.execute(
                select(AspirationEvent.id).where(AspirationEvent.told_up_to_support_id.is_not(None),
                                                 AspirationEvent.told_at.is_(None), AspirationEvent.created_at < cutoff)):
            jobs.add(TELL_SUPPORTERS_JOB, event_id)
        for (round_id,) in session.execute(
                select(Round.id).where(Round.told_up_to_ballot_id.is_not(None), Round.told_at.is_(None),
                                       Round.tallied_at < cutoff)):
            jobs.add(TELL_VOTERS_JOB, round_id)
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
    """How long the oldest job still waiting in the queues has waited (RQ's own time, not the
    bot's movable clock)."""
    oldest = timedelta(0)
    for queue in runtime.queues:
        first = queue.get_job_ids(0, 0)
        job = queue.fetch_job(first[0]) if first else None
        if job is not None and job.enqueued_at is not None:
            oldest = max(oldest, datetime.now(timezone.utc) - as_utc(job.enqueued_at))
    return oldest
