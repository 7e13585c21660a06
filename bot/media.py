"""Evidence we keep: downloading it from Twilio, storing it, and the signed links that open it."""
from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import requests
from flask import Blueprint, abort, current_app, send_file
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .config import Settings
from .twilio_client import api_origin

bp = Blueprint("media", __name__)

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


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="lapor-media")


def extension_for(content_type: str) -> str:
    known = {"image/jpeg": ".jpg", "audio/ogg": ".ogg", "text/plain": ".txt"}
    return known.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"


def signed_url(settings: Settings, media_id: int, content_type: str) -> str:
    """A link an official's phone (or Twilio) opens without a password; it expires."""
    token = _serializer(settings).dumps(media_id)
    return f"{settings.public_base_url}/media/{token}/bukti-{media_id}{extension_for(content_type)}"


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


@bp.get("/media/<token>/<name>")
def signed_media(token: str, name: str):
    """Serve stored evidence to whoever holds an unexpired signed link."""
    from models import Media

    runtime = current_app.extensions["lapor"]
    settings = runtime.settings
    try:
        media_id = _serializer(settings).loads(token, max_age=settings.media_link_max_age)
    except SignatureExpired:
        abort(410)
    except BadSignature:
        abort(404)
    with runtime.db.session(read_only=True) as session:
        media = session.get(Media, media_id)
        if media is None or media.status != "stored":
            abort(404)
        path, content_type = settings.media_dir / media.path, media.content_type
    response = send_file(path, mimetype=content_type, max_age=3600,
                         as_attachment=not content_type.startswith(INLINE_TYPES), download_name=name)
    protect(response)
    return response


#: Evidence a phone may show in place; anything else (documents) is downloaded.
INLINE_TYPES = ("image/", "video/", "audio/")


def protect(response):
    """Evidence is what residents sent: never let a browser run it as part of this site."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    return response
