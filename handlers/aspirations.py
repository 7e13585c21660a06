"""What happens to an aspiration, whoever makes it happen: filing it (personal data masked first),
and its moderation, which its author hears of."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, selectinload

from models import (ROW_LOCK, AdminUser, Area, Aspiration, AspirationEvent, AspirationStatus, Media, Official, Resident,
                    Support, Theme, as_utc, utcnow)

from .cases import active_officials, default_department
from .catalog import official_text, t
from .deadlines import due_words
from .context import HandlerConfig
from .outbox import Outbox, PendingJobs
from .references import ASPIRATION

if TYPE_CHECKING:
    from .flows.aspiration import AspirationDraft

#: The column's room: a title of 80 characters grows when what is masked is shorter than its mark.
MAX_TITLE_STORED = 200
#: The template that carries news of an aspiration outside its author's 24-hour window.
UPDATE_TEMPLATE = "aspiration_update"

# Personal data nobody but its author should read in a public idea.
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
#: 16 digits (spaces, dots or dashes between groups allowed) that start with a province's code: a
#: row of years (``2021 2022 2023 2024``) starts with 20, which no province has.
_NIK = re.compile(r"(?<![\d.,+])(?:1[1-9]|21|3[1-6]|5[1-3]|6[1-5]|7[1-6]|8[1-2]|9[1-6])(?:[ .-]?\d){14}(?!\d)")
#: A phone number: ``+62`` (brackets and ``(0)`` allowed), ``62 8…`` or a leading 0 and an area or
#: mobile code, then 6 to 11 more digits with spaces, dots or dashes between. A price (``Rp
#: 2.000.000.000``), a date or RT/RW numbers start with none of these, or not after a dot.
_PHONE = re.compile(r"(?<![\d.,+])(?:\(?\+62\)?[ .-]*(?:\(0\))?[ .-]*[1-9]\d|62[ -]?8\d|\(?0[1-9]\d{1,3}\)?)"
                    r"(?:[ \t]*[-–.]?[ \t]*\d){6,11}(?!\d)")


class NotAllowed(Exception):
    """A moderation the aspiration's state does not allow; the message says why."""


@dataclass(frozen=True)
class Masked:
    text: str
    count: int


def mask_personal_data(text: str) -> Masked:
    """``text`` with e-mail addresses, NIK numbers and phone numbers replaced by a mark, and how
    many were. E-mail first (its digits are no phone), NIK before phones (16 digits may look like one)."""
    count = 0
    for pattern, key in ((_EMAIL, "mask.email"), (_NIK, "mask.nik"), (_PHONE, "mask.phone")):
        text, found = pattern.subn(t(key), text)
        count += found
    return Masked(text, count)


def filed_today(session: Session, resident: Resident, now: datetime, zone: ZoneInfo) -> int:
    """How many aspirations the resident filed since midnight in the city."""
    # In UTC: SQLite keeps the stored times' digits, so a midnight in another zone would compare wrong.
    midnight = datetime.combine(as_utc(now).astimezone(zone).date(), time(), zone).astimezone(timezone.utc)
    return session.scalar(select(func.count()).select_from(Aspiration).where(
        Aspiration.resident_id == resident.id, Aspiration.created_at >= midnight)) or 0


def may_file_another(session: Session, resident: Resident, config: HandlerConfig, now: datetime) -> bool:
    return filed_today(session, resident, now, config.city_timezone) < config.aspirations_per_day


def file_aspiration(session: Session, resident: Resident, draft: AspirationDraft, config: HandlerConfig,
                    now: datetime) -> Aspiration:
    """Turn a confirmed draft into an aspiration waiting for moderation by its theme's office,
    masked, with its pictures claimed."""
    theme = session.get(Theme, draft.theme_id)
    office = theme.department or default_department(session)
    title, body = mask_personal_data(draft.title or ""), mask_personal_data(draft.body or "")
    address = mask_personal_data(draft.address) if draft.address else None
    aspiration = Aspiration(
        resident_id=resident.id, theme_id=theme.id, department_id=office.id, title=title.text[:MAX_TITLE_STORED],
        body=body.text, masked_count=title.count + body.count + (address.count if address else 0),
        latitude=draft.latitude, longitude=draft.longitude, address=address.text if address else None, area_id=draft.area_id, city_wide=draft.city_wide,
        status=AspirationStatus.PENDING, created_at=now, updated_at=now)
    session.add(aspiration)
    session.flush()
    aspiration.ref = config.references.format(ASPIRATION, aspiration.id)
    if draft.photos:
        session.execute(update(Media).where(Media.id.in_(draft.photos)).values(aspiration_id=aspiration.id))
    session.add(AspirationEvent(aspiration_id=aspiration.id, kind="created", actor="resident"))
    return aspiration


