"""What happens to a case, whoever makes it happen: filing, relaying answers, changing status."""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session, joinedload

from models import (
    CLOSED_STATUSES, OPEN_STATUSES, Area, Case, CaseEvent, CaseStatus, Category, Department, Media, MediaStatus,
    Message, MessageDirection, Official, Resident, as_utc, utcnow,
)

from .catalog import official_text, status_label, t
from .choices import FIXED_BUTTONS, offer
from .context import HandlerConfig
from .deadlines import set_deadlines
from .evidence import acceptable
from .outbox import Outbox
from .references import format_ref

if TYPE_CHECKING:
    from .flows.report import ReportDraft


def default_department(session: Session) -> Department | None:
    return session.scalars(
        select(Department).order_by(Department.is_default.desc(), Department.id).limit(1)
    ).first()


def department_for(session: Session, category: Category) -> Department | None:
    """The category's department, or the directory's ``default`` one."""
    return category.department or default_department(session)


def office_for(session: Session, category: Category, area: Area | None) -> Department | None:
    """Who answers a case: for a category routed by area, the office of its kelurahan, else of
    the kecamatan, when that office has someone to answer; otherwise the category's department."""
    if category.route == "area" and area is not None:
        for place in (area, area.parent):
            if place is None:
                continue
            office = session.scalars(select(Department).where(Department.area_id == place.id)).first()
            if office is not None and active_officials(office):
                return office
    return department_for(session, category)


def offices_overseen(session: Session, office: Department) -> list[int]:
    """The departments whose cases an office's officials act on: its own, and for a kecamatan's
    office the offices of its kelurahan (the camat oversees the lurah)."""
    ids = [office.id]
    if office.area_id is not None:
        ids += session.scalars(select(Department.id).join(Area, Area.id == Department.area_id)
                               .where(Area.parent_id == office.area_id)).all()
    return ids


def heads_for(session: Session, office: Department) -> list[Official]:
    """Who is told when a case of ``office`` is late: its heads, else (for a kelurahan's office
    that lists none) the heads of its kecamatan's office."""
    heads = [official for official in active_officials(office) if official.is_head]
    if heads or office.area_id is None:
        return heads
    parent_id = session.scalar(select(Area.parent_id).where(Area.id == office.area_id))
    parent = session.scalars(select(Department).where(Department.area_id == parent_id)).first() if parent_id else None
    return [official for official in active_officials(parent) if official.is_head] if parent else []


def area_text(area: Area | None) -> str:
    return area.label() if area is not None else "-"


#: The kind of the outbound message that asks "is it fixed?".
FIX_QUESTION_KIND = "fix_question"


def active_officials(department: Department) -> list[Official]:
    return [official for official in department.officials if official.active]


def find_case(session: Session, ref: str) -> Case | None:
    return session.scalars(select(Case).where(Case.ref == ref)).first()


#: Someone at an office wrote on a case (internal notes are not written to the resident).
_OFFICE_WROTE = (CaseEvent.actor.in_(("official", "admin")), CaseEvent.kind != "internal_note")


def cases_written_on(session: Session, resident: Resident, since: datetime) -> list[Case]:
    """The resident's cases under way (open, or resolved and not yet confirmed) that an official or
    the mayor's office wrote on since ``since``: what a plain message of theirs is most likely about.
    The latest written on first."""
    latest = func.max(CaseEvent.created_at)
    return list(session.scalars(
        select(Case).join(CaseEvent, CaseEvent.case_id == Case.id)
        .where(Case.resident_id == resident.id, Case.status.in_([*OPEN_STATUSES, CaseStatus.RESOLVED]),
               Case.confirmation.is_(None), CaseEvent.created_at >= since, *_OFFICE_WROTE)
        .group_by(Case.id).order_by(latest.desc(), Case.id.desc())))


def location_text(address: str | None, label: str | None, latitude: float | None,
                  longitude: float | None) -> str:
    parts = [part for part in (label, address) if part]
    if not parts and latitude is not None:
        parts.append(f"{latitude:.6f}, {longitude:.6f}")
    return ", ".join(parts) or "-"


