"""Twilio's status callbacks: delivery status that only ever moves forward."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import DELIVERY_RANK, DeliveryEvent, Message, utcnow

#: What the codes WhatsApp reports through Twilio mean, for the console.
ERROR_MEANINGS = {
    "63016": "outside the 24-hour window: only a template may be sent",
    "63024": "not a WhatsApp user",
    "63003": "not reachable on WhatsApp",
    "63049": "Meta chose not to deliver this message",
    "21211": "invalid number",
    "21610": "recipient opted out",
    "30008": "unknown error",
}


def record_delivery(session: Session, sid: str, status: str, error_code: str | None,
                    raw: dict) -> bool:
    """Keep the callback and move the message's status forward. False for a duplicate."""
    status = status.lower()
    try:
        with session.begin_nested():
            session.add(DeliveryEvent(message_sid=sid, status=status, error_code=error_code, raw=raw))
    except IntegrityError:
        return False
    message = session.scalars(
        select(Message).where(Message.sid == sid).with_for_update()
    ).first()
    if message is not None:
        advance(message, status, error_code)
    return True


def apply_early_callbacks(session: Session, message: Message) -> None:
    """Callbacks that arrived before the worker stored the SID Twilio gave (Twilio can be that
    quick) were kept without a message to move; apply them now."""
    for event in session.scalars(select(DeliveryEvent).where(DeliveryEvent.message_sid == message.sid)):
        advance(message, event.status, event.error_code)


def reconcile(session: Session, since) -> None:
    """Apply callbacks kept since ``since`` to their messages once more. A callback that raced the
    worker's storing of the SID (each in its own transaction, neither seeing the other) would
    otherwise leave the message's status behind for good."""
    rows = session.execute(
        select(Message, DeliveryEvent).join(DeliveryEvent, DeliveryEvent.message_sid == Message.sid)
        .where(DeliveryEvent.created_at >= since).with_for_update(of=Message))
    for message, event in rows:
        advance(message, event.status, event.error_code)


def advance(message: Message, status: str, error_code: str | None) -> None:
    """Move the delivery status forward, never back; keep what an error code means."""
    if DELIVERY_RANK.get(status, -1) > DELIVERY_RANK.get(message.status, -1):
        message.status, message.status_updated_at = status, utcnow()
        if error_code:
            message.error_code = error_code
            message.error_message = ERROR_MEANINGS.get(error_code, "see Twilio's error code")
