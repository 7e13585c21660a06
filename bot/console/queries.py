"""What the console reads: the cases an account may see, filtered, and the numbers that keep failing
(the overview's figures are in ``overview.py``).

Every query that returns cases starts from ``visible_cases``, so a staff account never sees
another department's case, whichever page or URL asks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, joinedload

from bot.phones import to_e164
from handlers.references import CASE, ReferenceKinds
from handlers.delivery import FAILING_AFTER, WINDOW_CLOSED, error_meaning, keeps_failing
from models import (OPEN_STATUSES, AdminUser, Area, Case, Category, Department, Message, MessageDirection,
                    MessageStatus, Official, Resident)

PAGE_SIZE = 50
#: Outbound messages whose fate is known: they count towards whether a number keeps failing.
FINISHED_OUTCOMES = (MessageStatus.SENT, MessageStatus.DELIVERED, MessageStatus.READ, MessageStatus.FAILED,
                     MessageStatus.UNDELIVERED)
_QUERY_ARGS = ("status", "category", "department", "date_from", "date_to", "q")
_PHONE = re.compile(r"^\s*\+?[\d\s().-]{8,20}$")
#: The days the date filters take; a bound beyond them (9999-12-31) is clamped: it excludes as much,
#: and its midnight, in UTC or a day later, still exists.
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(9000, 12, 31)


def visible_cases(user: AdminUser) -> Select:
    query = select(Case)
    if user.role != "admin":
        query = query.where(Case.department_id == user.department_id)
    return query


def may_see(user: AdminUser, case: Case) -> bool:
    return user.role == "admin" or case.department_id == user.department_id


@dataclass(frozen=True)
class CaseFilters:
    """The list's filters, as the query string carries them (and the CSV export reuses them)."""

    status: str = ""
    category: str = ""
    department: str = ""
    date_from: str = ""
    date_to: str = ""
    q: str = ""
    #: Not in the query string: what a reference starts with, so that "RT 05" is searched as words.
    case_prefix: str = field(default="LPR", compare=False)
    #: Not in the query string either: the city's zone, whose whole days the date filters take.
    zone: ZoneInfo = field(default=ZoneInfo("Asia/Jakarta"), compare=False)
    #: Whether a phone number finds that resident's cases: for admins only, since staff must not
    #: learn who filed a case; for others a number is searched as words.
    phone_search: bool = field(default=False, compare=False)

    @classmethod
    def from_args(cls, args, case_prefix: str, zone: ZoneInfo, *, phone_search: bool = False) -> "CaseFilters":
        """The filters of a query string; NUL, which no database query may carry, is dropped."""
        return cls(**{name: (args.get(name) or "").replace("\x00", "").strip()[:200] for name in _QUERY_ARGS},
                   case_prefix=case_prefix, zone=zone, phone_search=phone_search)

    @classmethod
    def for_account(cls, args, user: AdminUser, case_prefix: str, zone: ZoneInfo) -> "CaseFilters":
        """The filters of a query string as this account may use them: what the list, the CSV and the
        map all read, so that a link from one to another keeps the same cases."""
        return cls.from_args(args, case_prefix, zone, phone_search=user.role == "admin")

    def as_args(self) -> dict:
        return {name: getattr(self, name) for name in _QUERY_ARGS if getattr(self, name)}

    def apply(self, query: Select) -> Select:
        if self.status:
            query = query.where(Case.status == self.status)
        if self.category:
            query = query.where(Case.category_id == select(Category.id).where(
                Category.code == self.category).scalar_subquery())
        if self.department:
            query = query.where(Case.department_id == select(Department.id).where(
                Department.code == self.department).scalar_subquery())
        start, end = _day(self.date_from), _day(self.date_to)
        if start:
            query = query.where(Case.created_at >= _midnight(start, self.zone))
        if end:
            query = query.where(Case.created_at < _midnight(end + timedelta(days=1), self.zone))
        return _search(query, self.q, self.case_prefix, self.phone_search) if self.q else query


def _day(value: str) -> date | None:
    """The day typed, clamped to the days the filters take; None for no day, or not a date."""
    try:
        day = date.fromisoformat(value) if value else None
    except ValueError:
        return None
    return min(max(day, EARLIEST_DAY), LATEST_DAY) if day else None


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    """The start of ``day`` in the city's ``zone``, as the console shows days, in UTC as times are stored."""
    return datetime.combine(day, time(), zone).astimezone(timezone.utc)


