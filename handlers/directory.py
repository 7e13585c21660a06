"""The directory as conversations read it, kept in memory.

Categories and officials change only when ``flask directory load`` runs, which bumps the stored
directory version (``bot/directory.py``). Each process checks that version at most once a second,
so a webhook does not read the directory on every message; a load is seen at once in the process
that ran it and within a second everywhere else.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from models import Category, DirectoryVersion, Official

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

    def label(self, language: str) -> str:
        return (self.name_en or self.name) if language == "en" else self.name


class DirectoryCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: tuple[int | None, int] | None = None
        self._checked_at = float("-inf")
        self._categories: tuple[CategoryChoice, ...] = ()
        self._official_phones: frozenset[str] = frozenset()

    def categories(self, session: Session) -> list[CategoryChoice]:
        """Active categories in the order residents see them."""
        self._refresh(session)
        return list(self._categories)

    def may_be_official(self, session: Session, phone: str) -> bool:
        """True if ``phone`` belongs to an active official (the caller locks and checks the row)."""
        self._refresh(session)
        return phone in self._official_phones

    def _refresh(self, session: Session) -> None:
        now = time.monotonic()
        if self._seen is not None and self._seen[1] == _local_loads and now - self._checked_at < CHECK_EVERY:
            return
        with self._lock:
            seen = (session.scalar(select(DirectoryVersion.version)), _local_loads)
            if seen != self._seen:
                self._categories = tuple(
                    CategoryChoice(category.id, category.code, category.name, category.name_en,
                                   category.evidence_required)
                    for category in session.scalars(select(Category).where(Category.active)
                                                    .order_by(Category.position, Category.id)))
                self._official_phones = frozenset(session.scalars(select(Official.phone).where(Official.active)))
                self._seen = seen
            self._checked_at = now
