"""SQLAlchemy engine and sessions; callers frame the transactions."""
from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool


def make_engine(url: str, *, for_forking_worker: bool = False) -> Engine:
    """An engine for ``url``. RQ forks a work horse per job, and pooled connections must not
    cross ``fork()``, so the worker opens a fresh connection per session instead."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    options: dict = {"poolclass": NullPool} if for_forking_worker else {"pool_pre_ping": True}
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _serialise_sqlite_writers(engine)
    return engine


def _serialise_sqlite_writers(engine: Engine) -> None:
    """SQLite has no row locks: take the write lock when a transaction begins (BEGIN IMMEDIATE),
    so that two webhooks of one resident run one after the other, as FOR UPDATE does on PostgreSQL."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN IMMEDIATE")


class Database:
    """One engine and its session factory."""

    def __init__(self, url: str, *, for_forking_worker: bool = False):
        self.engine = make_engine(url, for_forking_worker=for_forking_worker)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that rolls back on error and always closes."""
        session = self.sessions()
        try:
            yield session
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()
