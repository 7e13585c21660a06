"""The database stops answering while residents write: Twilio still hears 200, every message is
kept on disk, and once the database is back each is handled once, in the order it came.

``OUTAGE_SECONDS`` (default 3) sets how long the database is away; the issue's measurement is a
run with ``OUTAGE_SECONDS=60``.
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from datetime import timedelta

from sqlalchemy.exc import OperationalError

from harness import forwarded_case, template_of
from jobs.sweep import sweep
from models import as_utc, utcnow
from running_bot import database_down, wait_until

OUTAGE_SECONDS = float(os.environ.get("OUTAGE_SECONDS") or 3)
#: What each resident says, over and over: every answer differs from the one before, so a message
#: handled twice or out of order shows in what the resident receives.
SAYINGS = ["halo", "2", "3"]


def say_all(resident, count: int, pause: float = 0.0) -> list[str]:
    """The resident's first ``count`` sayings, one after another; the MessageSids posted."""
    sids = []
    for index in range(count):
        form = resident.form(SAYINGS[min(index, 1 + (index - 1) % 2)] if index else SAYINGS[0])
        response = resident.post(form)
        assert response.status_code == 200, response.text
        sids.append(form["MessageSid"])
        time.sleep(pause)
    return sids


def healthz(city) -> dict:
    import requests

    return requests.get(city.base_url + "/healthz", timeout=30).json()


def spool_drained(city) -> None:
    """The web process moves the spool in by itself once the database answers."""
    assert wait_until(lambda: healthz(city)["spooled_messages"] == 0, timeout=30) is not None


def test_messages_written_while_the_database_is_down_are_kept_and_handled_once_in_order(city):
    city.restart_web(WEB_DATABASE_WAIT_SECONDS="0.5")
    sayings_each = max(3, int(OUTAGE_SECONDS / 1.0))
    control = city.resident("+6281200000099", name="Kontrol")
    say_all(control, sayings_each)
    city.work()
    expected = [message.rendered for message in control.received()]

    residents = [city.resident(f"+62812000001{number:02d}", name=f"Warga {number}") for number in range(6)]
    posted: dict[str, list[str]] = {}
    redelivered = []
    with database_down(city.env["DATABASE_URL"]):
        started = time.monotonic()
        writers = [threading.Thread(target=lambda r=resident: posted.__setitem__(
            r.number, say_all(r, sayings_each, pause=OUTAGE_SECONDS / sayings_each / 2))) for resident in residents]
        for writer in writers:
            writer.start()
        for writer in writers:
            writer.join()
        # Twilio re-delivers one of them (its 15 s timeout passed, say): same MessageSid, spooled again.
        first = residents[0]
        repeat = first.form(SAYINGS[0], MessageSid=posted[first.number][0])
        assert first.post(repeat).status_code == 200
        redelivered.append(repeat["MessageSid"])
        assert healthz(city)["spooled_messages"] == len(residents) * sayings_each + 1
        time.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - started)))

    spool_drained(city)
    city.work()  # the answers go
    stored = city.messages(direction="in")
    sent = [sid for sids in posted.values() for sid in sids]
    lost = set(sent) - {message.sid for message in stored}
    received = {resident.number: [message.rendered for message in resident.received()] for resident in residents}
    doubled = sum(max(0, len(bodies) - len(expected)) for bodies in received.values())
    print(f"\ndatabase down {OUTAGE_SECONDS:.0f} s: {len(sent) + len(redelivered)} webhooks posted "
          f"({len(redelivered)} re-delivered), {len(sent)} messages, {len(lost)} lost, {doubled} answers doubled")
    assert lost == set() and doubled == 0
    assert all(message.status == "processed" for message in stored)
    for resident in residents:
        assert received[resident.number] == expected  # each handled once, in the order it came


def test_a_message_arriving_while_others_wait_in_the_spool_goes_after_them(city):
    city.restart_web(WEB_DATABASE_WAIT_SECONDS="0.5")
    resident = city.resident()
    with database_down(city.env["DATABASE_URL"]):
        resident.send("halo")
    resident.send("2")  # the database answers again, and "halo" may still be in the spool
    spool_drained(city)
    city.work()
    greeting, menu, *answers_to_2 = [message.rendered for message in resident.received()]
    assert "Lapor Wali Kota" in greeting and "Menu" in menu and answers_to_2


def test_a_passing_database_error_in_a_handler_is_retried_not_apologised_for(city, monkeypatch):
    import handlers.resident

    real = handlers.resident.first_contact
    failures = []

    def deadlocked_once(turn):
        if not failures:
            failures.append(turn.message.id)
            raise OperationalError("UPDATE conversations …", {}, Exception("deadlock detected"))
        return real(turn)

    monkeypatch.setattr("handlers.first_contact", deadlocked_once)
    resident = city.resident()
    resident.send("halo")
    message, = city.messages(direction="in")
    assert message.status == "received"  # kept, not handled, and no apology
    assert resident.outbox() == []
    city.work()
    greeting, menu = [message.rendered for message in resident.received()]
    assert "Lapor Wali Kota" in greeting and "Menu" in menu
    assert city.messages(direction="in")[0].status == "processed"


