"""Twilio re-delivers webhooks and posts status callbacks out of order: nothing is doubled or undone."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest

from jobs.sending import StillInFlight, send_message
from jobs.sweep import sweep
from models import DeliveryEvent, Message, utcnow


def test_the_same_message_posted_twice_is_stored_once_and_answered_once(city):
    resident = city.resident()
    form = resident.form("halo")
    assert resident.post(form).status_code == 200
    assert resident.post(form).status_code == 200
    assert len(city.messages(direction="in", sid=form["MessageSid"])) == 1
    assert len(resident.replies()) == 2  # greeting and menu, once
    city.work()
    assert len(resident.received()) == 2


def test_a_redelivered_yes_files_one_case(city):
    resident = city.resident()
    resident.send("lapor")
    resident.send("1")
    resident.send("Trotoar ambles di depan kantor pos, berbahaya untuk pejalan kaki.")
    resident.send("Jl. Asia Afrika No. 49, Bandung")
    resident.send_media()
    resident.send("selesai")
    yes = resident.form("ya")
    for _ in range(3):
        resident.post(yes)
    city.work()
    city.work()
    # One forward (a template: the official never wrote; its full text waits for them) and one photo.
    assert len(city.messages(direction="out", kind="forward", phone="+6281234500001", rest_of_id=None)) == 2
    assert city.only_case().ref == "LPR-00001"


def test_concurrent_messages_of_one_resident_are_handled_one_at_a_time(city):
    """Three photos arrive as three webhooks at once: all three are kept as evidence."""
    resident = city.resident()
    resident.send("lapor")
    resident.send("1")
    resident.send("Jembatan kayu di kampung kami patah di tengah, warga tidak bisa lewat.")
    resident.send("Kampung Cibogo RT 02 RW 07")
    forms = [resident.form("", NumMedia="1", MediaUrl0=city.fake.add_media(b"\xff\xd8 %d" % n, "image/jpeg"),
                           MediaContentType0="image/jpeg", MessageType="image") for n in range(3)]
    with ThreadPoolExecutor(3) as pool:
        statuses = list(pool.map(lambda form: resident.post(form).status_code, forms))
    assert statuses == [200, 200, 200]
    resident.send("selesai")
    assert "3 berkas" in resident.last_reply()


def test_status_callbacks_move_delivery_forward_and_never_back(city):
    resident = city.resident()
    resident.send("halo")
    city.work()
    greeting = resident.received()[0]
    for status in ("sent", "read", "delivered", "sent"):
        assert city.fake.send_status(greeting.sid, status) == 200
    stored, = city.messages(sid=greeting.sid)
    assert stored.status == "read"
    assert city.fake.send_status(greeting.sid, "read") == 200  # a re-posted callback changes nothing
    assert city.messages(sid=greeting.sid)[0].status == "read"


def test_whatsapps_own_refusal_arrives_as_a_callback_and_is_kept_on_the_message(city):
    resident = city.resident()
    resident.send("halo")
    city.work()
    greeting = resident.received()[0]
    city.fake.send_status(greeting.sid, "sent")
    city.fake.send_status(greeting.sid, "failed", error_code="63016")
    stored, = city.messages(sid=greeting.sid)
    assert (stored.status, stored.error_code) == ("failed", "63016")
    assert "24-hour" in stored.error_message


def test_a_send_job_run_twice_sends_once(city, monkeypatch):
    """Twice after it went, or while another attempt is talking to Twilio: nothing goes again."""
    monkeypatch.setattr("jobs.sending.IN_FLIGHT_WAIT", 0.3)  # the other attempt never ends here
    resident = city.resident()
    resident.send("halo")
    greeting_id = resident.outbox()[0].id
    with city.session() as session:  # another worker has claimed it a moment ago
        greeting = session.get(Message, greeting_id)
        greeting.status, greeting.status_updated_at = "sending", utcnow()
        session.commit()
    with pytest.raises(StillInFlight):
        send_message(greeting_id)
    assert city.fake.messages == []
    with city.session() as session:
        session.get(Message, greeting_id).status = "pending"
        session.commit()
    city.work()
    for message in resident.outbox():
        send_message(message.id)
    assert len(resident.received()) == 2


def test_a_callback_lost_in_a_race_is_applied_by_the_sweep(city):
    """On PostgreSQL a callback and the worker's storing of the SID can miss each other."""
    resident = city.resident()
    resident.send("halo")
    city.work()
    greeting = resident.received()[0]
    with city.session() as session:  # the callback was kept, but found no message to move
        session.add(DeliveryEvent(message_sid=greeting.sid, status="read"))
        session.commit()
    assert city.messages(sid=greeting.sid)[0].status == "queued"
    sweep(city.worker_runtime, older_than=timedelta(0))
    assert city.messages(sid=greeting.sid)[0].status == "read"


def test_a_refusal_that_crosses_the_workers_commit_is_applied_at_once(city):
    """The refusal's transaction finds no message with that SID, and the worker's, storing the SID,
    finds no refusal yet: each commits unaware of the other. A job looks again once both are in,
    without waiting for the sweep."""
    resident = city.resident()
    resident.send("halo")
    city.work()
    greeting = resident.received()[0]
    with city.session() as session:  # the worker's commit, not in yet
        session.query(Message).filter(Message.sid == greeting.sid).update({"sid": None})
        session.commit()
    city.fake.send_status(greeting.sid, "undelivered", "63024")
    with city.session() as session:  # now it is, having seen no refusal
        session.query(Message).filter(Message.id == resident.outbox()[0].id).update({"sid": greeting.sid})
        session.commit()
    city.work()
    refused = city.messages(sid=greeting.sid)[0]
    assert (refused.status, refused.error_code) == ("undelivered", "63024")


def test_a_callback_that_beats_the_worker_to_the_database_still_counts(city):
    """Twilio may post 'delivered' before the worker has stored the SID it got back."""
    city.fake.callbacks_before_answer = ["sent", "delivered"]
    resident = city.resident()
    resident.send("halo")
    city.work()
    assert [message.status for message in resident.outbox()] == ["delivered", "delivered"]
