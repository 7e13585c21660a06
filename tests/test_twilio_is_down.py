"""Twilio refuses, fails or vanishes; Redis loses its jobs; a process dies: nothing is lost or doubled."""
from __future__ import annotations

from datetime import timedelta

import pytest
from redis import Redis
from werkzeug.datastructures import MultiDict

from bot.inbound import store_inbound
from harness import file_pothole_report
from jobs.sweep import sweep


@pytest.fixture
def no_grace(monkeypatch):
    """Let a retry look for an attempt that was cut off at once, instead of after the request timeout."""
    monkeypatch.setattr("jobs.sending.IN_FLIGHT_GRACE", timedelta(0))


def bodies(phone) -> list[str]:
    """What the phone shows: a text's Body, or a list picker's or buttons' filled Content."""
    return [message.rendered for message in phone.received()]


def test_a_429_is_retried_and_the_message_goes_once(city):
    city.fake.fail_next(1, status=429, code=20429)
    resident = city.resident()
    resident.send("halo")
    city.work()
    greeting, menu = bodies(resident)
    assert "Lapor Wali Kota" in greeting and "Menu" in menu
    assert all(message.status == "queued" for message in resident.outbox())


def test_a_message_twilio_took_before_failing_to_answer_is_not_sent_again(city, no_grace):
    city.fake.fail_next(1, status=500, code=20500, after_accepting=True)
    resident = city.resident()
    resident.send("halo")
    city.work()
    assert len(bodies(resident)) == 2  # the greeting went once, though its first answer was a 500
    stored = resident.outbox()
    assert all(message.sid for message in stored)
    assert {message.sid for message in stored} == {message.sid for message in resident.received()}


def test_a_permanent_refusal_is_kept_on_the_message_and_not_retried(city):
    city.fake.fail_next(1, status=400, code=21211, message="Invalid 'To' Phone Number")
    resident = city.resident()
    resident.send("halo")
    city.work()
    greeting, menu = resident.outbox()
    assert (greeting.status, greeting.error_code) == ("failed", "21211")
    assert "Invalid" in greeting.error_message
    assert menu.status == "queued"
    assert len(resident.received()) == 1


def test_when_twilio_is_down_messages_wait_and_go_once_it_is_back(city, no_grace):
    city.fake.down()
    resident = city.resident()
    resident.send("halo")
    city.work()  # every retry fails
    assert resident.received() == []
    assert all(message.status in ("pending", "sending") for message in resident.outbox())
    city.fake.up()
    sweep(city.worker_runtime, older_than=timedelta(0))
    city.work()
    assert len(bodies(resident)) == 2


def test_jobs_lost_with_redis_are_found_again_by_the_sweep(city):
    resident = city.resident()
    resident.send("halo")
    Redis.from_url(city.env["REDIS_URL"]).flushdb()  # Redis restarted without its data
    city.work()
    assert resident.received() == []
    found = sweep(city.worker_runtime, older_than=timedelta(0))
    assert len(found.calls) == 1  # one job for the phone: it sends the greeting, then the menu
    city.work()
    assert len(bodies(resident)) == 2


def test_a_message_stored_but_never_handled_is_handled_by_the_sweep(city):
    """Stored, and its handling lost (a passing error whose retry job Redis lost)."""
    resident = city.resident()
    with city.session() as session:
        store_inbound(session, MultiDict(resident.form("halo")))
        session.commit()
    assert resident.outbox() == []
    sweep(city.worker_runtime, older_than=timedelta(0))
    city.work()
    city.work()
    assert len(bodies(resident)) == 2


def test_a_case_whose_forward_job_was_lost_is_still_forwarded_once(city):
    file_pothole_report(city.resident())
    Redis.from_url(city.env["REDIS_URL"]).flushdb()
    sweep(city.worker_runtime, older_than=timedelta(0))
    city.work()
    sweep(city.worker_runtime, older_than=timedelta(0))
    city.work()
    official = city.official()
    assert len(official.received()) == 1  # the forward, once; its photo waits for the official's window
    official.tap_read(official.received()[0].sid)
    city.work()
    full_report, photo = official.received()[1:]  # and then the whole report and its photo, once
    assert "Pelapor" in full_report.body and photo.media_urls


def test_a_failed_message_is_not_mistaken_for_an_identical_earlier_one(city, no_grace):
    """The menu twice in a day: when the second one's send fails, its retry must send it, not
    adopt the first menu that Twilio already has."""
    resident = city.resident()
    resident.send("halo")
    city.work()
    city.fake.fail_next(1, status=500, code=20500)  # refused before Twilio took it
    resident.send("menu")
    city.work()
    greeting, menu, menu_again = bodies(resident)
    assert menu == menu_again
    sids = [message.sid for message in resident.outbox()]
    assert len(set(sids)) == 3 and None not in sids


def test_a_worker_killed_between_twilios_answer_and_its_bookkeeping_leaves_nothing_sent_twice(city):
    """Twilio took the greeting, the worker died before storing its SID, and the menu behind it
    was never tried: once the attempt's grace is over, one job for the phone finds the greeting
    at Twilio and sends the menu, each once."""
    from jobs.sending import send_message
    from handlers.outbox import SEND_JOB
    from models import clock

    resident = city.resident()
    resident.send("halo")
    greeting, menu = resident.outbox()
    city.fake.fail_next(1, status=500, code=20500, after_accepting=True)
    with pytest.raises(Exception):
        send_message(greeting.id)  # the answer never came: left "sending", as a killed worker leaves it
    assert [message.status for message in resident.outbox()] == ["sending", "pending"]

    def swept_sends() -> list:
        return [call for call in sweep(city.worker_runtime, older_than=timedelta(seconds=30)).calls
                if call[0] == SEND_JOB]

    assert swept_sends() == []  # the attempt may still be talking to Twilio
    clock.travel(timedelta(seconds=40))
    assert swept_sends() == [(SEND_JOB, (menu.id,))]  # one job for the phone, up to its newest row
    city.work()
    greeting_text, menu_text = bodies(resident)
    assert "Lapor Wali Kota" in greeting_text and "Menu" in menu_text
    assert [message.status for message in resident.outbox()] == ["queued", "queued"]
