"""Residents who write to the bot, their conversation with it, and console accounts."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, created_at_column, utcnow


class Resident(Base):
    __tablename__ = "residents"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: E.164. Never shown to officials: they reach residents only through the bot.
    phone: Mapped[str] = mapped_column(String(20), unique=True)
    #: WhatsApp's ProfileName, as the resident set it: a label, not an identity.
    profile_name: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str] = mapped_column(String(2), default="id")
    #: Set by ``berhenti``/``stop``: the bot sends nothing until ``mulai``/``start``.
    opted_out: Mapped[bool] = mapped_column(default=False)
    #: The kelurahan the resident named when asked where they live (browsing ideas, ``usulan``),
    #: for when none of their reports or aspirations says it.
    home_area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    created_at: Mapped[datetime] = created_at_column()
    conversation: Mapped[Conversation] = relationship(back_populates="resident", uselist=False)


class Conversation(Base):
    """The resident's place in the dialogue; its row is the lock that serialises their messages."""

    __tablename__ = "conversations"

    id: Mapped[int] = mapped_column(primary_key=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), unique=True)
    state: Mapped[str] = mapped_column(String(30))
    #: The report being written: category, description, location, evidence media ids.
    draft: Mapped[dict] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    resident: Mapped[Resident] = relationship(back_populates="conversation")


class AdminUser(Base):
    __tablename__ = "admin_users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    #: ``admin`` sees everything; ``staff`` only its department's cases.
    role: Mapped[str] = mapped_column(String(10), default="staff")
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    language: Mapped[str] = mapped_column(String(2), default="id")
    #: Raised by signing out and by a new password: every session signed in before no longer counts.
    session_epoch: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[datetime] = created_at_column()
