"""Late cases climb: the office's officials are reminded, then its head is told, then the mayor's
office, each once, at working-day delays after the missed deadline (the directory file's
``escalation``). The worker's sweep calls ``escalate_late_cases`` every few seconds.

Each step is a timeline event (``reminder_first_answer``, ``head_resolve``, …) written under the
case's row lock, together with the messages it sends: two workers, or a worker restarted between
two sweeps, find the event and do not send it again. A reopened case starts climbing afresh.
"""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from models import ROW_LOCK, CLOSED_STATUSES, OPEN_STATUSES, Case, CaseEvent, Official, as_utc, utcnow
from models.workdays import WorkingDays

from .cases import active_officials, default_department, heads_for
from .catalog import official_text
from .context import HandlerConfig
from .deadlines import due_words, fill_missing_deadlines, is_late
from .outbox import Outbox, PendingJobs

ESCALATION_STEPS = ("reminder", "head", "mayor")
#: Working days after the missed deadline: the reminder at once, the head a day later, the mayor's
#: office a day after that.
DEFAULT_ESCALATION = {"reminder": 0, "head": 1, "mayor": 2}
#: Steps are taken in office hours: a deadline that passes at midnight is reminded of at 07:00.
OFFICE_OPENS = time(7, 0)
DEADLINES = ("first_answer", "resolve")
#: Every step's timeline event, in the order they are taken.
_STEP_ORDER = [f"{step}_{deadline}" for deadline in DEADLINES for step in ESCALATION_STEPS]


def escalate_late_cases(session: Session, config: HandlerConfig, now: datetime | None = None) -> PendingJobs:
    """Take every step that has come due on an open case past a deadline; the caller commits.

    Late cases whose steps are all taken cost only the few reads that find them so (this runs every
    few seconds); a case with a step to take is locked and read again before it is taken."""
    now = now or utcnow()
    calendar = config.directory.calendar(session, config.city_timezone)
    delays = config.directory.escalation(session) or DEFAULT_ESCALATION
    outbox = Outbox(session)
    fill_missing_deadlines(session, calendar, now)
    late = session.scalars(select(Case).where(is_late(now)).order_by(Case.id)).all()
    taken = _steps_taken(session, [case.id for case in late])
    for case_id in [case.id for case in late if _steps_due(case, calendar, delays, now) - taken.get(case.id, set())]:
        case = session.get(Case, case_id, with_for_update=ROW_LOCK, populate_existing=True)
        if case is None or case.status not in OPEN_STATUSES:
            continue
        done = _steps_taken(session, [case.id]).get(case.id, set())
        for kind in sorted(_steps_due(case, calendar, delays, now) - done, key=_STEP_ORDER.index):
            step, deadline = kind.split("_", 1)
            _take_step(session, case, step, deadline, outbox, calendar)
    return outbox.flush()


def _steps_taken(session: Session, case_ids: list[int]) -> dict[int, set[str]]:
    """The steps already taken for each case since it was last opened again (by its resident's
    "belum" or from the console): a reopened case climbs again from its new deadline."""
    taken: dict[int, set[str]] = {}
    if not case_ids:
        return taken
    reopened = or_(CaseEvent.kind == "reopened", and_(
        CaseEvent.kind == "status_changed", CaseEvent.from_status.in_(CLOSED_STATUSES),
        CaseEvent.to_status.in_(OPEN_STATUSES)))
    for case_id, kind in session.execute(
            select(CaseEvent.case_id, CaseEvent.kind)
            .where(CaseEvent.case_id.in_(case_ids), or_(CaseEvent.kind.in_(_STEP_ORDER), reopened))
            .order_by(CaseEvent.id)):
        steps = taken.setdefault(case_id, set())
        if kind in _STEP_ORDER:
            steps.add(kind)
        else:
            steps.clear()
    return taken


def _steps_due(case: Case, calendar: WorkingDays, delays: dict[str, int], now: datetime) -> set[str]:
    return {f"{step}_{deadline}" for deadline in DEADLINES
            for step in _deadline_steps_due(case, deadline, calendar, delays, now)}


def _deadline_steps_due(case: Case, deadline: str, calendar: WorkingDays, delays: dict[str, int],
               now: datetime) -> list[str]:
    """The steps of ``deadline`` whose time has come. A first-answer chain runs while nobody
    answered; a resolve chain once someone did (a case nobody answered climbs on its first
    deadline alone, so that nobody is told twice in one morning when both fall on one day)."""
    if deadline == "first_answer":
        climbs, due = case.first_answer_at is None, case.first_answer_due_at
    else:
        climbs, due = case.first_answer_at is not None, case.resolve_due_at
    if not climbs or due is None:
        return []
    return [step for step in ESCALATION_STEPS
            if step in delays and step_time(calendar, as_utc(due), delays[step]) <= now]


def step_time(calendar: WorkingDays, due: datetime, days_after: int) -> datetime:
    """When a step ``days_after`` working days after the deadline ``due`` happens: the end of that
    working day, moved to the opening of the next office morning."""
    end = calendar.deadline(due - timedelta(microseconds=1), days_after)
    day = calendar.local_date(end)
    if not calendar.is_working_day(day):
        day = calendar.next_working_day(day)
    return datetime.combine(day, OFFICE_OPENS, calendar.zone).astimezone(end.tzinfo)


def _event(session: Session, case: Case, step: str, deadline: str, officials: list[Official]) -> None:
    names = ", ".join(official.name for official in officials) or official_text("nobody_to_tell")
    session.add(CaseEvent(case_id=case.id, kind=f"{step}_{deadline}", actor="system", note=names))


def _values(case: Case, deadline: str, calendar: WorkingDays) -> dict:
    due = case.first_answer_due_at if deadline == "first_answer" else case.resolve_due_at
    return {"ref": case.ref, "office": case.department.name, "what": official_text(f"late_what_{deadline}"),
            "due": due_words(due, calendar.zone)}


def _office_officials(session: Session, case: Case) -> list[Official]:
    return active_officials(case.department) or active_officials(default_department(session))


def _mayors_desk(session: Session, case: Case) -> list[Official]:
    return active_officials(default_department(session))


#: Each step: who is told, and the template that tells them.
STEP_MESSAGES = {
    "reminder": (_office_officials, "reminder"),
    "head": (lambda session, case: heads_for(session, case.department), "head_warning"),
    "mayor": (_mayors_desk, "escalation"),
}


def _take_step(session: Session, case: Case, step: str, deadline: str, outbox: Outbox,
               calendar: WorkingDays) -> None:
    """Tell the step's people, mark the case escalated at the mayor's step, and keep the event."""
    recipients, template = STEP_MESSAGES[step]
    told = recipients(session, case)
    values = _values(case, deadline, calendar)
    for official in told:
        outbox.to_official(official, official_text(template, **values), case=case, kind="reminder",
                           template=template, values=values)
    if step == "mayor" and case.escalated_at is None:
        case.escalated_at = utcnow()
    _event(session, case, step, deadline, told)
