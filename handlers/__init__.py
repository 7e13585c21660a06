"""Decide what to say and do about one stored inbound message.

``process_inbound`` is the single entry point for the webhook, the worker's retry of an
unprocessed message, the tests and the local simulator alike.
"""
from __future__ import annotations

import logging

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import Conversation, Message, Official, Resident, utcnow

from .catalog import t
from .context import HandlerConfig, Turn
from .official import OfficialTurn, handle_official
from .outbox import DOWNLOAD_JOB, Outbox, PendingJobs
from .resident import first_contact, handle_resident
from .whatsapp_templates import is_read_tap
from .window import release_waiting

__all__ = ["process_inbound", "handle_or_apologise", "HandlerConfig"]

log = logging.getLogger(__name__)


def process_inbound(session: Session, message_id: int, config: HandlerConfig | None = None) -> PendingJobs:
    """Handle the stored message ``message_id`` once, inside the caller's transaction.

    The sender's row is locked first, so one person's messages are handled one at a time; a
    message already handled (a re-delivery, a retried job) changes nothing.
    """
    config = config or HandlerConfig()
    outbox = Outbox(session)
    message = session.get(Message, message_id)
    official = _lock_official(session, message.phone)
    if official is not None:
        if _claim(session, message):
            message.official_id = official.id
            turn = OfficialTurn(session, message, official, outbox, config)
            released = release_waiting(session, message.phone, outbox)
            if is_read_tap(message):
                _answer_read_tap(turn, released)
            else:
                handle_official(turn)
    else:
        resident = _resident_for(session, message)
        conversation = _lock_conversation(session, resident)
        session.refresh(resident)  # read under the lock: a 'stop' just handled must count
        if _claim(session, message):
            message.resident_id, message.conversation_id = resident.id, conversation.id
            turn = Turn(session, message, resident, conversation, outbox, config)
            released = release_waiting(session, message.phone, outbox)
            if is_read_tap(message):
                _answer_read_tap(turn, released)
            elif conversation.state == "new":
                first_contact(turn)
            else:
                handle_resident(turn)
    _ignore_unused_media(message, outbox.jobs)
    return outbox.flush()


def _answer_read_tap(turn: Turn | OfficialTurn, released: int) -> None:
    """A tap on a template's *Baca* asks only for what waited, which writing has just released (every
    message opens the sender's 24-hour window); if nothing waited, say so."""
    turn.message.kind = "button"
    if not released:
        turn.say("nothing_held")


def _ignore_unused_media(message: Message, jobs: PendingJobs) -> None:
    """Attachments neither kept as evidence nor relayed (a photo in the menu, say) are never
    downloaded: the sender was told so, and we keep no copy of what we did not ask for."""
    downloading = {args[0] for func_path, args in jobs.calls if func_path == DOWNLOAD_JOB}
    for media in message.media:
        if media.status == "pending" and media.case_id is None and media.id not in downloading:
            media.status, media.error = "ignored", "not asked for"


def handle_or_apologise(session: Session, message_id: int, config: HandlerConfig) -> PendingJobs:
    """``process_inbound`` and commit; if the handler fails, keep its error on the message, tell
    the sender their message is saved, and commit that instead."""
    try:
        jobs = process_inbound(session, message_id, config)
        session.commit()
        return jobs
    except Exception as exc:
        session.rollback()
        log.exception("handling message %s failed", message_id)
        jobs = _apologise(session, message_id, f"{type(exc).__name__}: {exc}")
        session.commit()
        return jobs


def _apologise(session: Session, message_id: int, error: str) -> PendingJobs:
    """The handler failed: keep the error on the message and tell the sender it is saved."""
    outbox = Outbox(session)
    message = session.get(Message, message_id)
    message.status, message.error_message, message.processed_at = "error", error[:2000], utcnow()
    release_waiting(session, message.phone, outbox)  # they wrote, whatever the handler made of it
    resident = session.scalars(select(Resident).where(Resident.phone == message.phone)).first()
    official = session.scalars(select(Official).where(Official.phone == message.phone)).first()
    if official is not None:
        outbox.to_official(official, t("internal_error"))
    elif resident is not None:
        outbox.to_resident(resident, t("internal_error", resident.language))
    return outbox.flush()


def _claim(session: Session, message: Message) -> bool:
    """True if nobody handled this message yet (checked under the sender's lock)."""
    session.refresh(message)
    if message.status != "received":
        return False
    message.status, message.processed_at = "processed", utcnow()
    return True


def _lock_official(session: Session, phone: str) -> Official | None:
    return session.scalars(
        select(Official).where(Official.phone == phone, Official.active).with_for_update()
    ).first()


def _resident_for(session: Session, message: Message) -> Resident:
    """The sender as a resident, created on first contact (two first messages may race)."""
    query = select(Resident).where(Resident.phone == message.phone)
    resident = session.scalars(query).first()
    if resident is None:
        try:
            with session.begin_nested():
                resident = Resident(phone=message.phone, profile_name=message.profile_name)
                session.add(resident)
                session.flush()
                session.add(Conversation(resident_id=resident.id, state="new", draft={},
                                         updated_at=utcnow()))
        except IntegrityError:
            resident = session.scalars(query).one()
    if message.profile_name:
        resident.profile_name = message.profile_name
    return resident


def _lock_conversation(session: Session, resident: Resident) -> Conversation:
    return session.scalars(
        select(Conversation).where(Conversation.resident_id == resident.id)
        .with_for_update().execution_options(populate_existing=True)
    ).one()
