"""The one clock. Everything that stores or compares a time asks ``now()``; tests and the offline
simulator move it forward to see what happens a day later (WhatsApp's 24-hour window closing).

The offset lives in this process, or, offline, in a file under ``instance/`` that the web app and
the worker both read, so that moving the simulator's clock moves the worker's too.
"""
from __future__ import annotations

import os
from datetime import datetime, timedelta, timezone
from pathlib import Path

_offset = timedelta(0)
_offset_file: Path | None = None
_file_cache: tuple[float, timedelta] | None = None  # (mtime, offset)


def now() -> datetime:
    """The current time in UTC, moved by the offset."""
    return datetime.now(timezone.utc) + offset()


def offset() -> timedelta:
    if _offset_file is None:
        return _offset
    return _read_file_offset(_offset_file)


def travel(by: timedelta) -> timedelta:
    """Move the clock forward by ``by``; the new offset."""
    global _offset
    moved = offset() + by
    if _offset_file is None:
        _offset = moved
    else:
        _offset_file.write_text(str(moved.total_seconds()))
    return moved


def rewind() -> None:
    """Back to real time for every process sharing the clock (the simulator's *reset clock*)."""
    global _offset
    if _offset_file is None:
        _offset = timedelta(0)
    else:
        _offset_file.write_text("0")


def reset() -> None:
    """Back to real time (and to this process's own offset)."""
    global _offset, _offset_file, _file_cache
    _offset, _offset_file, _file_cache = timedelta(0), None, None


def share_through(path: Path) -> None:
    """Read and write the offset in ``path``, so that every process naming it keeps one clock."""
    global _offset_file, _file_cache
    _offset_file, _file_cache = path, None


def _read_file_offset(path: Path) -> timedelta:
    """The file's offset, read again only when the file changed (one stat per call)."""
    global _file_cache
    try:
        mtime = os.stat(path).st_mtime
    except FileNotFoundError:
        return timedelta(0)
    if _file_cache is None or _file_cache[0] != mtime:
        try:
            seconds = float(path.read_text().strip() or 0)
        except (OSError, ValueError):
            seconds = 0.0
        _file_cache = (mtime, timedelta(seconds=seconds))
    return _file_cache[1]
