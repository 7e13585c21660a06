"""Deadlines in working days: when a case is due a first answer and a resolution, and which are late.

A category sets its own numbers of working days (the directory file's ``first_answer_days`` and
``resolve_days``), else these defaults, after Indonesia's rules for public complaints (LAPOR!-SP4N).
Working days are counted in the city's zone, without weekends, national public holidays and the
city's own days off (``models/workdays.py``).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.sql.elements import ColumnElement

from models import OPEN_STATUSES, Case, Category, as_utc
from models.workdays import WorkingDays

from .catalog import t

DEFAULT_FIRST_ANSWER_DAYS = 1
DEFAULT_RESOLVE_DAYS = 10


def set_deadlines(case: Case, category: Category, calendar: WorkingDays, filed_at: datetime) -> None:
    first = category.first_answer_days if category.first_answer_days is not None else DEFAULT_FIRST_ANSWER_DAYS
    resolve = category.resolve_days if category.resolve_days is not None else DEFAULT_RESOLVE_DAYS
    case.first_answer_due_at = calendar.deadline(filed_at, first)
    case.resolve_due_at = calendar.deadline(filed_at, max(resolve, first))


def renew_resolve_deadline(case: Case, category: Category, calendar: WorkingDays, now: datetime) -> None:
    """A reopened case: its resolve deadline counts again from ``now``."""
    days = category.resolve_days if category.resolve_days is not None else DEFAULT_RESOLVE_DAYS
    case.resolve_due_at = calendar.deadline(now, days)


def fill_missing_deadlines(session: Session, calendar: WorkingDays, now: datetime) -> int:
    """Open cases without deadlines get them, counted from ``now`` (the first sweep that sees them):
    cases filed before deadlines existed (from their filing, every old case would climb all its
    escalation steps at once on the first morning), and cases reopened from the console (whose
    resolve deadline it clears). How many were given deadlines."""
    cases = session.scalars(select(Case).where(
        Case.status.in_(OPEN_STATUSES), or_(Case.first_answer_due_at.is_(None), Case.resolve_due_at.is_(None)))
        .options(joinedload(Case.category))).all()
    for case in cases:
        if case.first_answer_due_at is None:
            set_deadlines(case, case.category, calendar, now)
        else:
            renew_resolve_deadline(case, case.category, calendar, now)
    return len(cases)


def last_day(deadline: datetime, zone: ZoneInfo) -> date:
    """The last day a deadline allows, as the city reads it (a deadline is the end of that day,
    i.e. the next midnight: shown as a time, it would read as the day after)."""
    return (as_utc(deadline) - timedelta(microseconds=1)).astimezone(zone).date()


def due_words(deadline: datetime | None, zone: ZoneInfo, language: str = "id") -> str:
    """``paling lambat Rabu, 16-12-2026``: every deadline a person reads, in WhatsApp, the console
    and its export, in these same words; ``-`` for none."""
    if deadline is None:
        return "-"
    day = last_day(deadline, zone)
    return t("due_by", language, weekday=t(f"weekday.{day.weekday()}", language), day=day.strftime("%d-%m-%Y"))


@dataclass(frozen=True)
class Due:
    """What an open case is due next: its first answer while nobody answered, else its resolution."""

    what: str           # "first_answer" or "resolve"
    deadline: datetime  # UTC
    late: bool


def due_of(case: Case, now: datetime) -> Due | None:
    """None once the case is closed (or for a case filed before deadlines existed)."""
    if case.status not in OPEN_STATUSES:
        return None
    what = "first_answer" if case.first_answer_at is None else "resolve"
    deadline = as_utc(case.first_answer_due_at if what == "first_answer" else case.resolve_due_at)
    if deadline is None:
        return None
    return Due(what, deadline, deadline < now)


def is_late(now: datetime) -> ColumnElement[bool]:
    """``due_of(case, now).late`` in SQL, for lists and counts."""
    return and_(Case.status.in_(OPEN_STATUSES), or_(
        and_(Case.first_answer_at.is_(None), Case.first_answer_due_at < now),
        Case.resolve_due_at < now))