def test_a_database_error_that_never_passes_ends_in_an_apology_not_a_stuck_phone(city, monkeypatch):
    import handlers.resident

    real = handlers.resident.handle_resident

    def always_failing(turn):
        if turn.message.body == "2":
            raise OperationalError("SELECT …", {}, Exception("program limit exceeded"))
        return real(turn)

    monkeypatch.setattr("handlers.handle_resident", always_failing)
    resident = city.resident()
    resident.send("halo")
    city.work()
    resident.send("2")
    city.work()  # the worker tries again (RQ's retries), and gives up after PASSING_ERROR_TRIES
    failing = city.messages(direction="in")[-1]
    assert failing.status == "error" and failing.attempts == 5
    assert "tersimpan" in resident.received()[-1].body  # the sender is told it is saved
    resident.send("3")  # the phone is not stuck behind it
    city.work()
    assert city.messages(direction="in")[-1].status == "processed"


def test_when_redis_is_down_the_message_is_stored_and_the_sweep_enqueues_it(city):
    from redis import Redis

    resident = city.resident()
    working = city.runtime.__dict__.pop("queues", None), city.runtime.__dict__.pop("redis", None)
    city.runtime.__dict__["redis"] = Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2)
    try:
        resident.send("halo")  # 200: stored and answered; only the enqueue failed
    finally:
        city.runtime.__dict__.pop("queues", None)
        city.runtime.__dict__["redis"] = working[1] or city.runtime.redis
    assert [message.status for message in resident.outbox()] == ["pending", "pending"]
    assert city.work() == 0
    sweep(city.worker_runtime, older_than=timedelta(0))
    city.work()
    assert len(resident.received()) == 2


def test_a_spooled_line_cut_short_is_set_aside_and_the_rest_still_handled(city):
    """A web process killed mid-write leaves half a line; it must not stop the drain for ever."""
    city.restart_web(WEB_DATABASE_WAIT_SECONDS="0.5")
    first, second = city.resident("+6281200000101"), city.resident("+6281200000102")
    with database_down(city.env["DATABASE_URL"]):
        first.send("halo")
        spool_file = Path(city.env["INSTANCE_DIR"]) / "spool" / "inbound-spool.jsonl"
        with open(spool_file, "ab") as spool:
            spool.write(b'{"received_at": "2026-11-25T00:00:00", "form": {"MessageSid": ["SMcut')
        second.send("halo")
    spool_drained(city)
    city.work()
    assert len(first.received()) == 2 and len(second.received()) == 2
    assert b"SMcut" in (spool_file.parent / "rejected.jsonl").read_bytes()


def test_a_refusal_reported_while_the_database_is_down_still_brings_its_template(city):
    """WhatsApp's 63016 comes as a status callback: spooled like a message, it is applied once the
    database answers, and the template goes in the refused message's place."""
    city.restart_web(WEB_DATABASE_WAIT_SECONDS="0.5")
    resident, official, forward = forwarded_case(city)
    before = len(resident.received())
    official.reply_to(forward.sid, "Kami datang besok pagi.")
    city.work()
    city.fake.wait_for_callbacks()  # the forward's photos are fetched while the database still answers
    relayed = resident.received()[before]
    with database_down(city.env["DATABASE_URL"]):
        assert city.fake.send_status(relayed.sid, "undelivered", "63016") == 200
        assert healthz(city)["spooled_messages"] == 1
    spool_drained(city)
    city.work()
    stored, = city.messages(sid=relayed.sid)
    assert (stored.status, stored.error_code) == ("undelivered", "63016")
    replacement = resident.received()[-1]
    assert template_of(city, replacement) == "answer" and "Kami datang besok pagi." in replacement.rendered


def test_a_spooled_message_keeps_the_time_it_came(city):
    """Its 24-hour window, its place in the transcript and its draft's age count from then, not
    from the end of the outage."""
    city.restart_web(WEB_DATABASE_WAIT_SECONDS="0.5")
    resident = city.resident()
    with database_down(city.env["DATABASE_URL"]):
        resident.send("halo")
        came = utcnow()
        health = healthz(city)
        assert health["spooled_messages"] == 1 and health["spool_oldest_seconds"] is not None
        time.sleep(2)
    spool_drained(city)
    stored, = city.messages(direction="in")
    assert abs(as_utc(stored.created_at) - came) < timedelta(seconds=1)
    assert stored.status == "processed"
