"""SQLAlchemy engine and sessions; callers frame the transactions."""
from __future__ import annotations

import logging
import math
import os
import socket
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, InterfaceError, InvalidatePoolError, OperationalError, PendingRollbackError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

log = logging.getLogger(__name__)

#: How long the worker waits for a lock or a connection; the web waits less (``web_database_wait``
#: in bot/config.py): Twilio waits 15 seconds for an answer.
WORKER_WAIT_SECONDS = 30
#: How much longer than the server's own limits (statement_timeout, lock_timeout) a call waits for
#: an answer before its connection is cut: a server that answers at all says so first.
ANSWER_GRACE_SECONDS = 1.0


def make_engine(url: str, *, wait_seconds: float = WORKER_WAIT_SECONDS, for_writing: bool = True,
                pooled: bool = True) -> Engine:
    """An engine for ``url`` whose pool lives as long as the process (the worker does not fork per
    job), each connection checked before use so that a restarted database costs one failed check.

    On PostgreSQL nothing waits for the database much longer than ``wait_seconds``, even when it
    stops answering without refusing (a partition, a frozen host): see ``_postgresql_limits`` and
    ``_answer_within``. ``pooled=False`` (migrations, one-off scripts) limits connections and locks
    only: a migration's statement may rightly run long."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    options: dict = {"pool_pre_ping": True, "pool_timeout": wait_seconds} if pooled else {"poolclass": NullPool}
    watched = pooled and url.startswith("postgresql+psycopg:")
    if url.startswith("postgresql"):
        options["connect_args"] = _postgresql_limits(wait_seconds, limit_statements=pooled)
    if watched:
        options["pool_pre_ping"] = False  # _answer_within pings, under the watchdog
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine, begin="BEGIN IMMEDIATE" if for_writing else "BEGIN",
                          busy_timeout_ms=int(wait_seconds * 1000))
    if watched:
        _answer_within(engine, wait_seconds + ANSWER_GRACE_SECONDS)
    return engine


def _postgresql_limits(wait_seconds: float, *, limit_statements: bool) -> dict:
    """libpq's parameters. A connection is made within ``wait_seconds`` (psycopg waits at least 2),
    a row lock and (``limit_statements``) a statement are waited for as long at most, the server
    saying so (an OperationalError: the webhook spools). Those need a server that answers: TCP
    keepalives and tcp_user_timeout have the kernel give up on a host that no longer acknowledges
    anything (a partition, a host gone), an idle pooled connection included; a host or proxy that
    acknowledges but does not answer is the watchdog's (``_answer_within``)."""
    wait_ms = max(1, int(wait_seconds * 1000))
    server = f"-c lock_timeout={wait_ms}" + (f" -c statement_timeout={wait_ms}" if limit_statements else "")
    limits: dict[str, Any] = {
        "connect_timeout": max(2, math.ceil(wait_seconds)),
        "keepalives": 1,
        "keepalives_idle": max(1, math.ceil(wait_seconds)),  # seconds of silence before the first probe
        "keepalives_interval": 1,
        "keepalives_count": 3,
        "options": server,
    }
    try:
        from psycopg import pq

        tcp_user_timeout = pq.version() >= 120000  # libpq 12 has it; older ones refuse to connect
    except ImportError:  # another driver: libpq's own version is unknown here
        tcp_user_timeout = False
    if tcp_user_timeout:
        # Sent data unacknowledged this long (ms) ends the connection; also bounds the keepalives.
        limits["tcp_user_timeout"] = int((wait_seconds + ANSWER_GRACE_SECONDS) * 1000)
    return limits


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


#: Keys in a pool entry's ``info`` (which lives as long as its DBAPI connection).
_UNPINGED, _CUT = "lapor.unpinged", "lapor.cut"


