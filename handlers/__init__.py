"""Decide what to say and do about one stored inbound message.

``process_inbound`` is the single entry point for the webhook, the worker's retry of an
unprocessed message, the tests and the local simulator alike.
"""
from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from models import (ROW_LOCK, Conversation, MediaStatus, Message, MessageDirection, MessageStatus, Official, Resident,
                    as_utc, utcnow)

from .catalog import t
from .context import HandlerConfig, Turn
from .official import OfficialTurn, handle_official
from .outbox import DOWNLOAD_JOB, INBOUND_JOB, Outbox, PendingJobs
from .resident import first_contact, handle_resident
from .whatsapp_templates import is_read_tap
from .window import release_waiting

__all__ = ["process_inbound", "handle_stored", "HandlerConfig"]

log = logging.getLogger(__name__)

#: A "passing" database error met this many times while handling one message is not passing: the
#: message is marked an error and the sender told, so that it stops holding up their later messages.
PASSING_ERROR_TRIES = 5


def process_inbound(session: Session, message_id: int, config: HandlerConfig | None = None) -> PendingJobs:
    """Handle the stored message ``message_id`` once, inside the caller's transaction.

    The sender's row is locked first, so one person's messages are handled one at a time and in
    the order they were stored: an earlier message still unhandled (a passing error, a spooled
    message) goes first. A message already handled (a re-delivery, a retried job) changes nothing.
    """
    config = config or HandlerConfig()
    outbox = Outbox(session)
    message = session.get(Message, message_id)
    official = (_lock_official(session, message.phone)
                if config.directory.may_be_official(session, message.phone) else None)
    if official is not None:
        for pending in _unhandled_up_to(session, message):
            _handle_official_message(session, pending, official, outbox, config)
    else:
        resident, conversation = _lock_resident(session, message)
        for pending in _unhandled_up_to(session, message):
            _handle_resident_message(session, pending, resident, conversation, outbox, config)
    return outbox.flush()


def _handle_official_message(session: Session, message: Message, official: Official, outbox: Outbox,
                             config: HandlerConfig) -> None:
    _claim(message)
    message.official_id = official.id
    turn = OfficialTurn(session, message, official, outbox, config)
    released = release_waiting(session, message.phone, outbox)
    if is_read_tap(message):
        _answer_read_tap(turn, released)
    else:
        handle_official(turn)
    _ignore_unused_media(message, outbox.jobs)


def _handle_resident_message(session: Session, message: Message, resident: Resident,
                             conversation: Conversation, outbox: Outbox, config: HandlerConfig) -> None:
    _claim(message)
    if message.profile_name:
        resident.profile_name = message.profile_name
    message.resident_id, message.conversation_id = resident.id, conversation.id
    # Judged as of when it came: a message kept in the spool through an outage is not older for it.
    came = min(utcnow(), as_utc(message.created_at))
    turn = Turn(session, message, resident, conversation, outbox, config, now=came)
    released = release_waiting(session, message.phone, outbox)
    if is_read_tap(message):
        _answer_read_tap(turn, released)
    elif conversation.state == "new":
        first_contact(turn)
    else:
        handle_resident(turn)
    _ignore_unused_media(message, outbox.jobs)


def _answer_read_tap(turn: Turn | OfficialTurn, released: int) -> None:
    """A tap on a template's *Baca* asks only for what waited, which writing has just released (every
    message opens the sender's 24-hour window); if nothing waited, say so."""
    turn.message.kind = "button"
    if not released:
        turn.say("nothing_held")


def _ignore_unused_media(message: Message, jobs: PendingJobs) -> None:
    """Attachments neither kept as evidence nor relayed (a photo in the menu, say) are never
    downloaded: the sender was told so, and we keep no copy of what we did not ask for."""
    if not message.media_count:
        return  # nothing attached: no need to load the (empty) list
    downloading = {args[0] for func_path, args in jobs.calls if func_path == DOWNLOAD_JOB}
    for media in message.media:
        if media.status == MediaStatus.PENDING and media.case_id is None and media.id not in downloading:
            media.status, media.error = MediaStatus.IGNORED, "not asked for"


