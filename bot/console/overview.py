"""The overview's figures: open cases by status, category and office; per office and per area, what is
open, late, escalated, resolved and reopened, with median times and ratings; yesterday in the city."""
from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from operator import attrgetter
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session, joinedload

from handlers.deadlines import is_late
from models import OPEN_STATUSES, AdminUser, Area, Case, CaseStatus, Department, utcnow

from .queries import _midnight, _utc, visible_cases


def open_counts(session: Session, user: AdminUser, column: str,
                label: Callable[[Any], str]) -> list[tuple[str, int]]:
    """Open cases grouped by a column of Case, each group named by ``label(value)``, biggest first."""
    scoped = visible_cases(user).where(Case.status.in_(OPEN_STATUSES)).subquery()
    query = select(scoped.c[column], func.count()).group_by(scoped.c[column])
    return sorted(((label(value), count) for value, count in session.execute(query)), key=lambda row: -row[1])


RESOLVED_STATUSES = (CaseStatus.RESOLVED, CaseStatus.CLOSED)
#: What the overview's office tables sort by (``?sort=``); the page opens on the most late cases first.
OFFICE_COLUMNS = ("name", "first_answer", "answered", "resolve", "open", "late", "escalated", "resolved",
                  "reopened", "rating")
DEFAULT_SORT = ("late", "desc")
#: The days the office tables look back over.
FIGURE_DAYS = 30


@dataclass
class OfficeRow:
    """One line of the overview's tables: an office's (or an area's) figures. Counts of ``open``,
    ``late`` and ``escalated`` are now; the rest are over the table's last days."""

    #: None for the cases placed in no area.
    name: str | None
    open: int = 0
    late: int = 0
    #: Taken to the mayor's office and still open.
    escalated: int = 0
    #: Resolved or closed within the days, whenever filed.
    resolved: int = 0
    #: How often residents said "not fixed" on the cases filed within the days.
    reopened: int = 0
    #: Of the cases filed within the days: how many got a first answer, and the median wait for it.
    answered: int = 0
    first_answer: timedelta | None = None
    #: Of the cases filed within the days and resolved: the median time from filing to resolving.
    resolve: timedelta | None = None
    rating: float | None = None
    ratings: int = 0


def office_figures(session: Session, user: AdminUser, group: Literal["department", "area"],
                   days: int = FIGURE_DAYS) -> list[OfficeRow]:
    """The overview's table per office (``department``: who answers) or per ``area`` (where the
    cases are), in no order: three queries however many offices, the medians taken in Python so
    that SQLite and PostgreSQL agree."""
    key = Case.department_id if group == "department" else Case.area_id
    now = utcnow()
    since = now - timedelta(days=days)
    rows: dict[int | None, OfficeRow] = {}
    for value, *counts in _current_counts(session, user, key, now, since):
        rows[value] = OfficeRow(None, *counts)
    filed: dict[int | None, list] = {}
    for values in session.execute(visible_cases(user).with_only_columns(
            key, Case.status, Case.created_at, Case.first_answer_at, Case.closed_at, Case.reopen_count,
            Case.rating).where(Case.created_at >= since)):
        filed.setdefault(values[0], []).append(values)
    for value, cases in filed.items():
        _add_timings(rows.setdefault(value, OfficeRow(None)), cases)
    names = _group_names(session, group, [value for value in rows if value is not None])
    for value, row in rows.items():
        row.name = names.get(value)
    return list(rows.values())


def _current_counts(session: Session, user: AdminUser, key, now: datetime, since: datetime):
    """Per value of ``key``: open, late and escalated cases now, and those resolved since ``since``."""
    is_open = Case.status.in_(OPEN_STATUSES)
    resolved = and_(Case.status.in_(RESOLVED_STATUSES), Case.closed_at >= since)
    return session.execute(visible_cases(user).with_only_columns(
        key, _count_if(is_open), _count_if(is_late(now)), _count_if(and_(is_open, Case.escalated_at.is_not(None))),
        _count_if(resolved)).where(or_(is_open, resolved)).group_by(key))


def _count_if(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def _add_timings(row: OfficeRow, cases: list) -> None:
    """The medians, reopens and ratings of the cases filed within the table's days."""
    waits = [_utc(filed.first_answer_at) - _utc(filed.created_at) for filed in cases if filed.first_answer_at]
    spans = [_utc(filed.closed_at) - _utc(filed.created_at) for filed in cases
             if filed.status in RESOLVED_STATUSES and filed.closed_at]
    ratings = [filed.rating for filed in cases if filed.rating is not None]
    row.answered, row.first_answer, row.resolve = len(waits), _median(waits), _median(spans)
    row.reopened = sum(filed.reopen_count or 0 for filed in cases)
    row.rating, row.ratings = (statistics.fmean(ratings) if ratings else None), len(ratings)


def _median(spans: list[timedelta]) -> timedelta | None:
    return timedelta(seconds=statistics.median([span.total_seconds() for span in spans])) if spans else None


def _group_names(session: Session, group: str, ids: list[int]) -> dict[int, str]:
    if group == "department":
        return dict(session.execute(select(Department.id, Department.name).where(Department.id.in_(ids))).all())
    areas = session.scalars(select(Area).where(Area.id.in_(ids)).options(joinedload(Area.parent)))
    return {area.id: area.label() for area in areas}


def office_sort(column: str | None, direction: str | None) -> tuple[str, str]:
    """The sort a query string asks for, if it is one the tables offer; else the latest first."""
    if column in OFFICE_COLUMNS and direction in ("asc", "desc"):
        return column, direction
    return DEFAULT_SORT


def sort_offices(rows: list[OfficeRow], column: str, direction: str) -> list[OfficeRow]:
    """Rows by ``column``; ties by name, and rows without the figure (no median yet, no area) last
    whichever the direction, so that "slowest first" does not open on offices with no cases."""
    by_name = sorted(rows, key=lambda row: (row.name is None, row.name or ""))
    known = [row for row in by_name if getattr(row, column) is not None]
    unknown = [row for row in by_name if getattr(row, column) is None]
    return sorted(known, key=attrgetter(column), reverse=direction == "desc") + unknown


@dataclass(frozen=True)
class DaySummary:
    """The figures of the mayor's morning digest: yesterday in the city's zone, and now."""

    new_yesterday: int
    open: int
    late: int
    escalated: int
    resolved_yesterday: int


def day_summary(session: Session, user: AdminUser, zone: ZoneInfo) -> DaySummary:
    """The digest's figures for the cases this account sees: one query."""
    now = utcnow()
    today = now.astimezone(zone).date()
    start, end = _midnight(today - timedelta(days=1), zone), _midnight(today, zone)
    is_open = Case.status.in_(OPEN_STATUSES)
    filed = and_(Case.created_at >= start, Case.created_at < end)
    resolved = and_(Case.status.in_(RESOLVED_STATUSES), Case.closed_at >= start, Case.closed_at < end)
    query = visible_cases(user).with_only_columns(
        _count_if(filed), _count_if(is_open), _count_if(is_late(now)),
        _count_if(and_(is_open, Case.escalated_at.is_not(None))), _count_if(resolved)
    ).where(or_(is_open, filed, resolved))
    return DaySummary(*session.execute(query).one())


def oldest_unanswered(session: Session, user: AdminUser, limit: int = 10) -> list[Case]:
    query = (visible_cases(user).where(Case.status.in_(OPEN_STATUSES), Case.first_answer_at.is_(None))
             .options(joinedload(Case.category), joinedload(Case.department))
             .order_by(Case.created_at).limit(limit))
    return list(session.scalars(query))


