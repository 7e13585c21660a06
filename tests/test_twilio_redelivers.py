"""Twilio re-delivers webhooks and posts status callbacks out of order: nothing is doubled or undone."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from test_resident_files_a_report import file_pothole_report


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
    assert len(city.messages(direction="out", kind="forward", phone="+6281234500001")) == 2  # text + photo
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


def test_a_send_job_run_twice_sends_once(city):
    file_pothole_report(city.resident())
    city.work()
    sent_before = len(city.fake.messages)
    from bot.jobs import send_message
    for message in city.messages(direction="out"):
        send_message(message.id)
    assert len(city.fake.messages) == sent_before



def test_a_callback_that_beats_the_worker_to_the_database_still_counts(city):
    """Twilio may post 'delivered' before the worker has stored the SID it got back."""
    city.fake.callbacks_before_answer = ["sent", "delivered"]
    resident = city.resident()
    resident.send("halo")
    city.work()
    assert [message.status for message in resident.outbox()] == ["delivered", "delivered"]
