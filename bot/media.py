"""Evidence we keep: the signed links that open it (the download is the worker's: jobs/media.py)."""
from __future__ import annotations

import mimetypes

from flask import Blueprint, abort, current_app, send_file
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from .config import Settings

bp = Blueprint("media", __name__)


def _serializer(settings: Settings) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(settings.secret_key, salt="lapor-media")


def extension_for(content_type: str) -> str:
    known = {"image/jpeg": ".jpg", "audio/ogg": ".ogg", "text/plain": ".txt"}
    return known.get(content_type) or mimetypes.guess_extension(content_type) or ".bin"


def signed_url(settings: Settings, media_id: int, content_type: str) -> str:
    """A link an official's phone (or Twilio) opens without a password; it expires."""
    token = _serializer(settings).dumps(media_id)
    return f"{settings.public_base_url}/media/{token}/bukti-{media_id}{extension_for(content_type)}"


@bp.get("/media/<token>/<name>")
def signed_media(token: str, name: str):
    """Serve stored evidence to whoever holds an unexpired signed link."""
    from models import Media, MediaStatus

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
        if media is None or media.status != MediaStatus.STORED:
            abort(404)
        path, content_type = settings.media_dir / media.path, media.content_type
    response = send_file(path, mimetype=content_type, max_age=0,
                         as_attachment=not content_type.startswith(INLINE_TYPES), download_name=name)
    protect(response)
    # A resident's evidence: no shared cache (a proxy, a CDN) keeps it, nor the phone's disk.
    response.headers["Cache-Control"] = "private, no-store"
    response.headers.pop("Expires", None)
    return response


#: Evidence a phone may show in place; anything else (documents) is downloaded.
INLINE_TYPES = ("image/", "video/", "audio/")


def protect(response):
    """Evidence is what residents sent: never let a browser run it as part of this site."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "sandbox"
    return response
