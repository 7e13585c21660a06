"""WhatsApp's 24-hour window, enforced by the fake as Twilio enforces it: free-form text only within a
day of the person's last message, approved templates otherwise. Forwards, answers and updates must
reach people who have not written for a day."""
from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy import delete, select

from console import Staff, make_account
from harness import BUDI, a_photo, file_pothole_report, forwarded_case, template_of
from models import Message, WhatsAppTemplate, clock

A_DAY_AND_AN_HOUR = timedelta(hours=25)
TEMPLATE_NAME = "lapor_{}_id_"


def deliver_callbacks_and_work(city) -> None:
    """Twilio's asynchronous refusals arrive; the worker acts on what they decided."""
    city.fake.wait_for_callbacks()
    city.work()


def test_an_official_who_never_wrote_gets_the_forward_as_a_template_and_the_evidence_when_they_tap_read(city):
    resident, official, forward = forwarded_case(city)
    assert template_of(city, forward) == "forward"
    variables = json.loads(forward.content_variables)
    assert variables["1"] == "LPR-00001" and variables["2"] == "Jalan rusak"
    assert "Lubang besar" in variables["4"] and variables["5"].startswith(city.base_url + "/media/")
    assert "LPR-00001" in forward.rendered and "Baca" in forward.rendered
    assert len(official.received()) == 1, "the photo waits: free-form cannot reach a closed window"

    official.tap_read(forward.sid)
    city.work()
    photo = official.received()[-1]
    assert photo.media_urls and not photo.content_sid, "the held photo goes as soon as they wrote"
    assert resident.received()[-1].body.startswith("Laporan terkirim"), "a tap is not an answer to the resident"
    deliver_callbacks_and_work(city)
    assert [m.status for m in official.received()] != ["failed"] * len(official.received())


def test_an_answer_given_a_day_after_the_resident_last_wrote_reaches_them_as_a_template(city):
    resident, official, forward = forwarded_case(city)
    clock.travel(A_DAY_AND_AN_HOUR)
    official.reply_to(forward.sid, "Tim kami menambal lubang itu hari Kamis.")
    city.work()
    answer = resident.received()[-1]
    assert template_of(city, answer) == "answer"
    assert "Tim kami menambal lubang itu hari Kamis." in answer.rendered
    assert "Dinas Pekerjaan Umum" in answer.rendered and "LPR-00001" in answer.rendered
    deliver_callbacks_and_work(city)
    assert city.fake.messages_to(resident.address)[-1].status != "failed"


def test_a_long_answer_is_shortened_in_the_template_and_the_whole_text_is_delivered_once_when_they_reply(city):
    resident, official, forward = forwarded_case(city)
    clock.travel(A_DAY_AND_AN_HOUR)
    long_answer = "Kami sudah meninjau lokasi. " + "Rinciannya sebagai berikut. " * 60
    official.reply_to(forward.sid, long_answer.strip())
    city.work()
    template = resident.received()[-1]
    assert template_of(city, template) == "answer" and "…" in template.rendered
    before = len(resident.received())

    resident.reply_to(template.sid, "Terima kasih, saya tunggu.")
    city.work()
    delivered = [m.body for m in resident.received()[before:]]
    assert long_answer.strip()[:200] in delivered[0], "in order: the answer's beginning first"
    assert "Rinciannya" in delivered[1] and "Kami sudah meninjau" not in delivered[1]
    resident.send("menu")
    city.work()
    again = [m.body for m in resident.received()[before:]]
    assert sum(long_answer.strip()[:200] in body for body in again) == 1, "exactly once"


def test_a_63016_for_a_message_sent_just_before_the_window_closed_is_recovered_by_the_template(city):
    resident, official, forward = forwarded_case(city)
    # Twilio took the resident's last message 20 minutes before the bot's webhook stored it (a slow
    # delivery): the bot believes the window is still open when it has in fact just closed.
    city.fake.received_from(resident.address, at=clock.now() - timedelta(minutes=20))
    clock.travel(timedelta(hours=23, minutes=45))
    before = len(resident.received())
    official.reply_to(forward.sid, "Kami datang besok pagi.")
    city.work()
    refused = resident.received()[before]  # Twilio's refusal may already have brought the template
    assert refused.content_sid is None, "inside the bot's idea of the window: free-form"
    deliver_callbacks_and_work(city)
    with city.session() as session:
        stored = session.scalars(select(Message).where(Message.sid == refused.sid)).one()
        assert stored.status in ("failed", "undelivered") and stored.error_code == "63016"
        assert "24-hour window" in stored.error_message
    replacement = resident.received()[-1]
    assert template_of(city, replacement) == "answer" and "Kami datang besok pagi." in replacement.rendered
    deliver_callbacks_and_work(city)
    assert len([m for m in resident.received() if template_of(city, m) == "answer"]) == 1, "once"


