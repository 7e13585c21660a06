""""Is it fixed?": an office resolving a case is not the end of it. Its resident is asked; ``ya``
closes it, ``belum`` (with a note and a photo, if they like) reopens it and sends it back to the same
office, counted as a reopen; a week without an answer closes it as resolved, not confirmed. Once
closed, the resident may rate the handling from 1 to 5.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ROW_LOCK, Case, CaseConfirmation, CaseEvent, CaseStatus, Category, utcnow

from .cases import ask_if_fixed, relay_to_officials
from .catalog import official_text, t
from .context import Turn
from .deadlines import renew_resolve_deadline
from .outbox import Outbox, PendingJobs
from .words import FixAnswer

#: How long a resident has to say whether a resolved case is really fixed.
CONFIRM_WITHIN = timedelta(days=7)
#: How long after "belum" a photo sent on its own still goes with it (WhatsApp sends each photo
#: as a message of its own).
FOLLOWING_PHOTOS = timedelta(minutes=15)
#: A resident who wrote about a resolved case without saying whether it is fixed is asked again,
#: once, this long after they were first asked.
ASK_AGAIN_AFTER = timedelta(hours=12)


def awaits_confirmation(case: Case) -> bool:
    return case.status == CaseStatus.RESOLVED and case.fix_asked_at is not None and case.confirmation is None


def asked_case(turn: Turn) -> Case | None:
    """The resident's case whose "is it fixed?" is unanswered, the most recently asked first."""
    return turn.session.scalars(
        select(Case).where(Case.resident_id == turn.resident.id, Case.status == CaseStatus.RESOLVED,
                           Case.fix_asked_at.is_not(None), Case.confirmation.is_(None))
        .order_by(Case.fix_asked_at.desc(), Case.id.desc()).limit(1)).first()


def answer_fix_question(turn: Turn, case: Case, answer: FixAnswer, *, ask_rating: bool) -> None:
    """Apply the resident's answer: close the case (and ask for a rating, if ``ask_rating``) or
    reopen it."""
    turn.message.case_id, turn.message.kind = case.id, "reply"
    if answer.fixed:
        _confirm(turn, case, ask_rating)
    else:
        _reopen(turn, case, answer.note)


def _confirm(turn: Turn, case: Case, ask_rating: bool) -> None:
    now = utcnow()
    turn.session.add(CaseEvent(case_id=case.id, kind="confirmed_fixed", actor="resident",
                               from_status=case.status, to_status=CaseStatus.CLOSED))
    # closed_at stays when the office resolved it: the figures measure the office, not the reply.
    case.status, case.confirmation, case.updated_at = CaseStatus.CLOSED, CaseConfirmation.CONFIRMED, now
    turn.say_text(t("fixed_thanks" if ask_rating else "fixed_thanks_no_rating", turn.language, ref=case.ref),
                  about=case)


def _reopen(turn: Turn, case: Case, note: str) -> None:
    now = utcnow()
    turn.session.add(CaseEvent(case_id=case.id, kind="reopened", actor="resident", from_status=case.status,
                               to_status=CaseStatus.OPEN, note=note or None))
    case.status, case.closed_at, case.fix_asked_at, case.updated_at = CaseStatus.OPEN, None, None, now
    case.reopen_count = (case.reopen_count or 0) + 1
    calendar = turn.config.directory.calendar(turn.session, turn.config.city_timezone)
    renew_resolve_deadline(case, turn.session.get(Category, case.category_id), calendar, now)
    typed = turn.message.body
    said = note or ("" if turn.message.media else official_text("no_note"))
    relay_to_officials(turn.session, case, turn.resident, turn.message, turn.outbox, said,
                       heading="reopened_by_resident", event_kind=None,
                       acknowledgement=t("reopened", turn.language, ref=case.ref, department=case.department.name))
    turn.message.body = typed  # the transcript keeps "belum, …" as the resident typed it


RATINGS = ("1", "2", "3", "4", "5")


def is_rating(text: str) -> bool:
    return text.strip(" .*") in RATINGS


def recently_reopened(turn: Turn) -> Case | None:
    """The resident's case they said "belum" about in the last minutes, if any."""
    since = utcnow() - FOLLOWING_PHOTOS
    return turn.session.scalars(
        select(Case).join(CaseEvent, CaseEvent.case_id == Case.id)
        .where(Case.resident_id == turn.resident.id, Case.status == CaseStatus.OPEN, CaseEvent.kind == "reopened",
               CaseEvent.created_at >= since)
        .order_by(CaseEvent.id.desc()).limit(1)).first()


def add_to_reopened(turn: Turn, case: Case) -> None:
    """A photo (and its caption) that followed "belum": to the same office, like the first."""
    relay_to_officials(turn.session, case, turn.resident, turn.message, turn.outbox, turn.text)


def rate(turn: Turn, case_id: int, rating: int) -> None:
    case = turn.session.get(Case, case_id)
    if case is None or case.resident_id != turn.resident.id:
        return
    case.rating = rating
    turn.message.case_id = case.id
    turn.session.add(CaseEvent(case_id=case.id, kind="rated", actor="resident", note=f"{rating}/5"))
    turn.say_text(t("rating_thanks", turn.language, rating=rating), about=case)


def close_unconfirmed(session: Session, now: datetime | None = None) -> PendingJobs:
    """Resolved cases whose resident did not answer within ``CONFIRM_WITHIN``: closed as resolved,
    not confirmed, quietly (nothing to send). The sweep calls this; the caller commits."""
    now = now or utcnow()
    cases = session.scalars(select(Case).where(
        Case.status == CaseStatus.RESOLVED, Case.confirmation.is_(None), Case.fix_asked_at < now - CONFIRM_WITHIN)
        .with_for_update(**ROW_LOCK)).all()
    for case in cases:
        session.add(CaseEvent(case_id=case.id, kind="closed_unconfirmed", actor="system",
                              from_status=CaseStatus.RESOLVED, to_status=CaseStatus.CLOSED))
        case.status, case.confirmation, case.updated_at = CaseStatus.CLOSED, CaseConfirmation.UNCONFIRMED, now
    return PendingJobs()


def ask_again_once(session: Session, now: datetime | None = None) -> PendingJobs:
    """Resolved cases whose residents wrote about them after "is it fixed?" without answering it
    (thanks, a remark, a photo): asked once more, ``ASK_AGAIN_AFTER`` after the first time. The sweep
    calls this; the caller commits."""
    now = now or utcnow()
    wrote, asked_again = CaseEvent.kind == "resident_reply", CaseEvent.kind == "fix_asked_again"
    after_the_question = CaseEvent.created_at >= Case.fix_asked_at
    cases = session.scalars(select(Case).where(
        Case.status == CaseStatus.RESOLVED, Case.confirmation.is_(None), Case.fix_asked_at < now - ASK_AGAIN_AFTER,
        Case.events.any(wrote & after_the_question), ~Case.events.any(asked_again & after_the_question))
        .with_for_update(**ROW_LOCK)).all()
    outbox = Outbox(session)
    for case in cases:
        session.add(CaseEvent(case_id=case.id, kind="fix_asked_again", actor="system"))
        ask_if_fixed(case, outbox)
    return outbox.flush()
