"""Downloading evidence from Twilio into our own store: Twilio's copy may be deleted afterwards.

A download that keeps failing is retried with growing pauses for ``MEDIA_RETRY_MINUTES`` and then
given up; nothing else (a forward, the next message to a phone) waits for it meanwhile.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta

import requests
from sqlalchemy import select

from bot.runtime import worker_runtime
from handlers.catalog import official_text, t
from handlers.forwarding import follow_up_evidence
from handlers.outbox import DOWNLOAD_JOB, SEND_JOB, Outbox, PendingJobs
from models import (ROW_LOCK, FINISHED_SENDING, Case, Media, MediaStatus, Message, MessageDirection, MessageStatus,
                    Resident, as_utc, utcnow)

from .fetching import DOWNLOAD_DEADLINE, MediaGone, MediaTooLarge, NotAnImage, StoredFile, download

log = logging.getLogger(__name__)

#: While an attempt runs, other jobs (the sweep's, a send's) leave the row alone.
ATTEMPT_LEASE = timedelta(seconds=DOWNLOAD_DEADLINE + 60)
#: Pause after the first passing failure, doubled after each one up to the longest.
FIRST_RETRY, LONGEST_RETRY = timedelta(seconds=30), timedelta(minutes=5)


@dataclass(frozen=True)
class _Attempt:
    url: str
    content_type: str
    #: An attempt was started before and neither finished nor failed: it died with its worker.
    earlier_never_finished: bool = False


def download_media(media_id: int, *, first_try_only: bool = False) -> bool:
    """Keep our own copy of one attachment. A passing failure schedules the next attempt instead
    of raising, so that nothing waits behind this one. True once the attachment is settled
    (stored, refused or given up). ``first_try_only``: a caller that must not wait (a send, a
    forward) makes the first attempt only; retries are this job's."""
    attempt = _claim_attempt(media_id, first_try_only)
    if attempt is None:
        return _settled(media_id)
    if attempt.earlier_never_finished:
        # The last attempt took the worker down with it (out of memory on a huge image, say):
        # count it as a failure, so that the give-up deadline runs and nothing waits for ever.
        return _failed_attempt(media_id, "an earlier attempt never finished (the worker stopped)")
    settings = worker_runtime().settings
    try:
        stored = download(attempt.url, settings, attempt.content_type)
    except MediaTooLarge as exc:
        _finish(media_id, MediaStatus.REJECTED, f"too large: {exc.size} bytes", "media_refused_size",
                size_mb=round(exc.size / 1_048_576, 1), max_mb=settings.media_max_bytes // 1_048_576)
    except NotAnImage as exc:
        _finish(media_id, MediaStatus.REJECTED, str(exc), "media_refused_image")
    except MediaGone as exc:
        _finish(media_id, MediaStatus.FAILED, str(exc), "media_failed")
    except requests.RequestException as exc:
        return _failed_attempt(media_id, _describe(exc))
    else:
        _finish(media_id, MediaStatus.STORED, stored=stored)
    return True


def _claim_attempt(media_id: int, first_try_only: bool) -> _Attempt | None:
    """Take the row for one attempt (a lease, in its own commit) if it is pending and due: a job
    that comes before the next retry (the sweep's, a send's) does nothing."""
    with worker_runtime().db.session() as session:
        media = session.get(Media, media_id, with_for_update=ROW_LOCK)
        if media is None or media.status != MediaStatus.PENDING or (first_try_only and media.attempts):
            return None
        now = utcnow()
        if media.retry_at is not None and as_utc(media.retry_at) > now:
            return None
        # Counted when it starts, and said so on the row (the console shows it): an attempt that
        # kills the worker leaves this note behind, and the next one knows it never finished.
        never_finished = media.attempts > 0 and media.error == _under_way(media.attempts)
        media.attempts += 1
        media.retry_at, media.error = now + ATTEMPT_LEASE, _under_way(media.attempts)
        session.commit()
        return _Attempt(media.source_url, media.content_type, earlier_never_finished=never_finished)


def _under_way(attempt: int) -> str:
    return f"attempt {attempt} under way"


def first_attempt_under_way(media_id: int) -> bool:
    """Still pending, never failed, and another job holds the lease: it is fetching it right now."""
    with worker_runtime().db.session(read_only=True) as session:
        row = session.execute(select(Media.status, Media.first_failed_at, Media.retry_at)
                              .where(Media.id == media_id)).first()
    return (row is not None and row.status == MediaStatus.PENDING and row.first_failed_at is None
            and row.retry_at is not None and as_utc(row.retry_at) > utcnow())


def _settled(media_id: int) -> bool:
    with worker_runtime().db.session(read_only=True) as session:
        return session.scalar(select(Media.status).where(Media.id == media_id)) != MediaStatus.PENDING


def _describe(exc: requests.RequestException) -> str:
    if exc.response is not None:
        return f"HTTP {exc.response.status_code}"
    return f"{type(exc).__name__}: {exc}"[:300]


def _failed_attempt(media_id: int, error: str) -> bool:
    """Count a passing failure: retry after a growing pause, or give up once the first failure is
    ``media_retry`` old. True when given up."""
    runtime = worker_runtime()
    with runtime.db.session() as session:
        media, case = _lock(session, media_id)
        if media is None or media.status != MediaStatus.PENDING:
            return True
        now = utcnow()
        media.first_failed_at = as_utc(media.first_failed_at) or now
        give_up_at = media.first_failed_at + runtime.settings.media_retry
        if now >= give_up_at:
            jobs = _settle(session, media, case, MediaStatus.FAILED,
                           f"gave up after {media.attempts} attempts: {error}", "media_failed")
            session.commit()
            runtime.enqueue(jobs)
            return True
        pause = min(FIRST_RETRY * 2 ** (media.attempts - 1), LONGEST_RETRY)
        media.retry_at = min(now + pause, give_up_at)
        media.error = f"{error} (attempt {media.attempts}, retrying)"
        wait = media.retry_at - now
        session.commit()
    log.info("media %s: %s; retrying in %s", media_id, error, wait)
    try:  # RQ's scheduler (worker.py) runs it; if Redis loses it, the sweep enqueues it again
        runtime.queue.enqueue_in(wait, DOWNLOAD_JOB, media_id, job_timeout=DOWNLOAD_DEADLINE + 60,
                                 result_ttl=3600, failure_ttl=7 * 24 * 3600)
    except Exception:
        log.exception("could not schedule the next download of media %s; the sweep will", media_id)
    return False


def _lock(session, media_id: int) -> tuple[Media | None, Case | None]:
    """The case first, then the attachment: ``forward_case`` locks the case too, so a forward and
    an attachment settling beside it each see the other's outcome."""
    case_id = session.scalar(select(Media.case_id).where(Media.id == media_id))
    case = session.get(Case, case_id, with_for_update=ROW_LOCK) if case_id else None
    return session.get(Media, media_id, with_for_update=ROW_LOCK, populate_existing=True), case


def _finish(media_id: int, status: MediaStatus, error: str | None = None, text_key: str | None = None, *,
            stored: StoredFile | None = None, **values) -> None:
    runtime = worker_runtime()
    with runtime.db.session() as session:
        media, case = _lock(session, media_id)
        if media is None or media.status != MediaStatus.PENDING:
            return
        jobs = _settle(session, media, case, status, error, text_key, stored=stored, **values)
        session.commit()
    runtime.enqueue(jobs)


def _settle(session, media: Media, case: Case | None, status: MediaStatus, error: str | None,
            text_key: str | None, *, stored: StoredFile | None = None, **values) -> PendingJobs:
    """Stored, or unusable (the resident who sent it is told with ``text_key``); then what waited
    for it goes: the messages carrying it, or, for evidence of a case forwarded while it was still
    coming, a follow-up to the case's officials."""
    media.status, media.error, media.retry_at = status, error, None
    if stored is not None:
        media.path, media.size, media.sha256 = stored.path, stored.size, stored.sha256
    outbox = Outbox(session)
    sender = session.get(Resident, media.message.resident_id) if media.message.resident_id else None
    if text_key and sender is not None:
        outbox.to_resident(sender, t(text_key, sender.language, **values))
    carried = _release_carriers(session, media, outbox)
    jobs = outbox.flush()
    if not carried:  # evidence no message carries: its case's forward may have gone without it
        jobs.calls.extend(follow_up_evidence(session, case, media).calls)
    return jobs


def _release_carriers(session, media: Media, outbox: Outbox) -> bool:
    """Outbound messages carrying this attachment (relays) that waited for it go now, with it or,
    given up, with a note in its place. False when no message carries it."""
    carriers = list(session.scalars(select(Message).where(Message.direction == MessageDirection.OUTBOUND,
                                                          Message.media_id == media.id).with_for_update(**ROW_LOCK)))
    for message in carriers:
        if message.status in FINISHED_SENDING or message.status == MessageStatus.SENDING:
            continue
        if media.status != MediaStatus.STORED:
            resident = session.get(Resident, message.resident_id) if message.resident_id else None
            note = t("media_unavailable", resident.language) if resident else official_text("media_unavailable")
            message.body = f"{message.body}\n{note}"
        if message.status == MessageStatus.PENDING:
            outbox.jobs.add(SEND_JOB, message.id)
    return bool(carriers)
