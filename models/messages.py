"""Every WhatsApp message in either direction, its delivery history, and the media it carried."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, created_at_column


class MessageStatus(StrEnum):
    """Where a message stands (``Message.status``). ``accepted`` to ``failed`` are Twilio's own
    values, as its status callbacks post them (their ``MessageStatus`` field); the others are the bot's.

    Inbound: ``received`` (stored before anything acts on it) → ``processed`` | ``error``.

    Outbound: ``pending`` → ``sending`` (a send job claimed it) → ``accepted`` | ``queued`` (Twilio
    took it) → ``sent`` → ``delivered`` → ``read``, or ``undelivered`` | ``failed``; a callback
    never moves a row back (``DELIVERY_RANK``). Or it waits, then goes back to ``pending``:
    ``held`` until the recipient writes (their 24-hour window is closed and no approved template
    carries it), ``waiting_template`` until WhatsApp approves its template. ``suppressed`` never goes.
    """

    RECEIVED = "received"
    PROCESSED = "processed"
    #: Handling it raised; ``error_message`` says what.
    ERROR = "error"
    PENDING = "pending"
    HELD = "held"
    WAITING_TEMPLATE = "waiting_template"
    SENDING = "sending"
    ACCEPTED = "accepted"
    QUEUED = "queued"
    SENT = "sent"
    DELIVERED = "delivered"
    READ = "read"
    UNDELIVERED = "undelivered"
    FAILED = "failed"
    #: Not sent, for good: the resident opted out, or the message no longer made sense.
    SUPPRESSED = "suppressed"


class MessageDirection(StrEnum):
    """``Message.direction``: written to the bot (by a resident or an official), or sent by it."""

    INBOUND = "in"
    OUTBOUND = "out"


class MediaStatus(StrEnum):
    """What became of an attachment (``Media.status``).

    ``pending`` (being downloaded) → ``stored`` | ``rejected`` (too large, odd type, not an image, a
    sticker) | ``failed`` (given up, not Twilio's).
    ``held``: sent outside a report, not downloaded unless the resident's next report takes it
    (then ``pending``). ``ignored``: neither evidence nor relayed, so never downloaded.
    """

    PENDING = "pending"
    HELD = "held"
    STORED = "stored"
    REJECTED = "rejected"
    FAILED = "failed"
    IGNORED = "ignored"


#: The outbound statuses in the order a message moves through them; a callback never moves one back.
DELIVERY_RANK: dict[MessageStatus, int] = {
    MessageStatus.PENDING: 0, MessageStatus.HELD: 0, MessageStatus.WAITING_TEMPLATE: 0,
    MessageStatus.SENDING: 1, MessageStatus.ACCEPTED: 2, MessageStatus.QUEUED: 2, MessageStatus.SENT: 3,
    MessageStatus.DELIVERED: 4, MessageStatus.READ: 5,
    MessageStatus.UNDELIVERED: 6, MessageStatus.FAILED: 6, MessageStatus.SUPPRESSED: 6,
}
#: Outbound states after which a send job has nothing left to do: Twilio took the message, or it
#: will never go.
FINISHED_SENDING: frozenset[MessageStatus] = frozenset(
    status for status, rank in DELIVERY_RANK.items() if rank >= DELIVERY_RANK[MessageStatus.ACCEPTED])


class Message(Base):
    """An inbound message (stored before anything acts on it) or an outbox row to send."""

    __tablename__ = "messages"
    __table_args__ = (
        Index("ix_messages_resident_created", "resident_id", "created_at"),
        Index("ix_messages_status_created", "direction", "status", "created_at"),
        # When each person last wrote: their 24-hour WhatsApp window (handlers/window.py).
        Index("ix_messages_phone_direction_created", "phone", "direction", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A :class:`MessageDirection`.
    direction: Mapped[str] = mapped_column(String(3))
    #: Twilio's MessageSid: unique, so a re-delivered webhook cannot be stored twice.
    sid: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: The other party's E.164 number (the sender of inbound, the recipient of outbound).
    phone: Mapped[str] = mapped_column(String(20), index=True)
    resident_id: Mapped[int | None] = mapped_column(ForeignKey("residents.id"))
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"), index=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversations.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    #: The broadcast an outbound row carries (its counts: sent, delivered, failed).
    broadcast_id: Mapped[int | None] = mapped_column(ForeignKey("broadcasts.id"), index=True)
    #: ``text``, ``location``, ``media``, ``forward``, ``relay``, ``bot`` …
    kind: Mapped[str] = mapped_column(String(20), default="text")
    body: Mapped[str] = mapped_column(Text, default="")
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    address: Mapped[str | None] = mapped_column(Text)
    place_label: Mapped[str | None] = mapped_column(String(300))
    #: OriginalRepliedMessageSid of a swipe-reply.
    replied_to_sid: Mapped[str | None] = mapped_column(String(64))
    profile_name: Mapped[str | None] = mapped_column(String(200))
    #: Inbound: Twilio's MessageType (``text``, ``image``, ``sticker``, ``interactive``, ``button`` …).
    message_type: Mapped[str | None] = mapped_column(String(20))
    #: Inbound: the id of the list row (ListId) or quick reply (ButtonPayload) tapped.
    tap_id: Mapped[str | None] = mapped_column(String(200))
    #: Inbound: how many attachments came (NumMedia); ``media`` holds those that could be stored.
    media_count: Mapped[int] = mapped_column(default=0, server_default="0")
    #: Outbound only: our stored evidence to attach (media id), sent as a signed link.
    media_id: Mapped[int | None] = mapped_column(ForeignKey("media.id", use_alter=True))
    #: Outside the recipient's 24-hour window this WhatsApp template purpose carries the message
    #: (``handlers/whatsapp_templates.py``), filled from ``template_values``; None: it waits (``held``).
    template: Mapped[str | None] = mapped_column(String(40))
    template_values: Mapped[dict | None] = mapped_column(JSON)
    #: Set when it went as a template: which Content, and the filled text the phone showed.
    content_sid: Mapped[str | None] = mapped_column(String(40))
    template_body: Mapped[str | None] = mapped_column(Text)
    #: Inside the window the text goes as a list picker or quick-reply buttons instead
    #: (``handlers/choices.py``): ``{"purpose": …, "values": {…}, "items": [[title, id, description], …]}``.
    #: The body stays the typed fallback, what older phones and the transcript show.
    choices: Mapped[dict | None] = mapped_column(JSON(none_as_null=True))
    #: This row re-sends, as a template, a free-form message WhatsApp refused outside the window
    #: (63016); unique, so it happens once.
    replaces_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), unique=True)
    #: This row holds the full text of a message whose template carried only part of it; it goes
    #: once the recipient writes. Unique: one remainder per message.
    rest_of_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"), unique=True)
    #: A :class:`MessageStatus`.
    status: Mapped[str] = mapped_column(String(20))
    error_code: Mapped[str | None] = mapped_column(String(20))
    error_message: Mapped[str | None] = mapped_column(Text)
    #: Outbound: tries to send. Inbound: tries to handle that met a passing database error.
    attempts: Mapped[int] = mapped_column(default=0)
    #: The webhook's form exactly as Twilio posted it (inbound only): kept for the record; what the
    #: handlers need of it is parsed into the columns above when it is stored (``bot/inbound.py``).
    raw: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = created_at_column()
    processed_at: Mapped[datetime | None]
    sent_at: Mapped[datetime | None]
    status_updated_at: Mapped[datetime | None]

    media: Mapped[list[Media]] = relationship(
        back_populates="message", foreign_keys="Media.message_id", order_by="Media.position"
    )


class DeliveryEvent(Base):
    """One status callback; unique per (sid, status) so re-posted callbacks change nothing."""

    __tablename__ = "delivery_events"
    __table_args__ = (
        UniqueConstraint("message_sid", "status", name="uq_delivery_events_sid_status"),
        # The sweep re-applies the last hour's callbacks (handlers.delivery.reconcile).
        Index("ix_delivery_events_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    message_sid: Mapped[str] = mapped_column(String(64))
    #: As Twilio posted it (lower-cased): a :class:`MessageStatus`, or one the bot has no use for.
    status: Mapped[str] = mapped_column(String(20))
    error_code: Mapped[str | None] = mapped_column(String(20))
    raw: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = created_at_column()


class Media(Base):
    """One attachment a resident sent; our own copy, so Twilio's may be deleted."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("messages.id"), index=True)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    #: The aspiration it illustrates, when it came with one instead of a report.
    aspiration_id: Mapped[int | None] = mapped_column(ForeignKey("aspirations.id"), index=True)
    #: MediaUrl{N}'s N.
    position: Mapped[int] = mapped_column(default=0)
    #: Where Twilio serves it (basic auth, redirects to its CDN).
    source_url: Mapped[str] = mapped_column(Text)
    content_type: Mapped[str] = mapped_column(String(120))
    #: A :class:`MediaStatus`.
    status: Mapped[str] = mapped_column(String(20), default=MediaStatus.PENDING)
    #: Downloads that failed for a passing reason (5xx, timeout); retried until MEDIA_RETRY_MINUTES
    #: after the first of them, then given up (``jobs/media.py``).
    attempts: Mapped[int] = mapped_column(default=0)
    first_failed_at: Mapped[datetime | None]
    #: No download before this time: the next retry, or the lease of an attempt under way. A job
    #: that comes earlier (the sweep's) leaves the row alone, so retries never pile up.
    retry_at: Mapped[datetime | None]
    size: Mapped[int | None]
    sha256: Mapped[str | None] = mapped_column(String(64))
    #: Relative to the instance's media directory.
    path: Mapped[str | None] = mapped_column(String(300))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    message: Mapped[Message] = relationship(back_populates="media", foreign_keys=[message_id])
