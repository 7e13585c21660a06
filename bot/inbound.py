"""Turn Twilio's inbound form into a stored Message (with its Media), exactly once per MessageSid."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from werkzeug.datastructures import MultiDict

from models import Media, Message

from .phones import to_e164

#: Twilio caps Body at 1,600 characters; anything longer is not from Twilio and is cut.
MAX_STORED_BODY = 10_000


class BadPayload(ValueError):
    """The form lacks what every Twilio message has (MessageSid, From)."""


def _float(form: MultiDict, name: str) -> float | None:
    try:
        return float(form[name]) if form.get(name) else None
    except ValueError:
        return None


def _media_count(form: MultiDict) -> int:
    try:
        return max(0, min(int(form.get("NumMedia") or 0), 10))
    except ValueError:
        return 0


def parse_inbound(form: MultiDict) -> Message:
    """A Message row for the posted form; parses defensively, since Twilio adds fields freely."""
    sid = form.get("MessageSid") or form.get("SmsMessageSid")
    if not sid or not form.get("From"):
        raise BadPayload("MessageSid and From are required")
    try:
        phone = to_e164(form["From"])
    except ValueError as exc:
        raise BadPayload(str(exc)) from exc
    latitude, longitude = _float(form, "Latitude"), _float(form, "Longitude")
    message = Message(
        direction="in", sid=sid, phone=phone, status="received",
        body=(form.get("Body") or form.get("ButtonText") or "")[:MAX_STORED_BODY],
        kind="location" if latitude is not None else ("media" if _media_count(form) else "text"),
        latitude=latitude, longitude=longitude,
        address=form.get("Address") or None, place_label=form.get("Label") or None,
        replied_to_sid=form.get("OriginalRepliedMessageSid") or None,
        profile_name=(form.get("ProfileName") or None),
        raw=form.to_dict(flat=True),
    )
    for position in range(_media_count(form)):
        url = form.get(f"MediaUrl{position}")
        if url:
            message.media.append(Media(position=position, source_url=url,
                                       content_type=form.get(f"MediaContentType{position}") or
                                       "application/octet-stream"))
    return message


def store_inbound(session: Session, form: MultiDict) -> Message:
    """Store the message and commit, before anything acts on it. A re-delivery returns the row
    stored the first time."""
    message = parse_inbound(form)
    existing = session.scalars(select(Message).where(Message.sid == message.sid)).first()
    if existing is not None:
        return existing
    session.add(message)
    try:
        session.commit()
    except IntegrityError:  # the same MessageSid, posted concurrently
        session.rollback()
        return session.scalars(select(Message).where(Message.sid == message.sid)).one()
    return message
