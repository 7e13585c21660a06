"""The directory as conversations read it, kept in memory.

Categories, themes and officials change only when ``flask directory load`` runs, which bumps the stored
directory version (``bot/directory.py``). Each process checks that version at most once a second,
so a webhook does not read the directory on every message; a load is seen at once in the process
that ran it and within a second everywhere else.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from models import Area, Category, Department, DirectoryVersion, Official, Theme
from models.workdays import WorkingDays

from .areas import AreaIndex, AreaShape

#: Seconds between two looks at the stored directory version.
CHECK_EVERY = 1.0

_local_loads = 0


def directory_changed() -> None:
    """This process loaded the directory: every cache in it reloads at its next use."""
    global _local_loads
    _local_loads += 1


@dataclass(frozen=True)
class CategoryChoice:
    """A category as a resident picks it."""

    id: int
    code: str
    name: str
    name_en: str | None
    evidence_required: bool
    #: ``department`` or ``area`` (models/directory.py)
    route: str = "department"
    #: The department's name, shown beside the category in the list residents tap.
    department: str = ""

    def label(self, language: str) -> str:
        return (self.name_en or self.name) if language == "en" else self.name


@dataclass(frozen=True)
class ThemeChoice:
    """An aspiration's theme as a resident picks it."""

    id: int
    code: str
    name: str
    name_en: str | None
    #: The answering office's name, shown beside the theme in the list residents tap.
    department: str = ""

    def label(self, language: str) -> str:
        return (self.name_en or self.name) if language == "en" else self.name


class DirectoryCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: tuple[int | None, int] | None = None
        self._checked_at = float("-inf")
        self._categories: tuple[CategoryChoice, ...] = ()
        self._themes: tuple[ThemeChoice, ...] = ()
        self._official_phones: frozenset[str] = frozenset()
        self._areas = AreaIndex(())
        self._days_off: tuple[date, ...] = ()
        self._calendars: dict[str, WorkingDays] = {}
        self._escalation: dict[str, int] | None = None

    def categories(self, session: Session) -> list[CategoryChoice]:
        """Active categories in the order residents see them."""
        self._refresh(session)
        return list(self._categories)

    def themes(self, session: Session) -> list[ThemeChoice]:
        """Active aspiration themes in the order residents see them."""
        self._refresh(session)
        return list(self._themes)

    def may_be_official(self, session: Session, phone: str) -> bool:
        """True if ``phone`` belongs to an active official (the caller locks and checks the row)."""
        self._refresh(session)
        return phone in self._official_phones

    def areas(self, session: Session) -> AreaIndex:
        """The active kecamatan and kelurahan, for placing a pin or an address."""
        self._refresh(session)
        return self._areas

    def calendar(self, session: Session, zone: ZoneInfo) -> WorkingDays:
        """Working days in ``zone``: weekdays but national holidays and the city's days off."""
        self._refresh(session)
        calendar = self._calendars.get(zone.key)
        if calendar is None:
            calendar = self._calendars[zone.key] = WorkingDays(zone, self._days_off)
        return calendar

    def escalation(self, session: Session) -> dict[str, int] | None:
        """The directory file's escalation delays, or None for the defaults."""
        self._refresh(session)
        return self._escalation

    def _refresh(self, session: Session) -> None:
        now = time.monotonic()
        if self._seen is not None and self._seen[1] == _local_loads and now - self._checked_at < CHECK_EVERY:
            return
        with self._lock:
            stored = session.execute(select(DirectoryVersion.version, DirectoryVersion.days_off,
                                            DirectoryVersion.escalation)).first()
            seen = (stored.version if stored else None, _local_loads)
            if seen != self._seen:
                self._categories = tuple(
                    CategoryChoice(category.id, category.code, category.name, category.name_en,
                                   category.evidence_required, category.route,
                                   category.department.name if category.department else "")
                    for category in session.scalars(select(Category).where(Category.active)
                                                    .options(joinedload(Category.department))
                                                    .order_by(Category.position, Category.id)))
                default_office = session.scalar(select(Department.name).where(Department.is_default)) or ""
                self._themes = tuple(
                    ThemeChoice(theme.id, theme.code, theme.name, theme.name_en,
                                theme.department.name if theme.department else default_office)
                    for theme in session.scalars(select(Theme).where(Theme.active)
                                                 .options(joinedload(Theme.department))
                                                 .order_by(Theme.position, Theme.id)))
                self._official_phones = frozenset(session.scalars(select(Official.phone).where(Official.active)))
                self._areas = AreaIndex(AreaShape(area.id, area.code, area.name, area.kind, area.parent_id,
                                                  area.boundary)
                                        for area in session.scalars(select(Area).where(Area.active)))
                self._days_off = tuple(date.fromisoformat(day) for day in (stored.days_off or [])) if stored else ()
                self._calendars = {}
                self._escalation = stored.escalation if stored else None
                self._seen = seen
            self._checked_at = now