def handle_stored(session: Session, message_id: int, config: HandlerConfig) -> PendingJobs:
    """``process_inbound`` in a savepoint of the caller's transaction, which then commits.

    A passing database error (a deadlock, a lock timeout) leaves the message unhandled, to be
    handled again by the worker (``jobs.inbound``); any other failure keeps its error on the message
    and tells the sender their message is saved. A dead connection is raised: the caller spools.
    """
    try:
        with session.begin_nested():
            return process_inbound(session, message_id, config)
    except OperationalError as exc:
        if exc.connection_invalidated:
            raise
        message = session.get(Message, message_id)
        message.attempts += 1
        if message.attempts >= PASSING_ERROR_TRIES:  # it does not pass: stop holding up the sender
            log.exception("handling message %s failed %d times", message_id, message.attempts)
            return _apologise(session, message_id, f"{type(exc).__name__} {message.attempts} times: {exc}")
        log.warning("handling message %s met a passing database error (try %d); it will be retried: %s",
                    message_id, message.attempts, exc.orig)
        message.error_message = f"try {message.attempts}: {type(exc).__name__}: {exc.orig}"[:2000]
        jobs = PendingJobs()
        jobs.add(INBOUND_JOB, message_id)
        return jobs
    except Exception as exc:
        log.exception("handling message %s failed", message_id)
        return _apologise(session, message_id, f"{type(exc).__name__}: {exc}")


def _apologise(session: Session, message_id: int, error: str) -> PendingJobs:
    """The handler failed: keep the error on the message and tell the sender it is saved."""
    outbox = Outbox(session)
    message = session.get(Message, message_id)
    # Every message handled with it is marked too: one that always fails must not stand before
    # the sender's later messages for ever.
    for failed in _unhandled_up_to(session, message):
        failed.status, failed.error_message, failed.processed_at = MessageStatus.ERROR, error[:2000], utcnow()
    release_waiting(session, message.phone, outbox)  # they wrote, whatever the handler made of it
    resident = session.scalars(select(Resident).where(Resident.phone == message.phone)).first()
    official = session.scalars(select(Official).where(Official.phone == message.phone)).first()
    if official is not None:
        outbox.to_official(official, t("internal_error"))
    elif resident is not None:
        outbox.to_resident(resident, t("internal_error", resident.language))
    return outbox.flush()


def _claim(message: Message) -> None:
    message.status, message.processed_at, message.error_message = MessageStatus.PROCESSED, utcnow(), None


def _unhandled_up_to(session: Session, message: Message) -> list[Message]:
    """The sender's stored messages nobody handled yet, up to and including ``message``, oldest
    first; read under the sender's lock, so that each is handled exactly once."""
    return list(session.scalars(
        select(Message).where(Message.phone == message.phone, Message.direction == MessageDirection.INBOUND,
                              Message.status == MessageStatus.RECEIVED, Message.id <= message.id)
        .order_by(Message.id)))


def _lock_official(session: Session, phone: str) -> Official | None:
    return session.scalars(
        select(Official).where(Official.phone == phone, Official.active).with_for_update(**ROW_LOCK)
    ).first()


def _lock_resident(session: Session, message: Message) -> tuple[Resident, Conversation]:
    """The sender as a resident and their conversation, read together under the conversation's
    lock; created on first contact (two first messages may race: the loser reads the winner's)."""
    query = (select(Resident, Conversation).join(Conversation, Conversation.resident_id == Resident.id)
             .where(Resident.phone == message.phone).with_for_update(of=Conversation, **ROW_LOCK)
             .execution_options(populate_existing=True))
    row = session.execute(query).first()
    if row is None:
        try:
            with session.begin_nested():
                resident = Resident(phone=message.phone, profile_name=message.profile_name)
                session.add(resident)
                session.flush()
                session.add(Conversation(resident_id=resident.id, state="new", draft={}, updated_at=utcnow()))
                session.flush()
        except IntegrityError:
            pass
        row = session.execute(query).one()
    set_committed_value(row.Resident, "conversation", row.Conversation)  # loaded: no second query
    return row.Resident, row.Conversation
