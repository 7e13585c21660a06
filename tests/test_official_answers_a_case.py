"""An official answers a case from their phone, and the answer and the resident's reply travel both ways."""
from __future__ import annotations

from sqlalchemy import select

from models import CaseEvent
from factories import add_cases
from harness import BUDI, a_photo, forwarded_case

SARI = "+6281234500002"  # Dinas Lingkungan Hidup
MAYORS_OFFICE = "+6281234500009"


def official_asks_the_resident(city):
    """The official swipe-replies a question to the forward; returns (resident, official, relay),
    the relay being the question as the resident received it."""
    resident, official, forward = forwarded_case(city)
    official.reply_to(forward.sid, "Di sebelah mana persisnya?")
    city.work()
    return resident, official, resident.received()[-1]


def test_a_swipe_reply_to_the_forward_reaches_the_resident_marked_as_from_the_department(city):
    resident, official, forward = forwarded_case(city)
    official.reply_to(forward.sid, "Tim kami akan menambal lubang itu besok pagi.")
    city.work()
    answer = resident.received()[-1].body
    assert "Dinas Pekerjaan Umum" in answer and "LPR-00001" in answer
    assert "Tim kami akan menambal lubang itu besok pagi." in answer
    assert "Terkirim" in official.received()[-1].body
    assert city.case("LPR-00001").first_answer_at is not None


def test_hash_ref_answers_a_case_too(city):
    resident, official, _ = forwarded_case(city)
    official.send("#LPR-00001 Mohon kirim foto dari sisi lain jalan.")
    city.work()
    assert "Mohon kirim foto dari sisi lain jalan." in resident.received()[-1].body


def test_the_resident_answers_back_by_swiping_and_every_official_of_the_department_gets_it(city):
    resident, official, relay = official_asks_the_resident(city)
    resident.reply_to(relay.sid, "Tepat di depan gerbang sekolah.")
    city.work()
    relayed = official.received()[-1].body
    assert "Tepat di depan gerbang sekolah." in relayed and "LPR-00001" in relayed and "Siti" in relayed
    assert "+6281200000001" not in relayed
    assert "diteruskan" in resident.received()[-1].body


def test_a_resident_can_send_a_photo_to_the_officials_about_their_case(city):
    resident, official, _ = forwarded_case(city)
    resident.send_media(a_photo("another angle"), "image/jpeg", caption="#LPR-00001 foto tambahan")
    city.work()
    text = official.received()[-1]
    assert "foto tambahan" in text.rendered, "the official never wrote: the text comes as a template"
    official.tap_read(text.sid)
    city.work()
    photo = official.received()[-1]
    assert photo.media_urls and photo.media_urls[0].startswith(city.base_url + "/media/")


def test_status_commands_move_the_case_and_tell_the_resident(city):
    resident, official, _ = forwarded_case(city)
    official.send("/proses LPR-00001")
    city.work()
    assert "sedang diproses" in resident.received()[-1].body
    official.send("/selesai LPR-00001 Lubang sudah ditambal")
    city.work()
    told, asked = (message.rendered for message in resident.received()[-2:])
    assert "selesai" in told and "Lubang sudah ditambal" in told
    assert "benar-benar sudah beres" in asked  # handlers/fixed.py: is it really fixed?
    case = city.case("LPR-00001")
    assert case.status == "resolved" and case.closed_at is not None
    resident.send("status LPR-00001")
    assert "selesai" in resident.last_reply()
    with city.session() as session:
        kinds = [(event.kind, event.to_status) for event in session.scalars(
            select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.id))]
    assert kinds == [("created", "open"), ("forwarded", None), ("status_changed", "in_progress"),
                     ("status_changed", "resolved")]


def test_declining_needs_a_reason(city):
    resident, official, _ = forwarded_case(city)
    official.send("/tolak LPR-00001")
    city.work()
    assert "Alasan penolakan wajib" in official.received()[-1].body
    official.send("/tolak LPR-00001 Jalan itu milik provinsi, sudah kami teruskan.")
    city.work()
    assert "ditolak" in resident.received()[-1].body
    assert "milik provinsi" in resident.received()[-1].body


def test_kasus_lists_the_officials_open_cases_and_bantuan_lists_the_commands(city):
    _, official, _ = forwarded_case(city)
    official.send("/kasus")
    official.send("/bantuan")
    city.work()
    listing, commands = [message.body for message in official.received()[-2:]]
    assert "LPR-00001" in listing and "Jalan rusak" in listing
    assert "/proses" in commands and "/tolak" in commands and "/kasus" in commands


def test_another_departments_official_cannot_act_on_the_case(city):
    resident, _, _ = forwarded_case(city)
    other = city.official(SARI)
    other.send("/selesai LPR-00001")
    city.work()
    assert "bukan unit Anda" in other.received()[-1].body
    assert city.case("LPR-00001").status == "open"


def test_the_mayors_office_oversees_every_department(city):
    resident, _, _ = forwarded_case(city)
    city.official(MAYORS_OFFICE).send("#LPR-00001 Kantor Wali Kota memantau laporan ini.")
    city.work()
    assert "memantau" in resident.received()[-1].body


def test_a_number_outside_the_directory_typing_hash_ref_is_just_a_resident(city):
    forwarded_case(city)
    impostor = city.resident("+6281299999999", name="Bukan Petugas")
    impostor.send("#LPR-00001 Laporan ini palsu, abaikan.")
    assert "tidak ditemukan" in impostor.last_reply()
    city.work()
    assert all("palsu" not in message.body for message in city.resident().received())


def test_an_official_message_that_names_no_case_gets_directions(city):
    official = city.official(BUDI)
    official.send("selamat pagi")
    city.work()
    assert "/bantuan" in official.received()[-1].body


def test_stop_typed_as_a_swipe_reply_still_stops_and_is_not_relayed(city):
    resident, official, relay = official_asks_the_resident(city)
    resident.reply_to(relay.sid, "stop")
    assert "tidak akan menerima pesan" in resident.last_reply()
    city.work()
    assert all("stop" not in message.body for message in official.received()[-2:])


def test_an_official_is_told_when_the_resident_no_longer_receives_messages(city):
    resident, official, forward = forwarded_case(city)
    resident.send("berhenti")
    official.reply_to(forward.sid, "Besok kami datang.")
    city.work()
    assert "berhenti menerima pesan" in official.received()[-1].body


def test_kasus_says_how_many_open_cases_there_are_beyond_the_list(city):
    add_cases(city, 33)
    official = city.official(BUDI)
    official.send("/kasus")
    city.work()
    listing = official.received()[-1].body
    assert "Laporan terbuka (33)" in listing and "dan 3 lainnya" in listing
    assert listing.count("• LPR-") == 30
