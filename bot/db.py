"""SQLAlchemy engine and sessions; callers frame the transactions."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, PendingRollbackError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

#: How long the worker waits for a lock or a connection; the web waits less (``web_database_wait``
#: in bot/config.py): Twilio waits 15 seconds for an answer.
WORKER_WAIT_SECONDS = 30


def make_engine(url: str, *, wait_seconds: float = WORKER_WAIT_SECONDS, for_writing: bool = True,
                pooled: bool = True) -> Engine:
    """An engine for ``url`` whose pool lives as long as the process (the worker does not fork per
    job), each connection checked before use so that a restarted database costs one failed check."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    options: dict = {"pool_pre_ping": True, "pool_timeout": wait_seconds} if pooled else {"poolclass": NullPool}
    if url.startswith("postgresql"):
        # A connection, a row lock: neither is waited for longer than ``wait_seconds``.
        options["connect_args"] = {"connect_timeout": max(1, int(wait_seconds)),
                                   "options": f"-c lock_timeout={int(wait_seconds * 1000)}"}
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, begin="BEGIN IMMEDIATE" if for_writing else "BEGIN",
                          busy_timeout_ms=int(wait_seconds * 1000))
    return engine


def _configure_sqlite(engine: Engine, *, begin: str, busy_timeout_ms: int) -> None:
    """WAL, so that readers run beside a writer, and a wait for the lock rather than a failure.
    SQLite has no row locks: a writing transaction takes the write lock when it begins (BEGIN
    IMMEDIATE), so that two webhooks of one resident run one after the other, as FOR UPDATE
    makes them on PostgreSQL."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we say BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql(begin)


def database_unavailable(exc: BaseException) -> bool:
    """The database did not answer (refused, cut off, locked past our wait), as opposed to refusing
    what we asked of it: only the first is worth waiting out."""
    return (isinstance(exc, (OperationalError, InterfaceError, PendingRollbackError, PoolTimeoutError))
            or (isinstance(exc, DBAPIError) and exc.connection_invalidated))


class Database:
    """One engine and its session factory, and on SQLite a second engine for reading only, whose
    transactions do not take the write lock (a CSV streaming to a slow phone must not hold up
    webhooks)."""

    def __init__(self, url: str, *, wait_seconds: float = WORKER_WAIT_SECONDS):
        self.engine = make_engine(url, wait_seconds=wait_seconds)
        self.read_engine = (make_engine(url, wait_seconds=wait_seconds, for_writing=False)
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

    def dispose(self, *, close: bool = True) -> None:
        """Drop pooled connections; ``close=False`` after a fork, where they are the parent's."""
        self.engine.dispose(close=close)
        if self.read_engine is not self.engine:
            self.read_engine.dispose(close=close)
