"""Settings from the environment (CONTRACT.md, "Configuration"), with offline defaults."""
from __future__ import annotations

import contextlib
import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

#: Where a fresh checkout keeps its SQLite file, generated secret, evidence and embedded Redis.
DEFAULT_INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"
#: OpenStreetMap's own tiles: fine for a console's few users (their usage policy); a city with its
#: own tile server sets MAP_TILE_URL to it.
DEFAULT_MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
#: Without SECRET_KEY, the secret generated for the instance, in its instance directory.
SECRET_FILE = "secret_key"


@dataclass(frozen=True)
class Settings:
    instance_dir: Path
    database_url: str
    redis_url: str | None
    twilio_account_sid: str | None
    twilio_auth_token: str | None
    twilio_whatsapp_from: str | None
    twilio_api_base_url: str | None
    public_base_url: str
    secret_key: str
    case_prefix: str
    #: Prefix of aspiration references (``ASP-00012``), and how many one number may file a day.
    aspiration_prefix: str = "ASP"
    aspirations_per_day: int = 3
    #: Messages a second the WhatsApp sender takes (Twilio queues the rest, residents' answers
    #: behind them): broadcasts never go faster than this, less a tenth kept for answers.
    twilio_sender_mps: int = 80
    #: Every time a resident, official or staff member reads is in this zone (CONTRACT.md).
    city_timezone: ZoneInfo = ZoneInfo("Asia/Jakarta")
    #: Free-form text goes only while the recipient's 24-hour window has at least this long to run;
    #: closer to its end, a template goes instead (a retried message may cross the line in flight).
    window_margin: timedelta = timedelta(minutes=10)
    #: Lifetime of the signed evidence links officials open from WhatsApp.
    media_link_max_age: int = 60 * 60 * 24 * 30
    media_max_bytes: int = 16 * 1024 * 1024
    #: How long an evidence download that keeps failing (Twilio 5xx, timeouts) is retried, from its
    #: first failure, before it is given up and the case goes on without it (``jobs/media.py``).
    media_retry: timedelta = timedelta(minutes=30)
    #: Seconds between retries of a job that failed for a passing reason (Twilio 429/5xx, timeouts).
    retry_intervals: tuple[int, ...] = (2, 10, 30, 60, 300, 900)
    #: Seconds a web request waits for the database (a lock, a connection) before the webhook
    #: spools the message instead: well inside the 15 seconds Twilio waits for an answer.
    web_database_wait: float = 5.0
    #: How many reverse proxies in front of the app set X-Forwarded-For/-Proto/-Host. Zero trusts
    #: none of those headers: a client could otherwise pick its own address and dodge the sign-in limit.
    trusted_proxies: int = 0
    #: The console map's background tiles (Leaflet's ``{z}/{x}/{y}`` URL template); empty: none,
    #: the markers and area boundaries on a plain background.
    map_tile_url: str = DEFAULT_MAP_TILE_URL

    @property
    def uses_twilio(self) -> bool:
        """Without credentials, outbound messages go to the local dev transport."""
        return bool(self.twilio_account_sid and self.twilio_auth_token)

    @property
    def signing_token(self) -> str:
        """The token that signs webhooks: Twilio's, or a local one the simulator also knows."""
        return self.twilio_auth_token or f"dev-{self.secret_key[:16]}"

    @property
    def sender(self) -> str:
        return self.twilio_whatsapp_from or "whatsapp:+10000000000"

    @property
    def media_dir(self) -> Path:
        return self.instance_dir / "media"


def load_settings(overrides: dict | None = None) -> Settings:
    """Read settings from the environment; ``overrides`` (tests) win over it."""
    env = {**os.environ, **(overrides or {})}
    instance_dir = Path(env.get("INSTANCE_DIR") or DEFAULT_INSTANCE_DIR)
    instance_dir.mkdir(parents=True, exist_ok=True)
    settings = Settings(
        instance_dir=instance_dir,
        database_url=env.get("DATABASE_URL") or f"sqlite:///{instance_dir / 'lapor.sqlite3'}",
        redis_url=env.get("REDIS_URL") or None,
        twilio_account_sid=env.get("TWILIO_ACCOUNT_SID") or None,
        twilio_auth_token=env.get("TWILIO_AUTH_TOKEN") or None,
        twilio_whatsapp_from=env.get("TWILIO_WHATSAPP_FROM") or None,
        twilio_api_base_url=env.get("TWILIO_API_BASE_URL") or None,
        public_base_url=(env.get("PUBLIC_BASE_URL") or "http://localhost:5000").rstrip("/"),
        secret_key=env.get("SECRET_KEY") or _instance_secret(instance_dir),
        case_prefix=(env.get("CASE_PREFIX") or "LPR").upper(),
        aspiration_prefix=_prefix(env.get("ASPIRATION_PREFIX") or "ASP", (env.get("CASE_PREFIX") or "LPR").upper()),
        aspirations_per_day=_at_least_one(env.get("ASPIRATIONS_PER_DAY") or "3", "ASPIRATIONS_PER_DAY"),
        twilio_sender_mps=_at_least_one(env.get("TWILIO_SENDER_MPS") or "80", "TWILIO_SENDER_MPS"),
        city_timezone=_timezone(env.get("CITY_TIMEZONE") or "Asia/Jakarta"),
        map_tile_url=_tile_url(env.get("MAP_TILE_URL", DEFAULT_MAP_TILE_URL)),
        **_optional_ints(env),
    )
    if settings.uses_twilio and not settings.twilio_whatsapp_from:
        raise RuntimeError("TWILIO_WHATSAPP_FROM is required when Twilio credentials are set")
    return settings


