"""Cases residents file, and the timeline of everything that happens to them."""
from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, created_at_column
from .directory import Area, Category, Department, Official
from .people import AdminUser, Resident


class CaseStatus(StrEnum):
    """Where a case stands (``Case.status``, and a ``CaseEvent``'s ``from_status``/``to_status``).

    ``open`` → ``in_progress`` → ``resolved`` → ``closed`` (or back to ``open``: "belum"), or
    ``declined``. Officials and admins move it (``handlers/official.py``, ``handlers/admin.py``);
    the resident closes a resolved case (it is fixed) or reopens it (it is not), and a week without
    their answer closes it (``handlers/fixed.py``).
    """

    OPEN = "open"
    IN_PROGRESS = "in_progress"
    #: The office says it is done, and the resident is asked whether it is really fixed.
    RESOLVED = "resolved"
    #: The resident said so, or did not answer within a week (``Case.confirmation`` says which).
    CLOSED = "closed"
    DECLINED = "declined"


class CaseConfirmation(StrEnum):
    """How a closed case's resident settled "is it fixed?" (``Case.confirmation``); None until then,
    and again once the case is reopened."""

    #: The resident said yes.
    CONFIRMED = "confirmed"
    #: No answer within a week.
    UNCONFIRMED = "unconfirmed"


OPEN_STATUSES = (CaseStatus.OPEN, CaseStatus.IN_PROGRESS)
CLOSED_STATUSES = (CaseStatus.RESOLVED, CaseStatus.CLOSED, CaseStatus.DECLINED)


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        Index("ix_cases_status_created_at", "status", "created_at"),
        # The console's list: one status, newest first (migration 0002 also adds a trigram index
        # on description on PostgreSQL, which lives outside this metadata).
        Index("ix_cases_status_id", "status", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: ``LPR-00042``; set right after the insert, from the id.
    ref: Mapped[str | None] = mapped_column(String(30), unique=True)
    resident_id: Mapped[int] = mapped_column(ForeignKey("residents.id"), index=True)
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"))
    department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    #: Typed by the resident, or the address WhatsApp attached to the pin.
    address: Mapped[str | None] = mapped_column(Text)
    #: The name of the place the resident picked on the map, if any.
    place_label: Mapped[str | None] = mapped_column(String(300))
    #: The kelurahan (else kecamatan) the pin or the address was placed in; None if neither was.
    area_id: Mapped[int | None] = mapped_column(ForeignKey("areas.id"), index=True)
    #: A :class:`CaseStatus`.
    status: Mapped[str] = mapped_column(String(20), default=CaseStatus.OPEN)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = created_at_column()
    #: When the worker handed the case to the department's officials.
    forwarded_at: Mapped[datetime | None]
    #: When an official first answered; the console measures responsiveness with it.
    first_answer_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    #: Deadlines in working days from filing (handlers/deadlines.py), in UTC.
    first_answer_due_at: Mapped[datetime | None]
    resolve_due_at: Mapped[datetime | None]
    #: When a late case was taken to the mayor's office (handlers/escalation.py).
    escalated_at: Mapped[datetime | None]
    #: When the resident was asked whether the resolved case is really fixed (handlers/fixed.py).
    fix_asked_at: Mapped[datetime | None]
    #: A :class:`CaseConfirmation`, once closed.
    confirmation: Mapped[str | None] = mapped_column(String(20))
    #: How often the resident said it was not fixed after all.
    reopen_count: Mapped[int] = mapped_column(default=0)
    #: The resident's rating of the handling, 1 to 5, after closing.
    rating: Mapped[int | None]

    resident: Mapped[Resident] = relationship()
    category: Mapped[Category] = relationship()
    department: Mapped[Department] = relationship()
    area: Mapped[Area | None] = relationship()
    events: Mapped[list[CaseEvent]] = relationship(back_populates="case", order_by="CaseEvent.id")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class CaseEvent(Base):
    """One line of a case's timeline: created, forwarded, answered, status changed, …"""

    __tablename__ = "case_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[str] = mapped_column(String(30))
    #: ``resident``, ``official``, ``admin`` or ``system``.
    actor: Mapped[str] = mapped_column(String(10))
    official_id: Mapped[int | None] = mapped_column(ForeignKey("officials.id"))
    admin_user_id: Mapped[int | None] = mapped_column(ForeignKey("admin_users.id"))
    #: :class:`CaseStatus` values, for a change of status.
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str | None] = mapped_column(String(20))
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = created_at_column()
    case: Mapped[Case] = relationship(back_populates="events")
    official: Mapped[Official | None] = relationship()
    admin_user: Mapped[AdminUser | None] = relationship()


class DailyDigest(Base):
    """One row per working day whose morning digest was decided: the primary key is what keeps two
    workers (or a restarted one) from sending it twice."""

    __tablename__ = "daily_digests"

    day: Mapped[date] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = created_at_column()
