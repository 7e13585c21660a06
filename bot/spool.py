"""The spool: where the webhook keeps a signed message when the database does not answer.

An append-only file under the instance directory, one JSON line per message, flushed to disk
before the webhook answers Twilio. The worker moves its lines into the database once it answers
again (``jobs/spool.py``), deduplicated on MessageSid, in the order they came.

Writers and the drainer take an exclusive ``flock`` on the file. The drainer renames the file
before reading it; a writer that waited for the lock and finds its file renamed opens the new one,
so no line lands in a file that was already read.
"""
from __future__ import annotations

import fcntl
import json
import os
from contextlib import contextmanager
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


def append(instance_dir: Path, form: MultiDict) -> None:
    """Keep ``form`` on disk, durably, before anyone is told it was received."""
    _append_line(spool_dir(instance_dir) / SPOOL_NAME, form)


def reject(instance_dir: Path, form: MultiDict) -> None:
    _append_line(spool_dir(instance_dir) / REJECTED_NAME, form)


def _append_line(path: Path, form: MultiDict) -> None:
    line = json.dumps({"received_at": utcnow().isoformat(), "form": form.to_dict(flat=False)},
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


def depth(instance_dir: Path) -> int:
    """Messages waiting in the spool (lines not yet moved into the database)."""
    directory = spool_dir(instance_dir)
    if not directory.is_dir():
        return 0
    total = 0
    for path in directory.glob("inbound-spool*.jsonl"):
        try:
            with open(path, "rb") as handle:
                total += sum(1 for line in handle if line.strip())
        except FileNotFoundError:  # drained meanwhile
            continue
    return total


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
def taken(instance_dir: Path) -> Iterator[list[tuple[Path, MultiDict]] | None]:
    """The spooled forms, oldest first, as (file, form); None if the spool is empty. Files left by
    a drain that stopped half way come first. A file is deleted only when the caller's block ends
    without an error; otherwise it stays, to be taken again (the database deduplicates)."""
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
def _taken_under_lock(directory: Path) -> Iterator[list[tuple[Path, MultiDict]] | None]:
    _rotate(directory)
    files = sorted(directory.glob(DRAINING_PREFIX + "*"))
    if not files:
        yield None
        return
    forms = [(path, form) for path in files for line in path.read_bytes().splitlines()
             if line.strip() and (form := _form_of(line, directory)) is not None]
    yield forms
    for path in files:
        path.unlink(missing_ok=True)


def _form_of(line: bytes, directory: Path) -> MultiDict | None:
    """The form a line keeps; a line cut short (its writer died mid-write) is set aside for a person
    to read rather than stopping the drain for ever."""
    try:
        return MultiDict([(key, value) for key, values in json.loads(line)["form"].items() for value in values])
    except (ValueError, KeyError, TypeError, AttributeError):
        with open(directory / REJECTED_NAME, "ab") as rejected:
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
            os.rename(path, directory / f"{DRAINING_PREFIX}{utcnow().strftime('%Y%m%dT%H%M%S%f')}.jsonl")
    finally:
        os.close(fd)