def _prefix(value: str, case_prefix: str) -> str:
    """A reference prefix of letters that no other kind uses: ``LPR-00012`` and ``ASP-00012`` must
    never be read as each other."""
    prefix = value.strip().upper()
    if not prefix.isalpha() or len(prefix) > 10:
        raise RuntimeError(f"ASPIRATION_PREFIX {value!r} must be letters only (e.g. ASP)")
    if prefix == case_prefix:
        raise RuntimeError(f"ASPIRATION_PREFIX {prefix!r} is CASE_PREFIX too: give each kind its own")
    return prefix


def _at_least_one(value: str, name: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise RuntimeError(f"{name} {value!r} must be a whole number, 1 or more")
    return number


def _timezone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise RuntimeError(f"CITY_TIMEZONE {name!r} is not an IANA time zone (e.g. Asia/Makassar)") from exc


def _tile_url(url: str) -> str:
    """An http(s) or same-site URL with {z}, {x} and {y}, or empty (no tiles); a typo fails at start."""
    url = url.strip()
    if url and not (url.startswith(("https://", "http://", "/")) and all(
            part in url for part in ("{z}", "{x}", "{y}"))):
        raise RuntimeError(f"MAP_TILE_URL {url!r} must be an http(s) URL with {{z}}, {{x}} and {{y}} "
                           f"(e.g. {DEFAULT_MAP_TILE_URL}), or empty for no tiles")
    return url


def _optional_ints(env: dict) -> dict:
    """Knobs outside the contract: JOB_RETRY_INTERVALS, MEDIA_MAX_BYTES, MEDIA_RETRY_MINUTES (tests
    shorten them), TRUSTED_PROXIES (a deployment behind nginx sets it) and WHATSAPP_WINDOW_MARGIN_MINUTES."""
    values: dict = {}
    if env.get("WHATSAPP_WINDOW_MARGIN_MINUTES"):
        values["window_margin"] = timedelta(minutes=float(env["WHATSAPP_WINDOW_MARGIN_MINUTES"]))
    if env.get("JOB_RETRY_INTERVALS"):
        values["retry_intervals"] = tuple(int(part) for part in env["JOB_RETRY_INTERVALS"].split(","))
    if env.get("MEDIA_MAX_BYTES"):
        values["media_max_bytes"] = int(env["MEDIA_MAX_BYTES"])
    if env.get("MEDIA_RETRY_MINUTES"):
        values["media_retry"] = timedelta(minutes=float(env["MEDIA_RETRY_MINUTES"]))
    if env.get("WEB_DATABASE_WAIT_SECONDS"):
        values["web_database_wait"] = float(env["WEB_DATABASE_WAIT_SECONDS"])
    if env.get("TRUSTED_PROXIES"):
        values["trusted_proxies"] = int(env["TRUSTED_PROXIES"])
    return values


def _instance_secret(instance_dir: Path) -> str:
    """A secret generated once per instance, so web and worker sign media links alike.

    Gunicorn's workers and the RQ worker start together, and each may find no file yet: the file is
    written whole under a temporary name and hard-linked into place, which exactly one of them wins;
    the others read the winner's. So every process signs with the same secret, and none ever reads
    a half-written (or empty) file.
    """
    path = instance_dir / SECRET_FILE
    if not path.exists():
        _create_secret_file(path, secrets.token_urlsafe(48))
    return _read_secret_file(path)


def _create_secret_file(path: Path, secret: str) -> None:
    """Put ``secret`` at ``path`` unless another process got there first; private from the start."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(8)}.tmp")
    # O_EXCL and 0600 at creation: never a moment others can read it, never someone else's file.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w") as file:
            file.write(secret)
            file.flush()
            os.fsync(file.fileno())  # a crash just after the link must not leave an empty secret
        with contextlib.suppress(FileExistsError):  # another process won: its secret is the one
            os.link(tmp, path)  # unlike a rename, never replaces a secret already handed out
    finally:
        tmp.unlink()


def _read_secret_file(path: Path) -> str:
    """The instance's secret; an empty or unreadable file stops the start instead of signing with it.

    Files made here only ever appear complete, so an empty one was left by an older version that
    crashed while writing it (or by hand). It is not replaced here: the processes starting together
    would race to replace it just as they used to race to create it, and a secret that exists but
    cannot be read must not be silently swapped for a new one. Deleting it is one step for the admin.
    """
    try:
        secret = path.read_text().strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise RuntimeError(f"Cannot read the generated secret {path} ({exc}): fix its permissions, "
                           f"or set SECRET_KEY") from exc
    if not secret:
        raise RuntimeError(f"The generated secret {path} is empty (left by a crash?): delete it and "
                           f"a new one is made at the next start, or set SECRET_KEY")
    return secret
