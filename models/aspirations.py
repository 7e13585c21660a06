"""Residents' aspirations (ideas for the city, not complaints), the themes they are filed under,
and what happens to them: moderated before anyone else sees them, then public."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, created_at_column
from .directory import Area, Department, Official
from .people import AdminUser, Resident

#: A theme's defaults when the directory file leaves them out.
DEFAULT_SUPPORT_THRESHOLD = 50
DEFAULT_ANSWER_DAYS = 10


class Theme(Base):
    """What an aspiration is about (``themes:`` in the directory file), and the office that answers it."""

    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    #: None: the directory's default department.
    department_id: Mapped[int | None] = mapped_column(ForeignKey("departments.id"))
    #: Supports at which a published aspiration goes to its office like a case.
    support_threshold: Mapped[int] = mapped_column(default=DEFAULT_SUPPORT_THRESHOLD)
    #: Working days the office has to answer it then.
    answer_days: Mapped[int] = mapped_column(default=DEFAULT_ANSWER_DAYS)
    #: Order in the list residents see (the directory file's order).
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)
    department: Mapped[Department | None] = relationship()

    def label(self, language: str) -> str:
        return (self.name_en or self.name) if language == "en" else self.name


class AspirationStatus(StrEnum):
    """``pending`` (waiting for the answering office's staff or an admin) → ``published`` (public,
    open to supports) or ``declined`` (with a reason the author is told). A published one whose
    supports reach its theme's threshold is ``forwarded`` to the office, which answers it
    ``in_discussion`` (and later one of the two others), ``accepted`` into a plan or ``turned_down``
    with a reason; the author and every supporter hear each answer."""

    PENDING = "pending"
    PUBLISHED = "published"
    DECLINED = "declined"
    FORWARDED = "forwarded"
    IN_DISCUSSION = "in_discussion"
    ACCEPTED = "accepted"
    TURNED_DOWN = "turned_down"


class Aspiration(Base):
    __tablename__ = "aspirations"
    __table_args__ = (
        # The console's queue: one status, newest first.
        Index("ix_aspirations_status_id", "status", "id"),
        # How many a number filed today (ASPIRATIONS_PER_DAY).
        Index("ix_aspirations_resident_id_created_at", "resident_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``ASP-00012``; set right after the insert, from the id.
    ref: Mapped[str | None] = mapped_column(String(30), unique=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"))
    theme_id: Mapped[int] = mapped_column(ForeignKey("themes.id"))
    #: The office that moderates and answers it: the theme's department.
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    #: Title and idea as staff and the public read them: phone numbers, e-mail addresses and NIK
    #: masked (``handlers/aspirations.py``). What the resident typed stays in their transcript only.
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    #: How many pieces of personal data were masked, for the moderator's attention.
    masked_count: Mapped[int] = mapped_column(default=0)
    #: A pin, a kelurahan (``area_id``), or the whole city (``city_wide``).
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    address: Mapped[str | None] = mapped_column(Text)
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    city_wide: Mapped[bool] = mapped_column(default=False)
    #: An :class:`AspirationStatus`.
    status: Mapped[str] = mapped_column(String(20), default=AspirationStatus.PENDING)
    #: Why it was declined, as the author was told.
    moderation_note: Mapped[str | None] = mapped_column(Text)
    moderated_by_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    moderated_at: Mapped[datetime | None]
    #: How many numbers support it: the rows of ``aspiration_supports``, kept here by the same
    #: transaction that adds or removes one, so that lists sort by it without counting.
    support_count: Mapped[int] = mapped_column(default=0, server_default="0")
    #: When its supports reached the threshold and it went to the office, and by when (working
    #: days, the theme's ``answer_days``) the office must answer; when it first did, and what it said last.
    forwarded_at: Mapped[datetime | None]
    answer_due_at: Mapped[datetime | None]
    answered_at: Mapped[datetime | None]
    answer_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = created_at_column()

    resident: Mapped[Resident] = relationship()
    theme: Mapped[Theme] = relationship()
    department: Mapped[Department] = relationship()
    area: Mapped[Area | None] = relationship()
    moderated_by: Mapped[AdminUser | None] = relationship()
    events: Mapped[list[AspirationEvent]] = relationship(back_populates="aspiration",
                                                         order_by="AspirationEvent.id")


class AspirationEvent(Base):
    """One line of an aspiration's timeline: filed, published, declined, …"""

    __tablename__ = "aspiration_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    aspiration_id: Mapped[int] = mapped_column(ForeignKey("aspirations.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    #: ``resident``, ``admin``, ``official`` or ``system``.
    actor: Mapped[str] = mapped_column(String(10))
    admin_user_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    #: The official who answered from WhatsApp (``/selesai ASP-00012 …``).
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"))
    #: A forum's outcome: the kelurahan or kecamatan whose forum it was.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"))
    note: Mapped[str | None] = mapped_column(Text)
    #: An answer or a forum's outcome is told to every supporter in batches by the worker
    #: (``jobs/aspirations.py``): the last support told so far (0: none yet), and when all were.
    told_up_to_support_id: Mapped[int | None]
    told_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_at_column()
    aspiration: Mapped[Aspiration] = relationship(back_populates="events")
    admin_user: Mapped[AdminUser | None] = relationship()
    official: Mapped[Official | None] = relationship()
    area: Mapped[Area | None] = relationship()


class Support(Base):
    """One number's support of one aspiration: the unique constraint, not a check in Python, is what
    keeps a repeated or simultaneous ``dukung`` from counting twice."""

    __tablename__ = "aspiration_supports"
    __table_args__ = (UniqueConstraint("aspiration_id", "resident_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    aspiration_id: Mapped[int] = mapped_column(ForeignKey("aspirations.id"))
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    created_at: Mapped[datetime] = created_at_column()
