"""Twilio's status callbacks: delivery status that only ever moves forward."""
from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import ROW_LOCK, DELIVERY_RANK, DeliveryEvent, Message, MessageDirection, MessageStatus, utcnow

from .outbox import LATE_CALLBACK_JOB, SEND_JOB, Outbox, PendingJobs, copy_of

#: What the codes WhatsApp reports through Twilio mean, in words for the console
#: (twilio.com/docs/api/errors/NNNNN).
ERROR_MEANINGS = {
    "63016": "outside the 24-hour window: only an approved template may be sent",
    "63024": "this number cannot receive WhatsApp messages (not a valid WhatsApp recipient)",
    "63003": "this number cannot receive WhatsApp messages (WhatsApp could not find it)",
    "63018": "WhatsApp's rate limit for this sender was exceeded",
    "63019": "WhatsApp could not download the attached file",
    "63021": "WhatsApp refused the attachment (type or size)",
    "63028": "the template's variables do not match what WhatsApp approved",
    "63032": "WhatsApp will not deliver to this user (a WhatsApp limitation)",
    "63049": "Meta chose not to deliver this message",
    "21211": "invalid phone number",
    "21610": "the recipient opted out (STOP) and must opt in again",
    "21614": "not a mobile number",
    "30008": "unknown error at the carrier",
}
#: Refusals that say the number itself cannot be reached: retrying will not help; people must act.
UNREACHABLE_CODES = {"63024", "63003", "21211", "21610", "21614", "63032"}
WINDOW_CLOSED = "63016"
#: Twilio's word that a message did not reach its recipient.
NOT_DELIVERED = (MessageStatus.FAILED, MessageStatus.UNDELIVERED)


#: How many of a number's latest messages must all have failed for it to count as failing.
FAILING_AFTER = 3


def keeps_failing(latest: list[tuple[str, str | None]]) -> bool:
    """Whether a number's latest finished messages, newest first as (status, error code), say it
    cannot be reached: the newest refused for good, or the last few all failed. A 63016 is not the
    number's fault (the bot resends as a template), so it never counts."""
    outcomes = [(status, code) for status, code in latest if code != WINDOW_CLOSED]
    if not outcomes:
        return False
    newest_status, newest_code = outcomes[0]
    if newest_status in NOT_DELIVERED and newest_code in UNREACHABLE_CODES:
        return True
    recent = outcomes[:FAILING_AFTER]
    return len(recent) == FAILING_AFTER and all(status in NOT_DELIVERED for status, _ in recent)


def error_meaning(code: str | None) -> str | None:
    if not code:
        return None
    return ERROR_MEANINGS.get(code, f"Twilio error {code} (see twilio.com/docs/api/errors/{code})")


def record_delivery(session: Session, sid: str, status: str, error_code: str | None,
                    raw: dict) -> PendingJobs | None:
    """Keep the callback and move the message's status forward; None for a duplicate. The jobs
    returned send a template in place of a free-form message that met a closed window."""
    status = status.lower()
    if not _kept_once(session, sid, status, error_code, raw):
        return None
    if error_code is None and status in DELIVERY_RANK:
        # Progress without an error (sent, delivered, read: nearly every callback) only moves the
        # status forward: one UPDATE, no message loaded.
        behind = [earlier for earlier, rank in DELIVERY_RANK.items() if rank < DELIVERY_RANK[status]]
        rows = Message.__table__.c
        session.execute(update(Message.__table__).where(rows.sid == sid, rows.status.in_(behind))
                        .values(status=MessageStatus(status), status_updated_at=utcnow()))
        return PendingJobs()
    outbox = Outbox(session)
    message = session.scalars(
        select(Message).where(Message.sid == sid).with_for_update(**ROW_LOCK)
    ).first()
    if message is not None:
        advance(message, status, error_code)
        replace_refused_by_window(session, message, outbox)
    else:
        # Twilio was quicker than the worker's storing of the SID, and each transaction may miss
        # the other's: a job looks again once both are committed (the sweep's reconcile, later still).
        outbox.jobs.add(LATE_CALLBACK_JOB, sid)
    return outbox.flush()


def _kept_once(session: Session, sid: str, status: str, error_code: str | None, raw: dict) -> bool:
    """Store the callback; False if this (sid, status) was stored before. One statement, where a
    savepoint around an insert that may fail took three on every callback."""
    insert = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}.get(session.get_bind().dialect.name)
    if insert is None:  # another database: the portable way
        try:
            with session.begin_nested():
                session.add(DeliveryEvent(message_sid=sid, status=status, error_code=error_code, raw=raw))
            return True
        except IntegrityError:
            return False
    stored = session.execute(
        insert(DeliveryEvent).values(message_sid=sid, status=status, error_code=error_code, raw=raw,
                                     created_at=utcnow())
        .on_conflict_do_nothing(index_elements=["message_sid", "status"]).returning(DeliveryEvent.id))
    return stored.first() is not None


def replace_refused_by_window(session: Session, message: Message, outbox: Outbox) -> None:
    """A free-form message (or list picker, or buttons) WhatsApp refused because the window had
    closed (63016: it closed while the message was in flight, or the bot's idea of it was wrong)
    goes again as its template, once, or waits for the person's next message."""
    if (message.error_code != WINDOW_CLOSED or message.status not in NOT_DELIVERED
            or (message.content_sid is not None and not message.choices)
            or message.direction != MessageDirection.OUTBOUND):
        return
    if session.scalar(select(Message.id).where(Message.replaces_id == message.id)) is not None:
        return
    stand_in = copy_of(message, template=message.template, template_values=message.template_values,
                       status=MessageStatus.PENDING, replaces_id=message.id)
    try:
        with session.begin_nested():
            session.add(stand_in)
            session.flush()
    except IntegrityError:  # the same refusal, reported twice at once (failed and undelivered)
        return
    outbox.jobs.add(SEND_JOB, stand_in.id)


def apply_early_callbacks(session: Session, message: Message) -> None:
    """Callbacks that arrived before the worker stored the SID Twilio gave (Twilio can be that
    quick) were kept without a message to move; apply them now."""
    for event in session.scalars(select(DeliveryEvent).where(DeliveryEvent.message_sid == message.sid)):
        advance(message, event.status, event.error_code)


def reconcile(session: Session, since) -> PendingJobs:
    """Apply callbacks kept since ``since`` to their messages once more. A callback that raced the
    worker's storing of the SID (each in its own transaction, neither seeing the other) would
    otherwise leave the message's status behind for good."""
    rows = session.execute(
        select(Message, DeliveryEvent).join(DeliveryEvent, DeliveryEvent.message_sid == Message.sid)
        .where(DeliveryEvent.created_at >= since).with_for_update(of=Message, **ROW_LOCK))
    outbox = Outbox(session)
    for message, event in rows:
        advance(message, event.status, event.error_code)
        replace_refused_by_window(session, message, outbox)
    return outbox.flush()


def advance(message: Message, status: str, error_code: str | None) -> None:
    """Move the delivery status forward, never back; keep what an error code means."""
    if DELIVERY_RANK.get(status, -1) > DELIVERY_RANK.get(message.status, -1):
        message.status, message.status_updated_at = MessageStatus(status), utcnow()
        if error_code:
            message.error_code = error_code
            message.error_message = error_meaning(error_code)
