"""Downloading evidence from Twilio into our own store: Twilio's copy may be deleted afterwards."""
from __future__ import annotations

import hashlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import requests

from bot.config import Settings
from bot.runtime import worker_runtime
from bot.twilio_client import api_origin
from handlers.catalog import t
from handlers.outbox import Outbox
from models import Media, Resident

DOWNLOAD_TIMEOUT = (10, 60)
_CHUNK = 64 * 1024


class MediaTooLarge(Exception):
    def __init__(self, size: int):
        super().__init__(f"{size} bytes")
        self.size = size


class MediaGone(Exception):
    """Twilio answered 4xx: retrying will not help."""


@dataclass(frozen=True)
class StoredFile:
    path: str
    size: int
    sha256: str


def credentials_for(url: str, settings: Settings) -> tuple[str, str] | None:
    """Our Twilio credentials go to the Twilio API's own origin and nowhere else."""
    if settings.uses_twilio and url.startswith(api_origin(settings.twilio_api_base_url) + "/"):
        return (settings.twilio_account_sid, settings.twilio_auth_token)
    return None


def download(url: str, settings: Settings) -> StoredFile:
    """Fetch ``url`` (Twilio redirects to its CDN; requests drops the credentials on the way) into
    the media directory, refusing more than ``media_max_bytes``."""
    with requests.get(url, auth=credentials_for(url, settings), stream=True,
                      timeout=DOWNLOAD_TIMEOUT, allow_redirects=True) as response:
        if 400 <= response.status_code < 500 and response.status_code != 429:
            raise MediaGone(f"HTTP {response.status_code}")
        response.raise_for_status()
        declared = int(response.headers.get("Content-Length") or 0)
        if declared > settings.media_max_bytes:
            raise MediaTooLarge(declared)
        return _store(response.iter_content(_CHUNK), settings)


def _store(chunks, settings: Settings) -> StoredFile:
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    handle, temporary = tempfile.mkstemp(dir=settings.media_dir, prefix=".incoming-")
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > settings.media_max_bytes:
                    raise MediaTooLarge(size)
                digest.update(chunk)
                out.write(chunk)
        name = digest.hexdigest()
        final = settings.media_dir / name[:2] / name
        final.parent.mkdir(exist_ok=True)
        os.replace(temporary, final)  # same content, same name: a re-download changes nothing
        return StoredFile(path=f"{name[:2]}/{name}", size=size, sha256=name)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def download_media(media_id: int) -> None:
    """Keep our own copy of one attachment; Twilio's may be deleted afterwards."""
    runtime = worker_runtime()
    settings = runtime.settings
    with runtime.db.session() as session:
        media = session.get(Media, media_id)
        if media is None or media.status != "pending":
            return
        url = media.source_url
    try:
        stored = download(url, settings)
    except MediaTooLarge as exc:
        _refuse_media(media_id, "rejected", f"too large: {exc.size} bytes", "media_refused_size",
                      size_mb=round(exc.size / 1_048_576, 1), max_mb=settings.media_max_bytes // 1_048_576)
        return
    except MediaGone as exc:
        _refuse_media(media_id, "failed", str(exc), "media_failed")
        return
    with runtime.db.session() as session:
        media = session.get(Media, media_id, with_for_update=True)
        if media.status == "pending":
            media.status, media.path, media.size, media.sha256 = "stored", stored.path, stored.size, stored.sha256
        session.commit()


def _refuse_media(media_id: int, status: str, error: str, text_key: str, **values) -> None:
    """Mark the attachment unusable and tell the resident who sent it."""
    runtime = worker_runtime()
    with runtime.db.session() as session:
        media = session.get(Media, media_id, with_for_update=True)
        media.status, media.error = status, error
        resident = session.get(Resident, media.message.resident_id) if media.message.resident_id else None
        outbox = Outbox(session)
        if resident is not None:
            outbox.to_resident(resident, t(text_key, resident.language, **values))
        jobs = outbox.flush()
        session.commit()
    runtime.enqueue(jobs)