def _answer_within(engine: Engine, seconds: float) -> None:
    """No call to the database waits more than ``seconds`` for its answer: each round trip (the
    check on checkout, a statement, a commit or rollback, the rollback on return to the pool) is
    armed with a deadline, and the process's one watchdog thread shuts down the socket of a
    connection still waiting at its deadline. The blocked call then fails at once (the connection
    is lost: an OperationalError, which ``database_unavailable`` knows, and SQLAlchemy discards the
    connection). Arming is a dict entry: no thread or timer per call.

    The check on checkout replaces ``pool_pre_ping``, which runs before any event: a pooled
    connection that fails its check quickly (a restarted database) is replaced, as pre-ping does;
    one that got no answer is not, since a new connection would wait as long: the request fails
    now, within its wait."""
    dialect = engine.dialect
    dbapi = dialect.loaded_dbapi

    @event.listens_for(engine, "connect", insert=True)  # before SQLAlchemy's first queries on it
    def _connected(dbapi_connection, record):
        record.info[_UNPINGED] = True
        _WATCHDOG.arm(dbapi_connection, seconds)

    @event.listens_for(engine, "checkout")
    def _checked_out(dbapi_connection, record, _proxy):
        if record.info.pop(_UNPINGED, False):  # just made: nothing to check
            _WATCHDOG.disarm(dbapi_connection)
            return
        _WATCHDOG.arm(dbapi_connection, seconds, record.info)
        try:
            dialect.do_ping(dbapi_connection)
        except dbapi.Error as exc:
            _WATCHDOG.disarm(dbapi_connection)
            if record.info.get(_CUT):
                raise dbapi.OperationalError(f"the database did not answer within {seconds:g} s") from exc
            if dialect.is_disconnect(exc, dbapi_connection, None):
                raise InvalidatePoolError() from exc  # as pre-ping: all pooled ones are stale, try a new one
            raise
        _WATCHDOG.disarm(dbapi_connection)

    @event.listens_for(engine, "before_cursor_execute")
    def _executing(_conn, cursor, *_args):
        _WATCHDOG.arm(cursor.connection, seconds)

    @event.listens_for(engine, "after_cursor_execute")
    def _executed(_conn, cursor, *_args):
        _WATCHDOG.disarm(cursor.connection)

    # No event follows a commit or rollback: their deadline lapses unused (the watchdog cuts only a
    # connection still waiting for the server), or the next call or the checkin replaces it.
    @event.listens_for(engine, "commit")
    @event.listens_for(engine, "rollback")
    def _ending(conn: Connection):
        if not conn.closed and not conn.invalidated:
            _WATCHDOG.arm(conn.connection.dbapi_connection, seconds)

    @event.listens_for(engine, "reset")
    def _resetting(dbapi_connection, _record, _state):
        _WATCHDOG.arm(dbapi_connection, seconds)

    def _done(dbapi_connection, *_args):
        _WATCHDOG.disarm(dbapi_connection)

    for done in ("checkin", "invalidate", "close", "close_detached"):
        event.listen(engine, done, _done)


class _Watchdog:
    """The process's one thread that cuts connections whose call is not answered by its deadline;
    asleep (without a timeout) while no call is out. Deadlines are set and cleared under its lock,
    and a cut is made under it too; the pool clears a connection's deadline before it closes it
    (checkin, invalidate, close), and a closed connection is never "waiting": a socket is not cut
    after its connection closed and its number went to another socket."""

    def __init__(self):
        self._start_afresh()
        os.register_at_fork(after_in_child=self._start_afresh)  # threads do not survive a fork

    def _start_afresh(self) -> None:
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._deadlines: dict[int, tuple[float, Any, dict | None]] = {}
        self._wakes_at = math.inf
        self._thread: threading.Thread | None = None

    def arm(self, dbapi_connection, seconds: float, info: dict | None = None) -> None:
        """Cut ``dbapi_connection`` if it still waits for the server in ``seconds``; ``info`` (a
        pool entry's) is told, as ``info[_CUT]``."""
        if dbapi_connection is None:
            return
        deadline = time.monotonic() + seconds
        with self._lock:
            self._deadlines[id(dbapi_connection)] = (deadline, dbapi_connection, info)
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="database-watchdog", daemon=True)
                self._thread.start()
            if deadline < self._wakes_at:
                self._changed.notify()

    def disarm(self, dbapi_connection) -> None:
        if dbapi_connection is None:
            return
        with self._lock:
            self._deadlines.pop(id(dbapi_connection), None)

    def _watch(self) -> None:
        with self._lock:
            while True:
                now = time.monotonic()
                for key, (deadline, connection, info) in list(self._deadlines.items()):
                    if deadline <= now:
                        del self._deadlines[key]
                        try:
                            if _cut_if_waiting(connection) and info is not None:
                                info[_CUT] = True
                        except Exception:  # the watchdog must outlive any one connection
                            log.exception("the database watchdog could not look at a connection")
                self._wakes_at = min((entry[0] for entry in self._deadlines.values()), default=math.inf)
                self._changed.wait(None if self._wakes_at == math.inf else self._wakes_at - now)


def _cut_if_waiting(dbapi_connection) -> bool:
    """Shut down the socket of a psycopg connection that waits for the server's answer (libpq:
    a command in progress); one idle in our code is left alone. Its blocked read returns at once."""
    from psycopg.pq import TransactionStatus

    try:
        pgconn = dbapi_connection.pgconn
        if pgconn.transaction_status != TransactionStatus.ACTIVE:
            return False
        duplicate = os.dup(pgconn.socket)
    except Exception:  # closed, or lost, meanwhile: nothing to cut
        return False
    try:
        with socket.socket(fileno=duplicate) as sock:  # shutting down the copy shuts the one socket
            sock.shutdown(socket.SHUT_RDWR)
    except OSError as exc:
        log.warning("could not cut a database connection that does not answer: %s", exc)
        return False
    log.warning("the database did not answer in time: the connection waiting for it was cut")
    return True


_WATCHDOG = _Watchdog()
