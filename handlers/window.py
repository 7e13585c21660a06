"""WhatsApp's 24-hour window: free-form text may go to a person only within 24 hours of their last
message to the bot; anything else needs an approved template. The worker asks ``plan_delivery``
just before each send, so that a retried message is judged by the time it actually leaves.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, func, or_, select, update
from sqlalchemy.orm import Session

from models import ApprovalStatus, Case, Message, MessageDirection, MessageStatus, Resident, WhatsAppTemplate, as_utc

from .choices import fill as fill_choices
from .outbox import SEND_JOB, Outbox, PendingJobs, copy_of
from .whatsapp_templates import TEMPLATES, Filled, fill, language_for

WINDOW = timedelta(hours=24)
#: Pure prompts ("there is news, tap Read"): pointless once the window is open, since what they
#: announce then goes by itself.
PROMPTS = {"news", "news_official"}
#: Outbound rows that wait for something other than the worker: the recipient, or WhatsApp's approval.
WAITING = (MessageStatus.HELD, MessageStatus.WAITING_TEMPLATE)
#: A conversational reply still unsent this long after it was decided answers a question nobody is
#: waiting on any more (a long outage): it is dropped, visibly, rather than held for a day.
STALE_REPLY = timedelta(hours=1)
#: Template states in which WhatsApp may still approve it: messages wait for them.
UNDER_REVIEW = (ApprovalStatus.UNSUBMITTED, ApprovalStatus.RECEIVED, ApprovalStatus.PENDING)


def last_inbound_at(session: Session, phone: str) -> datetime | None:
    return as_utc(session.scalar(select(func.max(Message.created_at)).where(
        Message.phone == phone, Message.direction == MessageDirection.INBOUND)))


@dataclass(frozen=True)
class Plan:
    """How one outbound row leaves: ``text`` (free-form), ``choices`` (its list picker or buttons,
    inside the window: ``handlers/choices.py``), ``template``, ``hold`` (until the recipient writes),
    ``wait`` (for WhatsApp to approve its template) or ``drop`` (not sent, for ``reason``)."""

    how: str
    content_sid: str | None = None
    filled: Filled | None = None
    #: Why a dropped row was not sent, for the console.
    reason: str = ""


def plan_delivery(session: Session, message: Message, now: datetime, margin: timedelta) -> Plan:
    last = last_inbound_at(session, message.phone)
    if not _must_template(message, last) and last is not None and now < last + WINDOW - margin:
        return Plan("drop", reason="the recipient's window opened") if message.template in PROMPTS else Plan("text")
    if message.template is None:
        stale = message.kind == "bot" and message.case_id is None and now - as_utc(message.created_at) > STALE_REPLY
        return Plan("drop", reason="a reply gone stale while it could not be sent") if stale else Plan("hold")
    language = recipient_language(session, message)
    template = session.scalars(select(WhatsAppTemplate).where(
        WhatsAppTemplate.purpose == message.template, WhatsAppTemplate.language == language)).first()
    if template is None or template.approval_status in UNDER_REVIEW:
        return Plan("wait")
    if not template.approved:  # rejected, paused or disabled: the person reads it once they write
        # ... but news they did not ask for now: a broadcast held for weeks would be stale.
        return Plan("drop", reason="its template is not approved") if message.broadcast_id else Plan("hold")
    return _as_template(message, template.content_sid, language)


def plan_retry(session: Session, message: Message) -> Plan:
    """An attempt that may have reached Twilio is retried in the same shape, so that it can be
    recognised there and never sent twice (a free-form one that meets a closed window comes back
    as 63016 and goes again as its template)."""
    if message.content_sid is None:
        return Plan("text")
    if message.choices:  # its list picker or buttons, again
        return Plan("choices", message.content_sid, fill_choices(message.choices, recipient_language(session, message)))
    return _as_template(message, message.content_sid, recipient_language(session, message))


def _as_template(message: Message, content_sid: str, language: str) -> Plan:
    return Plan("template", content_sid, fill(message.template, language, message.template_values or {}))


def _must_template(message: Message, last_inbound: datetime | None) -> bool:
    """A stand-in for a message WhatsApp refused with 63016 must be a template, unless the person
    has written since it was decided (then the window is open for sure)."""
    if message.replaces_id is None:
        return False
    return last_inbound is None or last_inbound <= as_utc(message.created_at)


def recipient_language(session: Session, message: Message) -> str:
    """Residents read their own language; officials work in Indonesian."""
    if message.resident_id is None or (message.template and TEMPLATES[message.template].audience == "official"):
        return "id"
    return language_for(session.scalar(select(Resident.language).where(Resident.id == message.resident_id)))


def hold(session: Session, message: Message, outbox: Outbox) -> None:
    """Keep the message until the recipient writes; if nothing has told them since their last
    message that there is something to read, a ``news`` template about its case does."""
    message.status, message.error_message = MessageStatus.HELD, "waiting for the recipient to write (24-hour window)"
    if message.case_id is None or _opted_out(session, message) or _already_prompted(session, message):
        return
    purpose = "news_official" if message.official_id is not None else "news"
    ref = (message.template_values or {}).get("ref") or _case_ref(session, message.case_id)
    outbox.add(copy_of(message, kind="news", body=fill(purpose, "id", {"ref": ref}).text, media_id=None,
                       status=MessageStatus.PENDING, template=purpose, template_values={"ref": ref}))


def _opted_out(session: Session, message: Message) -> bool:
    return message.resident_id is not None and bool(session.scalar(
        select(Resident.opted_out).where(Resident.id == message.resident_id)))


def _already_prompted(session: Session, message: Message) -> bool:
    """A template went (or is about to go) to this phone since they last wrote."""
    last = last_inbound_at(session, message.phone)
    sent_since = Message.sent_at >= last if last is not None else Message.sent_at.is_not(None)
    return session.scalar(select(func.count()).select_from(Message).where(
        Message.phone == message.phone, Message.direction == MessageDirection.OUTBOUND, Message.id != message.id,
        Message.template.is_not(None),
        or_(Message.status.in_((MessageStatus.PENDING, MessageStatus.SENDING, MessageStatus.WAITING_TEMPLATE)),
            (Message.content_sid.is_not(None)) & sent_since
            & Message.status.not_in((MessageStatus.FAILED, MessageStatus.UNDELIVERED)))
    )) > 0


def _case_ref(session: Session, case_id: int) -> str:
    return session.scalar(select(Case.ref).where(Case.id == case_id)) or "-"


def release_waiting(session: Session, phone: str, outbox: Outbox) -> int:
    """The recipient wrote: the window is open, so whatever waited for it goes now, in order. Only
    rows still waiting are taken (the sweep or an approval may have released one meanwhile)."""
    # A Core statement on the table: this runs for every inbound message, and the ORM's bulk-update
    # path (which would look for the rows among loaded objects) cost more than the query itself.
    rows = Message.__table__.c
    released = session.execute(update(Message.__table__).where(
        rows.phone == phone, rows.direction == MessageDirection.OUTBOUND, rows.status.in_(WAITING))
        .values(status=MessageStatus.PENDING, error_message=None)
        .returning(rows.id, func.coalesce(rows.rest_of_id, rows.id))).all()
    for message_id, _order in sorted(released, key=lambda row: (row[1], row[0])):
        outbox.jobs.add(SEND_JOB, message_id)
    return len(released)


def release_waiting_for_templates(session: Session) -> PendingJobs:
    """Messages waiting for a template that is now approved (here, or by another process), in their
    recipient's language, go back to the worker; the others keep waiting. The language is chosen as
    ``recipient_language`` chooses it, in SQL."""
    jobs = PendingJobs()
    language = case((Message.resident_id.is_(None), "id"), else_=func.coalesce(
        select(Resident.language).where(Resident.id == Message.resident_id).scalar_subquery(), "id"))
    official_purposes = [purpose for purpose, spec in TEMPLATES.items() if spec.audience == "official"]
    language = case((Message.template.in_(official_purposes), "id"), else_=language)
    approved = select(WhatsAppTemplate.id).where(
        WhatsAppTemplate.purpose == Message.template, WhatsAppTemplate.language == language,
        WhatsAppTemplate.approval_status == ApprovalStatus.APPROVED).exists()
    released = session.execute(update(Message).where(Message.status == MessageStatus.WAITING_TEMPLATE, approved)
                               .values(status=MessageStatus.PENDING, error_message=None)
                               .returning(Message.id)).scalars().all()
    for message_id in sorted(released):
        jobs.add(SEND_JOB, message_id)
    return jobs


def send_order():
    """The order in which one person's messages leave: by id, except that the whole text of a
    shortened template takes the place of the template it completes (before the parts after it)."""
    return func.coalesce(Message.rest_of_id, Message.id)