def find_aspiration(session: Session, ref: str) -> Aspiration | None:
    return session.scalars(select(Aspiration).where(Aspiration.ref == ref)).first()


def place_text(aspiration: Aspiration, language: str) -> str:
    """Where an aspiration is for, as people read it."""
    if aspiration.city_wide:
        return t("city_wide", language)
    if aspiration.area is not None:
        return aspiration.area.label()
    if aspiration.address:
        return aspiration.address
    if aspiration.latitude is not None:
        return f"{aspiration.latitude:.6f}, {aspiration.longitude:.6f}"
    return "-"


def public_place(aspiration: Aspiration, language: str) -> str:
    """Where an aspiration is for, as other residents read it: its kelurahan (or the whole city),
    never the author's pin or typed address, which is often their home."""
    if aspiration.city_wide:
        return t("city_wide", language)
    return aspiration.area.label() if aspiration.area is not None else t("place_not_named", language)


def status_text(session: Session, aspiration: Aspiration, language: str) -> str:
    """``status ASP-00012``: where the resident's aspiration stands."""
    said = aspiration.moderation_note if aspiration.status == AspirationStatus.DECLINED else aspiration.answer_note
    note = t("aspiration_status_note", language, note=said) if said else ""
    return t("aspiration_status", language, ref=aspiration.ref, title=aspiration.title,
             theme=aspiration.theme.label(language), place=place_text(aspiration, language),
             status=t(f"aspiration_status.{aspiration.status}", language), count=aspiration.support_count, note=note)


# --- moderation ------------------------------------------------------------------------------

#: Declining must say why: the author reads it.
MIN_REASON = 5


def publish(session: Session, aspiration: Aspiration, admin: AdminUser, outbox: Outbox) -> None:
    _moderate(session, aspiration, AspirationStatus.PUBLISHED, admin, None)
    _tell_author(aspiration, outbox, "published")


def decline(session: Session, aspiration: Aspiration, reason: str, admin: AdminUser, outbox: Outbox) -> None:
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON:
        raise NotAllowed("reason_required")
    _moderate(session, aspiration, AspirationStatus.DECLINED, admin, reason)
    _tell_author(aspiration, outbox, "declined", reason=reason)


def _moderate(session: Session, aspiration: Aspiration, to_status: AspirationStatus, admin: AdminUser,
              note: str | None) -> None:
    """Pending → ``to_status``, once: of two moderators at the same moment, one wins and the other is told."""
    now = utcnow()
    moderated = session.execute(
        update(Aspiration).where(Aspiration.id == aspiration.id, Aspiration.status == AspirationStatus.PENDING)
        .values(status=to_status, moderation_note=note, moderated_by_id=admin.id, moderated_at=now, updated_at=now)
        .execution_options(synchronize_session=False))
    if moderated.rowcount != 1:
        raise NotAllowed("already_moderated")
    session.refresh(aspiration)
    session.add(AspirationEvent(aspiration_id=aspiration.id, kind=str(to_status), actor="admin",
                                admin_user_id=admin.id, note=note))


def _tell_author(aspiration: Aspiration, outbox: Outbox, what: str, **values) -> None:
    _tell(aspiration.resident, aspiration, outbox, what, **values)


def _tell(resident: Resident, aspiration: Aspiration, outbox: Outbox, what: str, **values) -> None:
    """In the window, the whole sentence; outside it, the ``aspiration_update`` template."""
    language = resident.language
    text = t(f"aspiration_{what}", language, ref=aspiration.ref, title=aspiration.title, **values)
    outbox.to_resident(resident, text, kind="aspiration", template=UPDATE_TEMPLATE,
                       values={"aspiration_ref": aspiration.ref, "title": aspiration.title,
                               "text": t(f"aspiration_news.{what}", language, **values)})


# --- the threshold, and the office's answer ----------------------------------------------------

