"""Turn Twilio's inbound form into a stored Message (with its Media), exactly once per MessageSid."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from handlers import HandlerConfig, handle_stored
from handlers.delivery import record_delivery
from handlers.outbox import PendingJobs
from models import Media, Message, MessageDirection, MessageStatus

from .phones import to_e164

#: Twilio caps Body at 1,600 characters; anything longer is not from Twilio and is cut.
MAX_STORED_BODY = 10_000
#: The columns' lengths (models/messages.py): longer values are cut, or dropped where a cut one lies.
SID_LENGTH, LABEL_LENGTH, PROFILE_NAME_LENGTH, CONTENT_TYPE_LENGTH = 64, 300, 200, 120
MESSAGE_TYPE_LENGTH, TAP_ID_LENGTH = 20, 200


class BadPayload(ValueError):
    """The form lacks what every Twilio message has (MessageSid, From)."""


def _text(form: MultiDict, name: str, limit: int | None = None) -> str:
    """A field as text we can store: without NUL (PostgreSQL refuses it), cut to its column."""
    return (form.get(name) or "").replace("\x00", "")[:limit]


def _float(form: MultiDict, name: str, bound: float) -> float | None:
    """A finite number within ±``bound``; NaN, infinities and the impossible are no number."""
    try:
        value = float(form[name]) if form.get(name) else None
    except ValueError:
        return None
    return value if value is not None and -bound <= value <= bound else None


def _coordinates(form: MultiDict) -> tuple[float | None, float | None]:
    """A location pin needs both halves; half a pin is no pin."""
    latitude, longitude = _float(form, "Latitude", 90), _float(form, "Longitude", 180)
    return (latitude, longitude) if latitude is not None and longitude is not None else (None, None)


def _media_count(form: MultiDict) -> int:
    try:
        return max(0, min(int(form.get("NumMedia") or 0), 10))
    except ValueError:
        return 0


def _sid(form: MultiDict, *names: str) -> str | None:
    """The first of ``names`` that looks like a Twilio SID (which fits its 64-character column)."""
    for name in names:
        value = _text(form, name).strip()
        if value:
            return value if len(value) <= SID_LENGTH else None
    return None


def _raw(form: MultiDict) -> dict:
    """The form as posted, as JSON PostgreSQL accepts (no NUL in keys or values)."""
    return {key.replace("\x00", ""): value.replace("\x00", "") for key, value in form.to_dict(flat=True).items()}


def parse_inbound(form: MultiDict) -> Message:
    """A Message row for the posted form; parses defensively, since Twilio adds fields freely.
    What cannot be stored as posted is cut to its column or dropped, never a database error."""
    sid = _sid(form, "MessageSid", "SmsMessageSid")
    if not sid or not form.get("From"):
        raise BadPayload("MessageSid (at most 64 characters) and From are required")
    try:
        phone = to_e164(_text(form, "From"))
    except ValueError as exc:
        raise BadPayload(str(exc)) from exc
    latitude, longitude = _coordinates(form)
    message = Message(
        direction=MessageDirection.INBOUND, sid=sid, phone=phone, status=MessageStatus.RECEIVED,
        body=(_text(form, "Body") or _text(form, "ButtonText"))[:MAX_STORED_BODY],
        kind="location" if latitude is not None else ("media" if _media_count(form) else "text"),
        latitude=latitude, longitude=longitude,
        address=_text(form, "Address", MAX_STORED_BODY) or None,
        place_label=_text(form, "Label", LABEL_LENGTH) or None,
        replied_to_sid=_sid(form, "OriginalRepliedMessageSid"),
        profile_name=_text(form, "ProfileName", PROFILE_NAME_LENGTH) or None,
        message_type=_text(form, "MessageType", MESSAGE_TYPE_LENGTH).strip() or None,
        tap_id=(_text(form, "ListId") or _text(form, "ButtonPayload")).strip()[:TAP_ID_LENGTH] or None,
        media_count=_media_count(form),
        raw=_raw(form),
    )
    for position in range(_media_count(form)):
        url = _text(form, f"MediaUrl{position}").strip()
        if url:
            content_type = _text(form, f"MediaContentType{position}").strip()
            message.media.append(Media(position=position, source_url=url, content_type=(
                content_type if 0 < len(content_type) <= CONTENT_TYPE_LENGTH else "application/octet-stream")))
    return message


def store_inbound(session: Session, form: MultiDict, received_at: datetime | None = None) -> Message:
    """Add the message to the session's transaction, flushed but not committed: what the handler
    decides commits with it. A re-delivery returns the row stored the first time. ``received_at``:
    when it came, for a message kept in the spool meanwhile (its 24-hour window, its place in the
    transcript and its draft's age count from then)."""
    message = parse_inbound(form)
    if received_at is not None:
        message.created_at = received_at
    message.media  # noqa: B018  loaded now (empty or not), so the handler never queries for it
    session.add(message)
    try:
        session.flush()
    except IntegrityError:  # a re-delivery (MessageSid is unique); nothing else is in this transaction
        session.rollback()
        existing = session.scalars(select(Message).where(Message.sid == message.sid)).first()
        if existing is None:
            raise
        return existing
    return message


def receive_inbound(session: Session, form: MultiDict, config: HandlerConfig,
                    received_at: datetime | None = None) -> PendingJobs:
    """Store the message and handle it, in one transaction; the jobs to enqueue once it is committed.

    The webhook and the spool's drain (``bot/spool_drain.py``) both come here."""
    message = store_inbound(session, form, received_at)
    jobs = handle_stored(session, message.id, config) if message.status == MessageStatus.RECEIVED else PendingJobs()
    session.commit()
    return jobs


def receive_status(session: Session, form: MultiDict) -> PendingJobs:
    """A delivery status callback, recorded in one transaction; the jobs it decided (a refused
    message's stand-in). Nothing for a post without a MessageSid or a status."""
    sid, status = form.get("MessageSid"), form.get("MessageStatus")
    if not (sid and status):
        return PendingJobs()
    jobs = record_delivery(session, sid, status, form.get("ErrorCode") or None, form.to_dict(flat=True))
    session.commit()
    return jobs or PendingJobs()