def _search(query: Select, text: str, case_prefix: str, phone_search: bool) -> Select:
    """A reference finds that case; a phone number that resident's cases (where ``phone_search``);
    anything else, words of the description (each word must appear)."""
    ref = ReferenceKinds({CASE: case_prefix}).parse(text)
    if ref is not None and ref.kind == CASE:
        return query.where(Case.ref == ref.text)
    if phone_search and _PHONE.match(text):
        try:
            phone = to_e164(text)
        except ValueError:
            phone = None
        if phone:
            return query.where(Case.resident_id == select(Resident.id).where(
                Resident.phone == phone).scalar_subquery())
    words = [word for word in text.split() if word][:8]
    return query.where(and_(*(Case.description.ilike(f"%{_escape_like(word)}%", escape="\\")
                              for word in words)))


def _escape_like(word: str) -> str:
    return word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def case_page(session: Session, user: AdminUser, filters: CaseFilters, before: int | None) -> list[Case]:
    """One page of the list, newest first; keyset pagination stays fast deep into 100,000 cases."""
    query = filters.apply(visible_cases(user)).options(
        joinedload(Case.category), joinedload(Case.department), joinedload(Case.area).joinedload(Area.parent))
    if before:
        query = query.where(Case.id < before)
    return list(session.scalars(query.order_by(Case.id.desc()).limit(PAGE_SIZE + 1)))


def cases_for_export(session: Session, user: AdminUser, filters: CaseFilters):
    query = filters.apply(visible_cases(user)).options(
        joinedload(Case.category), joinedload(Case.department), joinedload(Case.resident),
        joinedload(Case.area).joinedload(Area.parent))
    return session.scalars(query.order_by(Case.id.desc()).execution_options(yield_per=1000))


def pinned_open_cases(session: Session, user: AdminUser, filters: CaseFilters) -> list[Case]:
    """The map's cases: open, with a pin, filtered as the list is; oldest first."""
    query = _open(filters.apply(visible_cases(user))).where(
        Case.latitude.is_not(None), Case.longitude.is_not(None)).options(
        joinedload(Case.category), joinedload(Case.department), joinedload(Case.area).joinedload(Area.parent))
    return list(session.scalars(query.order_by(Case.id)))


def unpinned_open_count(session: Session, user: AdminUser, filters: CaseFilters) -> int:
    """How many of the same open cases have no pin (a typed address), so the map can say so."""
    query = _open(filters.apply(visible_cases(user))).where(or_(Case.latitude.is_(None), Case.longitude.is_(None)))
    return session.scalar(query.with_only_columns(func.count(Case.id)))


def _open(query: Select) -> Select:
    return query.where(Case.status.in_(OPEN_STATUSES))


@dataclass(frozen=True)
class FailingNumber:
    phone: str
    code: str | None
    meaning: str | None
    since: datetime


def failing_numbers(session: Session, phones: list[str]) -> dict[str, FailingNumber]:
    """Which of ``phones`` WhatsApp keeps refusing (handlers.delivery.keeps_failing), from each
    number's latest finished messages: one query, however many numbers."""
    if not phones:
        return {}
    ranked = select(Message.phone, Message.status, Message.error_code, Message.error_message,
                    func.coalesce(Message.status_updated_at, Message.created_at).label("at"),
                    func.row_number().over(partition_by=Message.phone, order_by=Message.id.desc()).label("n")
                    ).where(Message.direction == MessageDirection.OUTBOUND, Message.phone.in_(phones),
                            Message.status.in_(FINISHED_OUTCOMES)).subquery()
    rows = session.execute(select(ranked).where(ranked.c.n <= FAILING_AFTER + 5).order_by(ranked.c.phone, ranked.c.n))
    latest: dict[str, list] = {}
    for row in rows:
        latest.setdefault(row.phone, []).append(row)
    failing = {}
    for phone, history in latest.items():
        if keeps_failing([(row.status, row.error_code) for row in history]):
            newest = next(row for row in history if row.error_code != WINDOW_CLOSED)
            failing[phone] = FailingNumber(phone, newest.error_code, newest.error_message or error_meaning(
                newest.error_code), _utc(newest.at))
    return failing


def failing_officials(session: Session, user: AdminUser) -> list[tuple[Official, FailingNumber]]:
    """Active officials (of the account's department, for staff) whose WhatsApp keeps failing."""
    query = select(Official).where(Official.active).options(joinedload(Official.department))
    if user.role != "admin":
        query = query.where(Official.department_id == user.department_id)
    officials = list(session.scalars(query.order_by(Official.department_id, Official.name)))
    failing = failing_numbers(session, [official.phone for official in officials])
    return [(official, failing[official.phone]) for official in officials if official.phone in failing]


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def resident_filter(user: AdminUser, resident_id: int):
    """Cases of one resident that this account may see."""
    return visible_cases(user).where(Case.resident_id == resident_id)

