"""The mayor's morning digest: each working day at 07:00 city time, the mayor's office desk (and every
number under ``digest:`` in the directory file) gets one WhatsApp template with the cases new and
resolved since the previous working day's digest (yesterday; on a Monday, Friday to Sunday), what is
open, late and escalated, the three slowest offices, the residents' aspirations that reached
their support threshold or wait past their answer deadline, and the budget rounds whose voting
opened, closes tonight or closed.

The sweep calls ``send_due_digest`` every few seconds; the day's row in ``daily_digests`` (its
primary key) makes it once a day, whichever worker gets there first.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from models import (CLOSED_STATUSES, OPEN_STATUSES, Aspiration, AspirationStatus, Case, CaseStatus, DailyDigest, Department, DirectoryVersion,
                    Message, MessageDirection, MessageStatus, Round)
from models.workdays import WorkingDays

from .cases import active_officials, default_department
from .catalog import official_text
from .context import HandlerConfig
from .deadlines import is_late
from .outbox import Outbox, PendingJobs

DIGEST_AT = time(7, 0)
SLOWEST_OFFICES = 3
#: Aspirations that crossed their threshold named by reference in the digest (the rest counted).
IDEAS_NAMED = 3


@dataclass(frozen=True)
class DigestFigures:
    first_day: date             # the days the figures are about: since the last working day's digest
    last_day: date
    new: int
    open: int
    late: int
    escalated: int
    resolved: int
    slowest: list[tuple[str, int]]  # offices with the most late cases, and how many
    #: Aspirations whose supports reached their threshold in those days (refs), and those whose
    #: office has not answered by the deadline.
    ideas_crossed: tuple[str, ...] = ()
    ideas_late: int = 0
    #: Budget rounds whose voting opened in those days or today, closes tonight, or closed since.
    rounds_opened: tuple[str, ...] = ()
    rounds_closing: tuple[str, ...] = ()
    rounds_closed: tuple[str, ...] = ()

    def period(self) -> str:
        """``28-12-2026``, or ``31-12-2026 s.d. 03-01-2027`` on a Monday or after a holiday."""
        last = self.last_day.strftime("%d-%m-%Y")
        return last if self.first_day == self.last_day else f"{self.first_day.strftime('%d-%m-%Y')} s.d. {last}"

    def slowest_text(self) -> str:
        if not self.slowest:
            return official_text("digest_none_late")
        return "; ".join(f"{name} ({late})" for name, late in self.slowest)


    def ideas_text(self) -> str:
        if not self.ideas_crossed and not self.ideas_late:
            return official_text("digest_ideas_none")
        shown = self.ideas_crossed[:IDEAS_NAMED]
        refs = f" ({', '.join(shown)}{', …' if len(self.ideas_crossed) > len(shown) else ''})" if shown else ""
        return official_text("digest_ideas", crossed=len(self.ideas_crossed), refs=refs, late=self.ideas_late)

    def rounds_text(self) -> str:
        parts = [official_text(f"digest_rounds_{what}", names=", ".join(names))
                 for what, names in (("opened", self.rounds_opened), ("closing", self.rounds_closing),
                                     ("closed", self.rounds_closed)) if names]
        return "; ".join(parts) or official_text("digest_rounds_none")


def digest_figures(session: Session, calendar: WorkingDays, today: date, now: datetime) -> DigestFigures:
    """The figures for the digest sent on ``today``: new and resolved cases since the previous working
    day began (yesterday, or Friday to Sunday on a Monday: no day goes uncounted), in the city's
    zone; open, late and escalated as they stand ``now``."""
    first_day = previous_working_day(calendar, today)
    # In UTC: SQLite compares stored times as text, whatever zone a bound carries.
    start = datetime.combine(first_day, time(0), calendar.zone).astimezone(timezone.utc)
    end = datetime.combine(today, time(0), calendar.zone).astimezone(timezone.utc)
    tonight = end + timedelta(days=1)
    count = lambda *where: session.scalar(select(func.count()).select_from(Case).where(*where))  # noqa: E731
    rounds = lambda *where: tuple(session.scalars(select(Round.name).where(*where).order_by(Round.id)))  # noqa: E731
    slowest = session.execute(
        select(Department.name, func.count(Case.id)).join(Department, Department.id == Case.department_id)
        .where(is_late(now)).group_by(Department.name)
        .order_by(func.count(Case.id).desc(), Department.name).limit(SLOWEST_OFFICES)).all()
    return DigestFigures(
        first_day=first_day, last_day=today - timedelta(days=1),
        new=count(Case.created_at >= start, Case.created_at < end),
        open=count(Case.status.in_(OPEN_STATUSES)),
        late=count(is_late(now)),
        escalated=count(Case.status.in_(OPEN_STATUSES), Case.escalated_at.is_not(None)),
        resolved=count(Case.status.in_(CLOSED_STATUSES), Case.status != CaseStatus.DECLINED,
                       Case.closed_at >= start, Case.closed_at < end),
        slowest=[(name, late) for name, late in slowest],
        ideas_crossed=tuple(session.scalars(select(Aspiration.ref).where(
            Aspiration.forwarded_at >= start, Aspiration.forwarded_at < end).order_by(Aspiration.id))),
        ideas_late=session.scalar(select(func.count()).select_from(Aspiration).where(
            Aspiration.status == AspirationStatus.FORWARDED, Aspiration.answer_due_at < now)) or 0,
        rounds_opened=rounds(Round.voting_from >= start, Round.voting_from <= now),
        rounds_closing=rounds(Round.results_from > now, Round.results_from <= tonight),
        rounds_closed=rounds(Round.results_from >= start, Round.results_from <= now))


def previous_working_day(calendar: WorkingDays, day: date) -> date:
    """The last working day before ``day`` (a year back at most: then simply the day before)."""
    for back in range(1, 367):
        earlier = day - timedelta(days=back)
        if calendar.is_working_day(earlier):
            return earlier
    return day - timedelta(days=1)


def send_due_digest(session: Session, config: HandlerConfig, now: datetime) -> PendingJobs:
    """Today's digest, once, if today is a working day and it is past 07:00 in the city; the caller
    commits."""
    calendar = config.directory.calendar(session, config.city_timezone)
    local = now.astimezone(calendar.zone)
    today = local.date()
    outbox = Outbox(session)
    if not calendar.is_working_day(today) or local.time() < DIGEST_AT:
        return outbox.flush()
    try:
        with session.begin_nested():
            session.add(DailyDigest(day=today))
            session.flush()
    except IntegrityError:
        return outbox.flush()  # sent already, by this worker or another
    figures = digest_figures(session, calendar, today, now)
    values = {"day": figures.period(), "new": str(figures.new), "open": str(figures.open),
              "late": str(figures.late), "escalated": str(figures.escalated), "resolved": str(figures.resolved),
              "slowest": figures.slowest_text(), "ideas": figures.ideas_text(),
              "rounds": figures.rounds_text()}
    text = official_text("digest", **values)
    for phone, official in _recipients(session).items():
        if official is not None:
            outbox.to_official(official, text, kind="digest", template="digest", values=values)
        else:
            outbox.add(Message(direction=MessageDirection.OUTBOUND, phone=phone, kind="digest", body=text,
                               status=MessageStatus.PENDING, template="digest", template_values=values))
    return outbox.flush()


def _recipients(session: Session) -> dict:
    """The mayor's office desk (the default department's officials), then the directory's
    ``digest:`` numbers; each phone once. An official's row is kept where there is one."""
    recipients = {official.phone: official for official in active_officials(default_department(session))}
    for phone in session.scalar(select(DirectoryVersion.digest_phones)) or []:
        recipients.setdefault(phone, None)
    return recipients
