"""Declarative base and the column helpers every model shares."""
from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import DateTime, MetaData
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from . import clock

#: Named constraints so that Alembic migrations are the same on SQLite and PostgreSQL.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """Now, from the one clock that tests and the simulator can move (``models.clock``)."""
    return clock.now()


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: DateTime(timezone=True)}


#: How rows are locked (``with_for_update=ROW_LOCK``, ``.with_for_update(**ROW_LOCK)``): FOR NO KEY
#: UPDATE on PostgreSQL. Two lockers of a row still wait for each other, but an insert that names the
#: row (a message's case or official, checked with FOR KEY SHARE) does not wait for its locker: with
#: FOR UPDATE, a job inserting a case's message while another held the case and waited for that
#: job's rows deadlocked, and the loser's message, sent already, stayed ``sending`` for 20 s.
ROW_LOCK = {"key_share": True}


def created_at_column() -> Mapped[datetime]:
    return mapped_column(default=utcnow, index=False)


def as_utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every one we store is UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=timezone.utc)
    return moment
