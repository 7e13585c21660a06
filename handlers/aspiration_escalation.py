"""Aspirations that reached their office and wait past their answer deadline climb as late cases
do: the office's officials are reminded, then its head is told, then the mayor's office, each once,
at the directory file's working-day delays (``handlers/escalation.py``). An answer (even "in
discussion") stops the climb. Each step is a timeline event written under the aspiration's row
lock with the messages it sends, so that two workers never send it twice."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import ROW_LOCK, Aspiration, AspirationEvent, AspirationStatus, Official, as_utc, utcnow
from models.workdays import WorkingDays

from .cases import active_officials, default_department, heads_for
from .catalog import official_text
from .context import HandlerConfig
from .deadlines import due_words
from .escalation import DEFAULT_ESCALATION, ESCALATION_STEPS, step_time
from .outbox import Outbox, PendingJobs

#: Each step's timeline event.
STEP_EVENTS = {step: f"{step}_answer" for step in ESCALATION_STEPS}
#: Who each step tells, the text they read in their window, and the template outside it.
STEPS = {
    "reminder": (lambda session, aspiration: active_officials(aspiration.department)
                 or active_officials(default_department(session)), "aspiration_reminder", "aspiration_reminder"),
    "head": (lambda session, aspiration: heads_for(session, aspiration.department), "aspiration_head_warning",
             "aspiration_head_warning"),
    "mayor": (lambda session, aspiration: active_officials(default_department(session)), "aspiration_escalation",
              "aspiration_escalation"),
}


def escalate_late_aspirations(session: Session, config: HandlerConfig, now: datetime | None = None) -> PendingJobs:
    """Take every step that has come due on a forwarded aspiration its office has not answered by
    its deadline; the caller commits."""
    now = now or utcnow()
    calendar = config.directory.calendar(session, config.city_timezone)
    delays = config.directory.escalation(session) or DEFAULT_ESCALATION
    outbox = Outbox(session)
    late = session.scalars(select(Aspiration).where(Aspiration.status == AspirationStatus.FORWARDED,
                                                    Aspiration.answer_due_at < now).order_by(Aspiration.id)).all()
    taken = _steps_taken(session, [aspiration.id for aspiration in late])
    for aspiration_id in [aspiration.id for aspiration in late
                          if _steps_due(aspiration, calendar, delays, now) - taken.get(aspiration.id, set())]:
        aspiration = session.get(Aspiration, aspiration_id, with_for_update=ROW_LOCK, populate_existing=True)
        if aspiration is None or aspiration.status != AspirationStatus.FORWARDED:
            continue
        done = _steps_taken(session, [aspiration.id]).get(aspiration.id, set())
        for step in [step for step in ESCALATION_STEPS if step in _steps_due(aspiration, calendar, delays, now) - done]:
            _take_step(session, aspiration, step, outbox, calendar)
    return outbox.flush()


def _steps_taken(session: Session, aspiration_ids: list[int]) -> dict[int, set[str]]:
    taken: dict[int, set[str]] = {}
    if aspiration_ids:
        by_event = {event: step for step, event in STEP_EVENTS.items()}
        for aspiration_id, kind in session.execute(
                select(AspirationEvent.aspiration_id, AspirationEvent.kind).where(
                    AspirationEvent.aspiration_id.in_(aspiration_ids), AspirationEvent.kind.in_(by_event))):
            taken.setdefault(aspiration_id, set()).add(by_event[kind])
    return taken


def _steps_due(aspiration: Aspiration, calendar: WorkingDays, delays: dict[str, int], now: datetime) -> set[str]:
    due = as_utc(aspiration.answer_due_at)
    return {step for step in ESCALATION_STEPS if step in delays and step_time(calendar, due, delays[step]) <= now}


def _take_step(session: Session, aspiration: Aspiration, step: str, outbox: Outbox, calendar: WorkingDays) -> None:
    recipients, text_key, template = STEPS[step]
    told: list[Official] = recipients(session, aspiration)
    values = {"aspiration_ref": aspiration.ref, "office": aspiration.department.name,
              "what": official_text("late_what_first_answer"), "due": due_words(aspiration.answer_due_at, calendar.zone)}
    text = official_text(text_key, ref=aspiration.ref, title=aspiration.title, office=values["office"],
                         what=values["what"], due=values["due"])
    for official in told:
        outbox.to_official(official, text, kind="reminder", template=template, values=values)
    names = ", ".join(official.name for official in told) or official_text("nobody_to_tell")
    session.add(AspirationEvent(aspiration_id=aspiration.id, kind=STEP_EVENTS[step], actor="system", note=names))
