"""The database stops answering without refusing (a network partition, a frozen host or proxy): the
webhook still answers Twilio well inside its 15 seconds, with the message kept in the spool.

A refused connection or a cut one fails at once (tests/test_database_is_down.py); here nothing
fails: a proxy in front of PostgreSQL keeps every socket open and accepts new ones, but passes no
byte either way, so a read waits for ever unless the app gives up on it (bot/db.py).
"""
from __future__ import annotations

import socket
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests
from sqlalchemy import event
from sqlalchemy.engine import make_url
from twilio.request_validator import RequestValidator

from bot import spool
from harness import WEBHOOK_PATH

#: What the web waits for the database in these tests (WEB_DATABASE_WAIT_SECONDS).
WAIT_SECONDS = 1
#: The webhook must answer within this: the wait, the watchdog's grace, and a margin; Twilio waits 15 s.
ANSWER_WITHIN = 10
#: Past this the request is given up, so that a hanging webhook fails the test instead of hanging it.
GIVE_UP_AFTER = 20


class FreezableProxy:
    """TCP on loopback in front of PostgreSQL. Frozen, it still accepts connections (the kernel
    completes the handshake and acknowledges what is sent) but forwards no byte either way and
    closes nothing: what a client sees of a host that stopped answering without refusing."""

    def __init__(self, upstream_host: str, upstream_port: int):
        self.upstream = (upstream_host, upstream_port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.flowing = threading.Event()
        self.flowing.set()
        self.closed = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:  # closed
                return
            try:
                upstream = socket.create_connection(self.upstream, timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            with self.lock:
                if self.closed:
                    client.close()
                    upstream.close()
                    return
                self.sockets += [client, upstream]
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                break
            self.flowing.wait()  # frozen: hold what came, read no more, close nothing
            if not data or self.closed:
                break
            try:
                target.sendall(data)
            except OSError:
                break
        for end in (source, target):
            try:
                end.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def freeze(self) -> None:
        self.flowing.clear()

    def thaw(self) -> None:
        self.flowing.set()

    @contextmanager
    def frozen(self):
        self.freeze()
        try:
            yield
        finally:
            self.thaw()

    def close(self) -> None:
        with self.lock:
            self.closed = True
        self.flowing.set()
        self.listener.close()
        with self.lock:
            for end in self.sockets:
                try:
                    end.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                end.close()


@pytest.fixture
def postgresql_url(database_url):
    if not database_url.startswith("postgresql"):
        pytest.skip("a database that stops answering is a server on the network; SQLite is a local file")
    return database_url


@pytest.fixture
def proxy(postgresql_url, city):
    """The web app served again, its database reached through a proxy that can be frozen."""
    url = make_url(postgresql_url)
    proxy = FreezableProxy(url.host or "127.0.0.1", url.port or 5432)
    city.restart_web(DATABASE_URL=url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
                     WEB_DATABASE_WAIT_SECONDS=str(WAIT_SECONDS))
    yield proxy
    proxy.close()  # before the city closes: a request still hanging (without the fix) gets its answer


def post_in_time(city, resident, form: dict) -> tuple[requests.Response, float]:
    """What Phone.post does, but given up after GIVE_UP_AFTER seconds; the answer and how long it took."""
    url = city.base_url + WEBHOOK_PATH
    city.fake.received_from(resident.address)
    signature = RequestValidator(city.auth_token).compute_signature(url, form)
    started = time.monotonic()
    response = requests.post(url, data=form, headers={"X-Twilio-Signature": signature}, timeout=GIVE_UP_AFTER)
    return response, time.monotonic() - started


def healthz_in_time(city) -> tuple[dict, float]:
    started = time.monotonic()
    response = requests.get(city.base_url + "/healthz", timeout=GIVE_UP_AFTER)
    return response.json(), time.monotonic() - started


def spooled_text(city) -> bytes:
    """Everything waiting in the spool, as written."""
    folder = spool.spool_dir(Path(city.env["INSTANCE_DIR"]))
    return b"".join(path.read_bytes() for path in sorted(folder.glob("inbound-spool*.jsonl")))


def assert_spooled_in_time(city, resident, form: dict) -> None:
    """While the database does not answer: the webhook answers 200 well inside Twilio's 15 s, so
    does healthz, and the message is in the spool (nothing can move it out while it does not)."""
    response, took = post_in_time(city, resident, form)
    assert response.status_code == 200, response.text
    assert took < ANSWER_WITHIN, f"the webhook took {took:.1f} s"
    health, health_took = healthz_in_time(city)
    assert health_took < ANSWER_WITHIN, f"healthz took {health_took:.1f} s"
    assert health["database"].startswith("failed")
    assert health["spooled_messages"] == 1
    assert form["MessageSid"].encode() in spooled_text(city)
    print(f"\nwebhook answered in {took:.1f} s, healthz in {health_took:.1f} s")


def assert_kept(city, form: dict, stored_before: list[str]) -> None:
    """Once the database answers again, the app uses it again and the message is still kept: in
    the spool, or already moved into the database (that move is not this file's concern)."""
    health, _ = healthz_in_time(city)
    assert health["database"] == "ok"
    in_spool = form["MessageSid"].encode() in spooled_text(city)  # before the database: a drain deletes after its commit
    stored = [message.sid for message in city.messages(direction="in")]
    assert stored[:len(stored_before)] == stored_before
    assert in_spool or form["MessageSid"] in stored


def test_a_database_that_stops_answering_on_an_open_connection_costs_no_message(city, proxy):
    resident = city.resident()
    resident.send("halo")  # through the proxy: the app's pool now holds an open connection
    stored = [message.sid for message in city.messages(direction="in")]
    assert len(stored) == 1
    form = resident.form("2")
    with proxy.frozen():  # the pooled connection's check (or first statement) now waits for ever
        assert_spooled_in_time(city, resident, form)
    assert_kept(city, form, stored)


def test_a_database_that_stops_answering_before_any_connection_costs_no_message(city, proxy):
    """libpq's connect_timeout covered this before the watchdog came: kept so that it stays covered."""
    resident = city.resident()
    form = resident.form("halo")
    with proxy.frozen():  # the pool is empty: the first connection is accepted, and never answered
        assert_spooled_in_time(city, resident, form)
    assert_kept(city, form, [])


def test_a_database_that_stops_answering_in_the_middle_of_a_webhook_costs_no_message(city, proxy):
    resident = city.resident()
    resident.send("halo")
    stored = [message.sid for message in city.messages(direction="in")]
    form = resident.form("2")
    engine = city.runtime.db.engine
    armed = [True]

    def freeze_after_the_first_statement(*_args):
        if armed:
            armed.clear()
            proxy.freeze()  # this statement has its answer; the next one waits for ever

    event.listen(engine, "after_cursor_execute", freeze_after_the_first_statement)
    try:
        assert_spooled_in_time(city, resident, form)
    finally:
        event.remove(engine, "after_cursor_execute", freeze_after_the_first_statement)
        proxy.thaw()
    assert_kept(city, form, stored)
