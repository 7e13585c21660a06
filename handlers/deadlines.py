"""Deadlines in working days: when a case is due a first answer and a resolution, and which are late.

A category sets its own numbers of working days (the directory file's ``first_answer_days`` and
``resolve_days``), else these defaults, after Indonesia's rules for public complaints (LAPOR!-SP4N).
Working days are counted in the city's zone, without weekends, national public holidays and the
city's own days off (``models/workdays.py``).
"""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_
from sqlalchemy.sql.elements import ColumnElement

from models import OPEN_STATUSES, Case, Category, as_utc
from models.workdays import WorkingDays

DEFAULT_FIRST_ANSWER_DAYS = 1
DEFAULT_RESOLVE_DAYS = 10


def set_deadlines(case: Case, category: Category, calendar: WorkingDays, filed_at: datetime) -> None:
    first = category.first_answer_days if category.first_answer_days is not None else DEFAULT_FIRST_ANSWER_DAYS
    resolve = category.resolve_days if category.resolve_days is not None else DEFAULT_RESOLVE_DAYS
    case.first_answer_due_at = calendar.deadline(filed_at, first)
    case.resolve_due_at = calendar.deadline(filed_at, max(resolve, first))


def due_day(deadline: datetime | None, zone: ZoneInfo) -> str:
    """``30-11-2026``: the last day a deadline allows, as the city reads it (a deadline is the end
    of that day, i.e. the next midnight)."""
    if deadline is None:
        return "-"
    return (as_utc(deadline) - timedelta(microseconds=1)).astimezone(zone).strftime("%d-%m-%Y")


def late_for(case: Case, now: datetime) -> str | None:
    """``first_answer`` while an open case waits past its first-answer deadline, ``resolve`` once
    it is past its resolve deadline, else None."""
    if case.status not in OPEN_STATUSES:
        return None
    if case.first_answer_at is None and _passed(case.first_answer_due_at, now):
        return "first_answer"
    if _passed(case.resolve_due_at, now):
        return "resolve"
    return None


def next_due(case: Case) -> datetime | None:
    """What the case is due next: a first answer, else its resolution (None once closed)."""
    if case.status not in OPEN_STATUSES:
        return None
    return as_utc(case.first_answer_due_at if case.first_answer_at is None else case.resolve_due_at)


def is_late(now: datetime) -> ColumnElement[bool]:
    """``late_for`` in SQL, for lists and counts."""
    return and_(Case.status.in_(OPEN_STATUSES), or_(
        and_(Case.first_answer_at.is_(None), Case.first_answer_due_at < now),
        Case.resolve_due_at < now))


def _passed(deadline: datetime | None, now: datetime) -> bool:
    return deadline is not None and as_utc(deadline) < now