#: The template that brings an aspiration that crossed its threshold to an official outside their window.
FORWARD_TEMPLATE = "aspiration_forward"
#: Where the office's answer may take an aspiration, from where.
ANSWERS = {
    AspirationStatus.FORWARDED: (AspirationStatus.IN_DISCUSSION, AspirationStatus.ACCEPTED, AspirationStatus.TURNED_DOWN),
    AspirationStatus.IN_DISCUSSION: (AspirationStatus.ACCEPTED, AspirationStatus.TURNED_DOWN),
}
ANSWER_OUTCOMES = (AspirationStatus.IN_DISCUSSION, AspirationStatus.ACCEPTED, AspirationStatus.TURNED_DOWN)


def forward_if_supported(session: Session, aspiration: Aspiration, config: HandlerConfig, outbox: Outbox,
                         now: datetime) -> bool:
    """A published aspiration whose supports reached its theme's threshold goes to its office like
    a case, once (of two supports crossing it at the same moment, one forwards), with a deadline in
    working days; its officials and its author hear of it."""
    theme = aspiration.theme
    if aspiration.status != AspirationStatus.PUBLISHED or aspiration.support_count < theme.support_threshold:
        return False
    due = config.directory.calendar(session, config.city_timezone).deadline(now, theme.answer_days)
    moved = session.execute(
        update(Aspiration).where(Aspiration.id == aspiration.id, Aspiration.status == AspirationStatus.PUBLISHED)
        .values(status=AspirationStatus.FORWARDED, forwarded_at=now, answer_due_at=due, updated_at=now)
        .execution_options(synchronize_session=False)).rowcount
    if not moved:
        return False
    session.refresh(aspiration)
    session.add(AspirationEvent(aspiration_id=aspiration.id, kind="forwarded", actor="system",
                                note=str(aspiration.support_count)))
    office = aspiration.department
    officials = active_officials(office) or active_officials(default_department(session))
    for official in officials:
        outbox.to_official(official, official_text(
            "aspiration_forwarded", ref=aspiration.ref, title=aspiration.title, theme=theme.name,
            place=place_text(aspiration, "id"), count=aspiration.support_count, office=office.name,
            body=aspiration.body, due=due_words(due, config.city_timezone)),
            kind="aspiration", template=FORWARD_TEMPLATE,
            values={"aspiration_ref": aspiration.ref, "count": str(aspiration.support_count), "office": office.name,
                    "title": aspiration.title, "due": due_words(due, config.city_timezone)})
    _tell_author(aspiration, outbox, "forwarded", count=aspiration.support_count, office=office.name,
                 due=due_words(due, config.city_timezone, aspiration.resident.language))
    return True


def forward_those_over_threshold(session: Session, config: HandlerConfig, now: datetime) -> PendingJobs:
    """Published aspirations at or over their theme's threshold without a new support (the
    directory file lowered it): forwarded by the sweep; the caller commits."""
    outbox = Outbox(session)
    over = session.scalars(select(Aspiration).join(Theme, Theme.id == Aspiration.theme_id).where(
        Aspiration.status == AspirationStatus.PUBLISHED, Aspiration.support_count >= Theme.support_threshold)
        .order_by(Aspiration.id)).all()
    for aspiration in over:
        forward_if_supported(session, aspiration, config, outbox, now)
    return outbox.flush()


def answer(session: Session, aspiration: Aspiration, outcome: str, note: str, admin: AdminUser | None,
           outbox: Outbox, official: Official | None = None) -> None:
    """The office's answer, from the console (``admin``) or WhatsApp (``official``): in discussion,
    accepted into a plan, or turned down, with a note; the author and every supporter hear it, once each."""
    note = " ".join(note.split())
    if len(note) < MIN_REASON:
        raise NotAllowed("note_required")
    allowed = ANSWERS.get(AspirationStatus(aspiration.status), ())
    if outcome not in allowed:
        raise NotAllowed("not_answerable")
    now = utcnow()
    moved = session.execute(
        update(Aspiration).where(Aspiration.id == aspiration.id, Aspiration.status == aspiration.status)
        .values(status=outcome, answer_note=note, updated_at=now,
                answered_at=func.coalesce(Aspiration.answered_at, now))
        .execution_options(synchronize_session=False)).rowcount
    if not moved:
        raise NotAllowed("not_answerable")
    session.refresh(aspiration)
    event = AspirationEvent(aspiration_id=aspiration.id, kind=outcome, actor="official" if official else "admin",
                            admin_user_id=admin.id if admin else None, official_id=official.id if official else None,
                            note=note)
    session.add(event)
    _tell_everyone(session, aspiration, outbox, event)


