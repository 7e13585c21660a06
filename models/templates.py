"""The bot's WhatsApp templates as Twilio's Content API holds them, one per purpose and language."""
from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, created_at_column


class ApprovalStatus(StrEnum):
    """Where WhatsApp's approval of a template stands (``WhatsAppTemplate.approval_status``): the
    states Twilio reports, lower-cased, and the bot's own ``session``.

    ``unsubmitted`` (created at Twilio, not yet submitted; again whenever its text changes) →
    ``received`` | ``pending`` (``flask templates sync`` submitted it) → ``approved`` | ``rejected``;
    WhatsApp may later set an approved one ``paused`` or ``disabled``. The sweep asks Twilio again
    about each one until it is approved, rejected or disabled (``bot/content.py``).
    """

    UNSUBMITTED = "unsubmitted"
    RECEIVED = "received"
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    PAUSED = "paused"
    DISABLED = "disabled"
    #: A list picker or quick reply for use inside the window: never submitted to WhatsApp (list
    #: pickers cannot be), never sent as a template.
    SESSION_ONLY = "session"


class WhatsAppTemplate(Base):
    __tablename__ = "whatsapp_templates"
    __table_args__ = (UniqueConstraint("purpose", "language", name="uq_whatsapp_templates_purpose_language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: A key of ``handlers.whatsapp_templates.TEMPLATES``: forward, answer, status, news, …
    purpose: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5))
    #: The Content's friendly name and the WhatsApp template name: purpose, language and a hash of
    #: the definition, so that a changed text is a new template (WhatsApp approves names, not edits).
    name: Mapped[str] = mapped_column(String(100))
    content_sid: Mapped[str | None] = mapped_column(String(40))
    definition_hash: Mapped[str] = mapped_column(String(64))
    #: An :class:`ApprovalStatus`.
    approval_status: Mapped[str] = mapped_column(String(20), default=ApprovalStatus.UNSUBMITTED)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    checked_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = created_at_column()

    @property
    def approved(self) -> bool:
        return self.approval_status == ApprovalStatus.APPROVED and self.content_sid is not None
