"""Fetching one attachment into our store: only from Twilio's hosts, every redirect checked, and
photos kept re-encoded without their metadata (the original is never kept)."""
from __future__ import annotations

import hashlib
import io
import ipaddress
import os
import re
import socket
import tempfile
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import requests
from urllib3.util import parse_url
from PIL import Image, ImageOps

from bot.config import Settings
from bot.twilio_client import api_origin

DOWNLOAD_TIMEOUT = (10, 60)
#: However slowly the bytes come, one attempt ends after this many seconds (a passing failure).
DOWNLOAD_DEADLINE = 120
MAX_REDIRECTS = 5
_CHUNK = 64 * 1024

#: Photos we re-encode (upright, without EXIF, GPS or comments) into the format their type names.
PHOTO_FORMATS = {"image/jpeg": "JPEG", "image/jpg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
#: Twilio's API (``MediaUrl``) and the CDN it redirects to (``mms.twiliocdn.com``).
_TWILIO_HOST = re.compile(r"(?:[a-z0-9-]+\.)*(?:twilio|twiliocdn)\.com")
#: Media stored before an account turned on HTTP auth sits in Twilio's bucket on S3.
_TWILIO_BUCKET = ("s3-external-1.amazonaws.com", "/media.twiliocdn.com/")


class MediaTooLarge(Exception):
    def __init__(self, size: int):
        super().__init__(f"{size} bytes")
        self.size = size


class MediaGone(Exception):
    """Twilio answered 4xx: retrying will not help."""


class NotFromTwilio(MediaGone):
    """A URL (or a redirect) outside Twilio's hosts: a signed webhook still names whatever URL its
    sender chose, and the worker must never fetch our Redis or a cloud's metadata service for it."""


class NotAnImage(Exception):
    """A "photo" that Pillow cannot open as one."""


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


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port or {"http": 80, "https": 443}.get(parts.scheme)
    except ValueError:
        port = None
    return parts.scheme, (parts.hostname or "").lower(), port


def check_source(url: str, settings: Settings, redirected_from: str | None = None) -> None:
    """Raise ``NotFromTwilio`` unless ``url`` is Twilio's. ``TWILIO_API_BASE_URL`` (a fake or a
    staging Twilio) stands in for Twilio's API, its own redirects for its CDN (same host, any
    port); offline, the simulator's ``/dev/media/`` stands in for Twilio."""
    _refuse_ambiguous(url)
    scheme, host, _port = origin = _origin(url)
    path = urlsplit(url).path
    if settings.uses_twilio and settings.twilio_api_base_url:
        stand_in = _origin(api_origin(settings.twilio_api_base_url))
        if origin == stand_in or (redirected_from and _origin(redirected_from) == stand_in
                                  and (scheme, host) == stand_in[:2]):
            return
    if not settings.uses_twilio and origin == _origin(settings.public_base_url) and path.startswith("/dev/media/"):
        return
    bucket_host, bucket_path = _TWILIO_BUCKET
    in_bucket = host == bucket_host and path.startswith(bucket_path)
    if scheme == "https" and (_TWILIO_HOST.fullmatch(host) or in_bucket):
        _check_public(host)
        return
    raise NotFromTwilio(f"not a Twilio media host: {scheme}://{host}")


def _refuse_ambiguous(url: str) -> None:
    """The URL must name one host, the same for our check and for the library that connects:
    ``https://127.0.0.1:6379\\@media.twiliocdn.com/`` reads as Twilio's host to ``urlsplit`` and
    as loopback to urllib3. No backslash, no user part, no control characters, one host."""
    parts = urlsplit(url)
    if ("\\" in url or "@" in parts.netloc or any(ord(char) < 33 or ord(char) == 127 for char in url)):
        raise NotFromTwilio(f"not a Twilio media host: not a plain URL {url[:200]!r}")
    try:
        prepared = parse_url(requests.Request("GET", url).prepare().url)
    except Exception as exc:  # requests refuses it: so do we
        raise NotFromTwilio(f"not a Twilio media host: not a URL {url[:200]!r}") from exc
    seen = _origin(url)
    if ((prepared.scheme or "").lower(), (prepared.host or "").lower().strip("[]"), prepared.port or seen[2]) != \
            (seen[0], seen[1].strip("[]"), seen[2]):
        raise NotFromTwilio(f"not a Twilio media host: two hosts in {url[:200]!r}")


def _check_public(host: str) -> None:
    """Twilio's names must not lead to this machine or its network (a poisoned resolver)."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, 443, proto=socket.IPPROTO_TCP)}
    except socket.gaierror as exc:
        raise requests.ConnectionError(f"cannot resolve {host}: {exc}") from exc
    for address in addresses:
        ip = ipaddress.ip_address(address.split("%")[0])
        if not (getattr(ip, "ipv4_mapped", None) or ip).is_global:
            raise NotFromTwilio(f"{host} resolves to a private address ({ip})")


def download(url: str, settings: Settings, content_type: str = "application/octet-stream") -> StoredFile:
    """Fetch ``url`` into the media directory, refusing more than ``media_max_bytes``; a photo is
    kept re-encoded, never as it came."""
    with _open(url, settings) as response:
        declared = int(response.headers.get("Content-Length") or 0)
        if declared > settings.media_max_bytes:
            raise MediaTooLarge(declared)
        received = _receive(response, settings)
    try:
        image_format = PHOTO_FORMATS.get(content_type.split(";")[0].strip().lower())
        if image_format:
            _scrub_photo(received, image_format)
        return _keep(received, settings)
    finally:
        received.unlink(missing_ok=True)


def _open(url: str, settings: Settings) -> requests.Response:
    """GET ``url``, following redirects ourselves (Twilio sends us to its CDN) so that every hop is
    checked before it is fetched; credentials go to the API's origin alone."""
    redirected_from = None
    for _hop in range(MAX_REDIRECTS + 1):
        check_source(url, settings, redirected_from)
        response = requests.get(url, auth=credentials_for(url, settings), stream=True,
                                timeout=DOWNLOAD_TIMEOUT, allow_redirects=False)
        if response.is_redirect:
            response.close()
            redirected_from, url = url, urljoin(url, response.headers["Location"])
            continue
        if 400 <= response.status_code < 500 and response.status_code != 429:
            response.close()
            raise MediaGone(f"HTTP {response.status_code}")
        if response.status_code >= 400:
            response.close()
            response.raise_for_status()
        return response
    raise MediaGone(f"more than {MAX_REDIRECTS} redirects")


def _receive(response: requests.Response, settings: Settings) -> Path:
    """The body in a temporary file next to the store (same file system: kept by a rename)."""
    settings.media_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=settings.media_dir, prefix=".incoming-")
    started, size = time.monotonic(), 0
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in response.iter_content(_CHUNK):
                size += len(chunk)
                if size > settings.media_max_bytes:
                    raise MediaTooLarge(size)
                if time.monotonic() - started > DOWNLOAD_DEADLINE:
                    raise requests.Timeout(f"still downloading after {DOWNLOAD_DEADLINE} s")
                out.write(chunk)
        return Path(temporary)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _scrub_photo(path: Path, image_format: str) -> None:
    """Re-encode the photo in place: turned upright as its EXIF says, then without EXIF (GPS, the
    phone, the time), comments or text chunks. Only the colour profile is kept."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=sorted(set(PHOTO_FORMATS.values()))) as image:
                icc_profile = image.info.get("icc_profile")
                clean = ImageOps.exif_transpose(image).copy()
        clean.info = {}
        if image_format == "JPEG" and clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        elif image_format == "WEBP" and clean.mode not in ("RGB", "RGBA"):
            clean = clean.convert("RGBA")
        options = {"quality": 90} if image_format in ("JPEG", "WEBP") else {}
        if icc_profile:
            options["icc_profile"] = icc_profile
        encoded = io.BytesIO()
        clean.save(encoded, format=image_format, **options)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise NotAnImage(f"not an image: {exc}") from exc
    path.write_bytes(encoded.getvalue())  # a full disk is ours to fix, not the photo's fault


def _keep(path: Path, settings: Settings) -> StoredFile:
    digest, size = hashlib.sha256(), 0
    with path.open("rb") as stored:
        for chunk in iter(lambda: stored.read(_CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
    name = digest.hexdigest()
    final = settings.media_dir / name[:2] / name
    final.parent.mkdir(exist_ok=True)
    os.replace(path, final)  # same content, same name: a re-download changes nothing
    return StoredFile(path=f"{name[:2]}/{name}", size=size, sha256=name)