def forum_name(area: Area, language: str = "id") -> str:
    """The forum whose agenda an area's aspirations make: the kelurahan's musrenbang, the kecamatan's
    Forum Komunikasi Publik."""
    return t(f"forum_name.{area.kind}", language, name=area.name)


#: A forum's outcome recorded again with the same words this soon is a double submit, not news.
SAME_OUTCOME_WITHIN = timedelta(minutes=30)


def on_area_agenda(aspiration: Aspiration, area: Area) -> bool:
    """Whether ``area``'s forum may discuss it: an idea for the area, its kecamatan, one of its
    kelurahan, or the whole city."""
    return (aspiration.city_wide or aspiration.area_id in (area.id, area.parent_id)
            or (aspiration.area is not None and aspiration.area.parent_id == area.id))


def record_forum_outcome(session: Session, aspiration: Aspiration, area: Area, note: str, admin: AdminUser,
                         outbox: Outbox) -> None:
    """What ``area``'s forum made of an aspiration it discussed; the author and every supporter hear
    it, once (the same words again soon after are refused). Its status stays: the office's answer
    is its own."""
    note = " ".join(note.split())
    if len(note) < MIN_REASON:
        raise NotAllowed("note_required")
    locked = session.get(Aspiration, aspiration.id, with_for_update=ROW_LOCK)  # two submits: one at a time
    repeated = session.scalar(select(AspirationEvent.id).where(
        AspirationEvent.aspiration_id == locked.id, AspirationEvent.kind == "forum", AspirationEvent.area_id == area.id,
        AspirationEvent.note == note, AspirationEvent.created_at >= utcnow() - SAME_OUTCOME_WITHIN))
    if repeated is not None:
        raise NotAllowed("already_recorded")
    event = AspirationEvent(aspiration_id=aspiration.id, kind="forum", actor="admin", admin_user_id=admin.id,
                            area_id=area.id, note=note)
    session.add(event)
    _tell_everyone(session, aspiration, outbox, event)


#: The job that tells an answer or a forum's outcome to every supporter, in batches.
TELL_SUPPORTERS_JOB = "jobs.aspirations.tell_supporters"
#: Supporters told per transaction: a batch's rows commit together, and a crash resumes after it.
SUPPORTERS_PER_BATCH = 500


def _tell_everyone(session: Session, aspiration: Aspiration, outbox: Outbox, event: AspirationEvent) -> None:
    """The author now; every supporter by the worker, in batches (there may be thousands: never in
    the console's request, never all in one transaction)."""
    _tell_about(aspiration.resident, aspiration, outbox, event)
    event.told_up_to_support_id = 0
    session.flush()
    outbox.jobs.add(TELL_SUPPORTERS_JOB, event.id)


def tell_next_supporters(session: Session, event: AspirationEvent, outbox: Outbox,
                         limit: int = SUPPORTERS_PER_BATCH) -> bool:
    """The next ``limit`` supporters told of ``event`` (the caller holds its row lock and commits);
    False once every one has been, so that a repeated or resumed job tells nobody twice."""
    if event.told_at is not None or event.told_up_to_support_id is None:
        return False
    rows = session.execute(
        select(Support.id, Resident).join(Resident, Resident.id == Support.resident_id)
        .options(selectinload(Resident.conversation))
        .where(Support.aspiration_id == event.aspiration_id, Support.id > event.told_up_to_support_id)
        .order_by(Support.id).limit(limit)).all()
    if not rows:
        event.told_at = utcnow()
        return False
    for _support_id, resident in rows:
        _tell_about(resident, event.aspiration, outbox, event)
    event.told_up_to_support_id = rows[-1][0]
    return True


def _tell_about(resident: Resident, aspiration: Aspiration, outbox: Outbox, event: AspirationEvent) -> None:
    """An office's answer or a forum's outcome, as ``event`` keeps it, in the resident's words."""
    language = resident.language
    whose = t("whose.author" if resident.id == aspiration.resident_id else "whose.supporter", language)
    if event.kind == "forum":
        _tell(resident, aspiration, outbox, "forum", whose=whose, forum=forum_name(event.area, language),
              note=event.note or "")
    else:
        _tell(resident, aspiration, outbox, "answered", whose=whose, office=aspiration.department.name,
              outcome=t(f"aspiration_status.{event.kind}", language), note=event.note or "")