def test_a_message_waiting_for_its_template_goes_out_when_whatsapp_approves_it(city):
    with city.session() as session:  # a city that has just run `flask templates sync`: nothing approved yet
        session.execute(delete(WhatsAppTemplate))
        session.commit()
    city.sync_templates(approve=False)
    resident = city.resident()
    file_pothole_report(resident)
    city.work()
    assert not city.official(BUDI).received()
    with city.session() as session:
        waiting = session.scalars(select(Message).where(Message.phone == BUDI, Message.kind == "forward",
                                                        Message.template == "forward")).one()
        assert waiting.status == "waiting_template"
    city.fake.approve_all()
    city.refresh_approvals()   # the sweep notices the approval
    city.work()
    forward = city.official(BUDI).received()[0]
    assert template_of(city, forward) == "forward" and "LPR-00001" in forward.rendered


def test_a_status_change_reaches_a_resident_after_the_window_as_a_template_in_english(city):
    resident, official, forward = forwarded_case(city)
    resident.send("language")
    city.work()
    clock.travel(A_DAY_AND_AN_HOUR)
    official.send("/selesai LPR-00001 Lubang sudah ditambal.")
    city.work()
    update = resident.received()[-1]
    assert template_of(city, update) == "status"
    assert "*resolved*" in update.rendered and "Lubang sudah ditambal." in update.rendered
    assert update.rendered.startswith("Your report")


def test_inside_the_window_the_bot_prefers_free_form_text_which_costs_nothing(city):
    resident, official, forward = forwarded_case(city)
    official.reply_to(forward.sid, "Besok kami datang.")
    city.work()
    assert resident.received()[-1].content_sid is None


def test_a_number_that_cannot_receive_whatsapp_is_explained_in_words(city):
    city.fake.unreachable(f"whatsapp:{BUDI}", code=63024)
    resident = city.resident()
    file_pothole_report(resident)
    city.work()
    deliver_callbacks_and_work(city)
    with city.session() as session:
        forward = session.scalars(select(Message).where(Message.phone == BUDI, Message.kind == "forward")
                                  .order_by(Message.id)).first()
        assert forward.error_code == "63024"
        assert "cannot receive WhatsApp" in forward.error_message


def test_admins_see_which_officials_whatsapp_keeps_failing_and_which_residents_cannot_be_reached(city):
    city.fake.unreachable(f"whatsapp:{BUDI}", code=63024)
    resident = city.resident()
    file_pothole_report(resident)
    city.work()
    deliver_callbacks_and_work(city)
    make_account(city, "admin@kota.go.id")
    admin = Staff(city, "admin@kota.go.id")
    admin.sign_in()
    overview = admin.get("/admin/overview").text
    assert "Petugas yang nomor WhatsApp-nya terus gagal" in overview
    assert "Budi Santoso" in overview and "(63024)" in overview
    assert "Sari Wulandari" not in overview

    city.fake.unreachable(resident.address, code=63003)
    resident.send("status LPR-00001")
    city.work()
    deliver_callbacks_and_work(city)
    with city.session() as session:
        resident_id = session.scalars(select(Message.resident_id).where(Message.phone == resident.number)).first()
    page = admin.get(f"/admin/residents/{resident_id}").text
    assert "Nomor ini tidak bisa menerima pesan WhatsApp dari bot" in page and "(63003)" in page


def test_a_photo_refused_at_the_windows_end_reaches_the_resident_once_they_write(city):
    resident, official, forward = forwarded_case(city)
    city.fake.received_from(resident.address, at=clock.now() - timedelta(minutes=20))
    clock.travel(timedelta(hours=23, minutes=45))
    official.send_media(a_photo("patched road"), "image/jpeg", caption="#LPR-00001 Sudah kami tambal.")
    city.work()
    deliver_callbacks_and_work(city)
    assert template_of(city, resident.received()[-1]) == "answer", "the text came back as its template"
    before = len(resident.received())
    resident.send("Terima kasih!")
    city.work()
    photos = [m for m in resident.received()[before:] if m.media_urls]
    assert len(photos) == 1 and not photos[0].content_sid, "the photo goes free-form once they wrote"


def test_a_resident_who_says_stop_gets_nothing_decided_before_but_sent_after(city):
    resident, official, forward = forwarded_case(city)
    official.reply_to(forward.sid, "Kami datang besok.")   # decided; the worker has not run yet
    resident.send("berhenti")
    city.work()
    bodies = [m.body for m in resident.received()]
    assert "tidak akan menerima pesan lagi" in bodies[-1] and not any("Kami datang besok." in b for b in bodies)
    with city.session() as session:
        answer = session.scalars(select(Message).where(Message.phone == resident.number,
                                                       Message.kind == "relay")).one()
        assert answer.status == "suppressed" and "opted out" in answer.error_message
