"""News residents asked for: a number's consent to it (``langganan``), and the broadcasts admins send
to the subscribers of an area."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, created_at_column
from .budgeting import Round
from .directory import Area
from .people import AdminUser, Resident


class Subscription(Base):
    """A number's opt-in to news of its kelurahan and of the city's budget rounds: when, and the
    message that said so (WhatsApp requires an opt-in before marketing templates); ended by
    ``berhenti`` or ``berhenti langganan``, and renewed by a new ``langganan``."""

    __tablename__ = "subscriptions"
    __table_args__ = (Index("ix_subscriptions_area_id_ended_at", "area_id", "ended_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), unique=True)
    #: The kelurahan whose news the number gets (None: the city's news only).
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    consented_at: Mapped[datetime] = created_at_column()
    consent_message_id: Mapped[int | None] = mapped_column(ForeignKey("messages.id"))
    ended_at: Mapped[datetime | None]
    #: ``stop`` (berhenti: no more messages at all) or ``unsubscribe`` (the news only).
    ended_by: Mapped[str | None] = mapped_column(String(20))

    resident: Mapped[Resident] = relationship()
    area: Mapped[Area | None] = relationship()


class Broadcast(Base):
    """One piece of news to the subscribers of an area, sent by the worker at most
    ``TWILIO_SENDER_MPS`` messages a second, on a queue of its own."""

    __tablename__ = "broadcasts"

    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(Text)
    #: None: every subscriber; a kecamatan: its kelurahan's; a kelurahan: its own.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    #: A budget round's announcement: its message offers *Pilih*, which opens the ballot.
    round_id: Mapped[int | None] = mapped_column(ForeignKey("budget_rounds.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    created_at: Mapped[datetime] = created_at_column()
    #: The worker goes through the subscriptions in id order: the last one given its message.
    up_to_subscription_id: Mapped[int] = mapped_column(default=0)
    #: Messages made so far, and when the last subscriber had theirs.
    recipients: Mapped[int] = mapped_column(default=0)
    finished_at: Mapped[datetime | None]
    #: The worker's last pass: a broadcast unfinished and untouched for a while lost its job.
    touched_at: Mapped[datetime | None]

    area: Mapped[Area | None] = relationship()
    round: Mapped[Round | None] = relationship()
    created_by: Mapped[AdminUser | None] = relationship()