def map_link(latitude: float | None, longitude: float | None) -> str | None:
    if latitude is None or longitude is None:
        return None
    return (f"https://www.openstreetmap.org/?mlat={latitude:.6f}&mlon={longitude:.6f}"
            f"#map=18/{latitude:.6f}/{longitude:.6f}")


def file_case(session: Session, resident: Resident, draft: ReportDraft, config: HandlerConfig,
              outbox: Outbox) -> Case:
    """Turn a confirmed draft into a case routed to its office, with its deadlines; claim its
    evidence, and have the worker forward it."""
    category = session.get(Category, draft.category_id)
    area = session.get(Area, draft.area_id) if draft.area_id else None
    department = office_for(session, category, area)
    now = utcnow()
    case = Case(resident_id=resident.id, category_id=category.id, department_id=department.id,
                area_id=area.id if area is not None else None,
                description=draft.description, latitude=draft.latitude, longitude=draft.longitude,
                address=draft.address, place_label=draft.place_label, status=CaseStatus.OPEN, created_at=now,
                updated_at=now)
    set_deadlines(case, category, config.directory.calendar(session, config.city_timezone), now)
    session.add(case)
    session.flush()
    case.ref = format_ref(config.case_prefix, case.id)
    if draft.evidence:
        session.execute(update(Media).where(Media.id.in_(draft.evidence)).values(case_id=case.id))
    session.add(CaseEvent(case_id=case.id, kind="created", actor="resident", to_status=CaseStatus.OPEN))
    outbox.forward_case(case)
    return case


def link_transcript(session: Session, case: Case, conversation_id: int, since_message_id: int | None) -> None:
    """Make the conversation that wrote the report, both ways, part of the case's transcript;
    not what was said meanwhile about the resident's other cases (``status`` messages)."""
    if since_message_id is None:
        return
    session.execute(update(Message).where(
        Message.conversation_id == conversation_id, Message.id >= since_message_id,
        Message.case_id.is_(None), Message.kind != "status").values(case_id=case.id))


#: The timeline's answers to a resident: an official's, and the mayor's office's from the console.
ANSWER_KINDS = ("official_reply", "admin_reply")


def status_report(session: Session, case: Case, language: str, zone: ZoneInfo) -> str:
    """The case's state, the latest answer anyone gave its resident and the last status note, with
    times in the city's ``zone``. From the timeline, which keeps both kinds of answers: two queries
    (three for an answer of the mayor's office) however long the case has run."""
    lines = [t("status_line", language, ref=case.ref, category=case.category.label(language),
               status=status_label(case.status, language), updated=city_time(case.updated_at, zone))]
    answer = _latest_event(session, case, CaseEvent.kind.in_(ANSWER_KINDS))
    lines.append(_answer_text(session, case, answer, language) if answer else t("status_no_reply", language))
    noted = _latest_event(session, case, CaseEvent.kind == "status_changed", CaseEvent.note.is_not(None),
                          CaseEvent.note != "")
    if noted is not None:
        lines.append(t("status_last_note", language, status=status_label(noted.to_status, language),
                       note=noted.note))
    return "\n\n".join(lines)


#: What a resident may read of a case's history, and so what ``status`` names as its latest step.
RESIDENT_VISIBLE_EVENTS = ("created", "official_reply", "admin_reply", "status_changed", "resident_reply",
                           "reopened", "reassigned")
#: Cases still under way for their resident: a resolved one awaits "is it fixed?".
LIVE_STATUSES = (*OPEN_STATUSES, CaseStatus.RESOLVED)
#: ``status`` lists at most this many of a resident's cases, newest first.
MAX_LISTED = 10


