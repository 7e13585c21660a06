"""SQLAlchemy engine and sessions; callers frame the transactions."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool


def make_engine(url: str, *, for_forking_worker: bool = False, for_writing: bool = True) -> Engine:
    """An engine for ``url``. RQ forks a work horse per job, and pooled connections must not
    cross ``fork()``, so the worker opens a fresh connection per session instead."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    options: dict = {"poolclass": NullPool} if for_forking_worker else {"pool_pre_ping": True}
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, begin="BEGIN IMMEDIATE" if for_writing else "BEGIN")
    return engine


def _configure_sqlite(engine: Engine, *, begin: str) -> None:
    """WAL, so that readers run beside a writer, and a wait for the lock rather than a failure.
    SQLite has no row locks: a writing transaction takes the write lock when it begins (BEGIN
    IMMEDIATE), so that two webhooks of one resident run one after the other, as FOR UPDATE
    makes them on PostgreSQL."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(begin)


class Database:
    """One engine and its session factory, and on SQLite a second engine for reading only, whose
    transactions do not take the write lock (a CSV streaming to a slow phone must not hold up
    webhooks)."""

    def __init__(self, url: str, *, for_forking_worker: bool = False):
        self.engine = make_engine(url, for_forking_worker=for_forking_worker)
        self.read_engine = (make_engine(url, for_forking_worker=for_forking_worker, for_writing=False)
                            if self.engine.dialect.name == "sqlite" else self.engine)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.readers = sessionmaker(self.read_engine, expire_on_commit=False)

    @contextmanager
    def session(self, *, read_only: bool = False) -> Iterator[Session]:
        """A session that rolls back on error and always closes; ``read_only`` for pages that
        only look."""
        session = (self.readers if read_only else self.sessions)()
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def dispose(self) -> None:
        self.engine.dispose()
        self.read_engine.dispose()
