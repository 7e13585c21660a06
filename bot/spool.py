"""The spool: where the webhooks keep what Twilio posted (a message, a delivery status) when the
database does not answer.

An append-only file under the instance directory, one JSON line per post with the time it came,
flushed to disk before the webhook answers Twilio. The web process that wrote it moves its lines
into the database as soon as the database answers again (``bot/spool_drain.py``), deduplicated
on MessageSid, in the order they came; a worker on the same machine does too, as a safety net.

Writers and the drainer take an exclusive ``flock`` on the file. The drainer renames the file
before reading it; a writer that waited for the lock and finds its file renamed opens the new one,
so no line lands in a file that was already read.
"""
from __future__ import annotations

import fcntl
import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from werkzeug.datastructures import MultiDict

from models import utcnow

SPOOL_NAME = "inbound-spool.jsonl"
DRAINING_PREFIX = "inbound-spool.draining-"
#: Spooled messages the database refused for good (not for being down): kept for a person to read.
REJECTED_NAME = "rejected.jsonl"


def spool_dir(instance_dir: Path) -> Path:
    return instance_dir / "spool"


#: What a line holds: an inbound message, or a status callback.
MESSAGE, STATUS = "message", "status"


@dataclass(frozen=True)
class Spooled:
    """One post as the webhook kept it."""
    kind: str
    form: MultiDict
    received_at: datetime
    #: The file it was read from.
    path: Path


def append(instance_dir: Path, form: MultiDict, kind: str = MESSAGE) -> None:
    """Keep ``form`` on disk, durably, before anyone is told it was received."""
    _append_line(spool_dir(instance_dir) / SPOOL_NAME, form, kind, utcnow())


def reject(instance_dir: Path, entry: Spooled) -> None:
    _append_line(spool_dir(instance_dir) / REJECTED_NAME, entry.form, entry.kind, entry.received_at)


def _append_line(path: Path, form: MultiDict, kind: str, received_at: datetime) -> None:
    line = json.dumps({"received_at": received_at.isoformat(), "kind": kind, "form": form.to_dict(flat=False)},
                      ensure_ascii=False).encode() + b"\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT, 0o600)  # read: to see how the last line ends
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if _same_file(fd, path):
                _write_whole(fd, line)
                os.fsync(fd)
                return
        finally:
            os.close(fd)  # closing releases the lock


def _write_whole(fd: int, line: bytes) -> None:
    """Write all of ``line``, on a line of its own: a writer killed mid-line (or a full disk) left
    half a line, which must not swallow this one."""
    size = os.fstat(fd).st_size
    if size and os.pread(fd, 1, size - 1) != b"\n":
        line = b"\n" + line
    view = memoryview(line)
    while view:
        view = view[os.write(fd, view):]


def _same_file(fd: int, path: Path) -> bool:
    try:
        return os.fstat(fd).st_ino == os.stat(path).st_ino
    except FileNotFoundError:
        return False


def is_empty(instance_dir: Path) -> bool:
    """No message waits in the spool. While one does, newer messages are spooled behind it, so
    that each person's messages are still handled in the order they came."""
    try:
        return not any(entry.name.startswith("inbound-spool") and entry.name.endswith(".jsonl")
                       for entry in os.scandir(spool_dir(instance_dir)))
    except FileNotFoundError:
        return True


def depth(instance_dir: Path) -> tuple[int, datetime | None]:
    """Posts waiting in the spool (lines not yet moved into the database), and when the oldest
    of them came."""
    directory = spool_dir(instance_dir)
    if not directory.is_dir():
        return 0, None
    total, oldest = 0, None
    for path in sorted(directory.glob("inbound-spool*.jsonl")):
        try:
            with open(path, "rb") as handle:
                lines = [line for line in handle if line.strip()]
        except FileNotFoundError:  # drained meanwhile
            continue
        total += len(lines)
        if lines and oldest is None:
            oldest = _received_at(lines[0])
    return total, oldest


def _received_at(line: bytes) -> datetime | None:
    try:
        return _moment(json.loads(line)["received_at"])
    except (ValueError, KeyError, TypeError):
        return None


def _moment(text: str) -> datetime:
    """A stored time, as UTC (lines written before times carried their zone were UTC too)."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def draining_elsewhere(instance_dir: Path) -> bool:
    """Another process holds the drain lock (and will look again before it stops)."""
    try:
        lock = os.open(spool_dir(instance_dir) / ".drain.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return False
    except BlockingIOError:
        return True
    finally:
        os.close(lock)


@contextmanager
def taken(instance_dir: Path) -> Iterator[list[Spooled] | None]:
    """The spooled posts, oldest first; None if the spool is empty (or another process is
    draining it). Files left by a drain that stopped half way come first. A file is deleted only
    when the caller's block ends without an error; otherwise it stays, to be taken again (the
    database deduplicates)."""
    directory = spool_dir(instance_dir)
    if not directory.is_dir():
        yield None
        return
    lock = os.open(directory / ".drain.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:  # another worker process is draining it
        os.close(lock)
        yield None
        return
    try:
        with _taken_under_lock(directory) as forms:
            yield forms
    finally:
        os.close(lock)


@contextmanager
def _taken_under_lock(directory: Path) -> Iterator[list[Spooled] | None]:
    _rotate(directory)
    files = sorted(directory.glob(DRAINING_PREFIX + "*"))
    if not files:
        yield None
        return
    entries = [entry for path in files for line in path.read_bytes().splitlines()
               if line.strip() and (entry := _entry_of(line, path)) is not None]
    yield entries
    for path in files:
        path.unlink(missing_ok=True)


def _entry_of(line: bytes, path: Path) -> Spooled | None:
    """The post a line keeps; a line cut short (its writer died mid-write) is set aside for a person
    to read rather than stopping the drain for ever."""
    try:
        record = json.loads(line)
        form = MultiDict([(key, value) for key, values in record["form"].items() for value in values])
        return Spooled(record.get("kind", MESSAGE), form, _moment(record["received_at"]), path)
    except (ValueError, KeyError, TypeError, AttributeError):
        with open(path.parent / REJECTED_NAME, "ab") as rejected:
            rejected.write(line + b"\n")
        return None


def _rotate(directory: Path) -> None:
    """Move the live spool aside under the writers' lock; writers start a new file."""
    path = directory / SPOOL_NAME
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        if _same_file(fd, path) and os.fstat(fd).st_size:
            # Named by the real time (not the movable clock), so that older files sort first.
            os.rename(path, directory / f"{DRAINING_PREFIX}{time.time_ns():020d}.jsonl")
    finally:
        os.close(fd)