def open_cases_report(session: Session, resident: Resident, language: str, zone: ZoneInfo) -> str:
    """``status`` alone: each case still under way, its state and what happened last, and how
    many are finished. Three queries, however many cases."""
    cases = list(session.scalars(
        select(Case).where(Case.resident_id == resident.id, Case.status.in_(LIVE_STATUSES))
        .options(joinedload(Case.category), joinedload(Case.department))
        .order_by(Case.id.desc()).limit(MAX_LISTED)))
    finished = session.scalar(select(func.count()).select_from(Case).where(
        Case.resident_id == resident.id, Case.status.not_in(LIVE_STATUSES)))
    if not cases:
        return t("no_open_cases", language, finished=finished) if finished else t("no_cases_yet", language)
    latest_ids = select(func.max(CaseEvent.id)).where(
        CaseEvent.case_id.in_([case.id for case in cases]), CaseEvent.kind.in_(RESIDENT_VISIBLE_EVENTS)
    ).group_by(CaseEvent.case_id)
    latest = {event.case_id: event for event in session.scalars(
        select(CaseEvent).where(CaseEvent.id.in_(latest_ids)).options(joinedload(CaseEvent.official)))}
    lines = [t("open_case_line", language, ref=case.ref, category=case.category.label(language),
               status=status_label(case.status, language),
               last=_last_step(latest.get(case.id), case, language, zone)) for case in cases]
    report = t("open_cases", language, count=len(cases), lines="\n".join(lines), example=cases[0].ref)
    return report + (t("finished_cases", language, finished=finished) if finished else "")


def _last_step(event: CaseEvent | None, case: Case, language: str, zone: ZoneInfo) -> str:
    if event is None:
        return t("last_step.created", language, when=city_time(case.created_at, zone))
    who = event.official.name if event.official is not None else case.department.name
    note = " ".join((event.note or "").split())
    return t(f"last_step.{event.kind}", language, when=city_time(event.created_at, zone), who=who,
             status=status_label(event.to_status or case.status, language), department=case.department.name,
             note=note if len(note) <= 80 else note[:79].rstrip() + "…")


def city_time(moment: datetime, zone: ZoneInfo) -> str:
    """``25-11-2026 21:23 WIB``: a stored (UTC) time as the city reads it, with its zone's name."""
    return as_utc(moment).astimezone(zone).strftime("%d-%m-%Y %H:%M %Z")


def _latest_event(session: Session, case: Case, *where) -> CaseEvent | None:
    return session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id, *where)
        .options(joinedload(CaseEvent.official)).order_by(CaseEvent.id.desc()).limit(1)
    ).first()


def _answer_text(session: Session, case: Case, answer: CaseEvent, language: str) -> str:
    """Who answered: the mayor's office (the default department) for a console reply, else the
    official and the case's department."""
    reply = answer.note or t("status_reply_attachment", language)
    if answer.kind == "admin_reply":
        return t("status_latest_reply", language, department=default_department(session).name, reply=reply)
    if answer.official is None:
        return t("status_latest_reply", language, department=case.department.name, reply=reply)
    return t("status_official_reply", language, official=answer.official.name,
             department=case.department.name, reply=reply)


def record_first_answer(case: Case, when: datetime) -> None:
    if case.first_answer_at is None:
        case.first_answer_at = when


def relay_to_resident(session: Session, case: Case, official: Official, inbound: Message,
                      outbox: Outbox, text: str) -> None:
    """An official's answer, marked as coming from the department, to the case's resident."""
    now = utcnow()
    resident = case.resident
    body = t("relay_to_resident", resident.language, department=case.department.name, ref=case.ref,
             text=text or official_text("media_relay"))
    values = {"ref": case.ref, "who": case.department.name, "text": text or official_text("media_relay")}
    _relay(inbound, case, text, body, lambda part, media_id, template=None: outbox.to_resident(
        resident, part, case=case, kind="relay", media_id=media_id, template=template, values=values),
           template="answer")
    record_first_answer(case, now)
    case.updated_at = now
    session.add(CaseEvent(case_id=case.id, kind="official_reply", actor="official",
                          official_id=official.id, note=text))


def relay_to_officials(session: Session, case: Case, resident: Resident, inbound: Message,
                       outbox: Outbox, text: str, *, heading: str = "relay_from_resident",
                       event_kind: str | None = "resident_reply", acknowledgement: str | None = None) -> None:
    """A resident's message about their case, to every official of its department, under
    ``heading`` (a reopened case has its own); the resident hears ``acknowledgement``."""
    body = official_text(heading, resident=resident.profile_name or "-", ref=case.ref,
                         text=text or official_text("media_relay"))
    values = {"ref": case.ref, "resident": resident.profile_name or "-", "text": text or official_text("media_relay")}
    for official in active_officials(case.department):
        _relay(inbound, case, text, body, lambda part, media_id, template=None, official=official:
               outbox.to_official(official, part, case=case, kind="relay", media_id=media_id,
                                  template=template, values=values), template="resident_message")
    case.updated_at = utcnow()
    if event_kind is not None:
        session.add(CaseEvent(case_id=case.id, kind=event_kind, actor="resident", note=text))
    outbox.to_resident(resident, acknowledgement or t("resident_reply_sent", resident.language, ref=case.ref),
                       case=case)


def _relay(inbound: Message, case: Case, text: str, body: str, send, template: str | None = None) -> None:
    """Link the inbound message to the case, send the text (with the template that carries it
    outside the window), then each attachment as a message of its own (WhatsApp carries one per
    message; outside the window they wait for the recipient's reply)."""
    inbound.case_id, inbound.kind, inbound.body = case.id, "reply", text
    send(body, None, template)
    for media in inbound.media:
        if media.status == MediaStatus.REJECTED:
            continue
        if not acceptable(media.content_type):  # what we pass on, an official's phone must open safely
            media.status, media.error = MediaStatus.REJECTED, f"type {media.content_type} not relayed"
            continue
        media.case_id = case.id
        send(f"{case.ref} — {official_text('media_relay')}", media.id)


def change_status(session: Session, case: Case, to_status: CaseStatus, outbox: Outbox, *,
                  actor: str, note: str | None = None, official: Official | None = None,
                  admin_user_id: int | None = None, acting_office: Department | None = None) -> None:
    """Move the case to ``to_status``, keep the timeline, and tell the resident who did it: the
    ``acting_office`` (the mayor's office from the console), else the case's department."""
    now = utcnow()
    reopened = case.status in CLOSED_STATUSES and to_status in OPEN_STATUSES
    session.add(CaseEvent(case_id=case.id, kind="status_changed", actor=actor,
                          official_id=official.id if official else None, admin_user_id=admin_user_id,
                          from_status=case.status, to_status=to_status, note=note))
    case.status, case.updated_at = to_status, now
    case.closed_at = now if to_status in CLOSED_STATUSES else None
    if official is not None:
        record_first_answer(case, now)
    resident = case.resident
    language = resident.language
    # A resolved case is not closed until its resident says it is really fixed (handlers/fixed.py);
    # opened again, it will be asked again, and the sweep counts it a new resolve deadline from now.
    case.fix_asked_at = now if to_status == CaseStatus.RESOLVED else None
    if reopened:
        case.confirmation, case.resolve_due_at = None, None
    outbox.to_resident(resident, t("status_changed", language, ref=case.ref,
                                   status=status_label(to_status, language),
                                   department=(acting_office or case.department).name,
                                   note=t("status_note", language, note=note) if note else ""),
                       case=case, kind="status", template="status",
                       values={"ref": case.ref, "status": to_status, "note": note or "-"})
    if to_status == CaseStatus.RESOLVED:
        ask_if_fixed(case, outbox)


def ask_if_fixed(case: Case, outbox: Outbox) -> None:
    """"Is it really fixed?", with its buttons: a message of its own, with no template, so that
    outside the resident's window it waits for their next message (the status template has told
    them the news)."""
    resident = case.resident
    outbox.to_resident(resident, t("ask_if_fixed", resident.language, ref=case.ref), case=case,
                       kind=FIX_QUESTION_KIND, choices=offer(FIXED_BUTTONS, {"ref": case.ref}))


def case_for_reply(session: Session, replied_to_sid: str | None, phone: str) -> Case | None:
    """The case behind a swipe-reply: the bot's message being replied to was about it, and was
    sent to this same number."""
    if not replied_to_sid:
        return None
    original = session.scalars(
        select(Message).where(Message.sid == replied_to_sid, Message.direction == MessageDirection.OUTBOUND)
    ).first()
    if original is None or original.case_id is None or original.phone != phone:
        return None
    return session.get(Case, original.case_id)
