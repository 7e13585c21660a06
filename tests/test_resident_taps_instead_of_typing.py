"""A resident files a report mostly by tapping: the menu and the categories come as a WhatsApp list
picker, the summary and "is it fixed?" as quick-reply buttons, each a Content created once through
the Content API and sent by ContentSid. Typing the same words keeps working everywhere, and the
counts below are the issue's promise: five messages or taps with a photo and a pin, never more than
eight when everything is typed.

What a tap answers, and when, is the conversation's (the ``conversation`` tester, whose taps are
the rows and buttons the bot offered); how the taps reach a phone and what reaches officials are
tested end to end (``city``)."""
from __future__ import annotations

import json

import yaml
from sqlalchemy import select

from harness import DESCRIPTION, SAMPLE_DIRECTORY, directory_file
from models import Case, WhatsAppTemplate

FATULULI = (-10.175, 123.616)
OEBOBO_PIN = (-10.160, 123.606)
LURAH_FATULULI = "+6281234500022"


def at_the_summary(resident) -> None:
    """A road report written in four messages: lapor, 1, a photo with its caption, a pin."""
    resident.send("lapor")
    resident.send("1")
    resident.send_media(caption=DESCRIPTION)
    resident.send_location(*FATULULI)


def inbound_count(world, resident) -> int:
    """How many messages ``resident`` sent, taps included, as ``world`` (the city, or the
    conversation tester itself) stored them."""
    return len(world.messages(direction="in", phone=resident.number))


def offered(resident) -> list[str]:
    """The titles of the taps on the newest list picker or buttons this phone got."""
    city = resident.city
    city.work()
    with_taps = [sent for sent in resident.received() if sent.buttons]
    return [button["title"] for button in with_taps[-1].buttons] if with_taps else []


def the_case(world) -> Case:
    """The only case, read from the city or the conversation tester."""
    with world.session() as session:
        case = session.scalars(select(Case)).one()
        session.expunge(case)
        return case


def test_a_report_with_a_photo_and_a_pin_takes_five_taps_or_messages(city):
    resident = city.resident(name="Siti")
    resident.send("lapor")                                                      # 1
    assert offered(resident)[:2] == ["Jalan rusak", "Sampah menumpuk"]
    resident.tap("Saluran air / got di…")                                       # 2 (cut to WhatsApp's 24)
    resident.send_media(caption="Got di depan SD tersumbat sampah, air meluap ke jalan.")  # 3
    resident.send_location(*FATULULI)                                           # 4
    assert offered(resident) == ["Kirim", "Ubah lokasi", "Batal"]
    assert "*Bukti:* 1 berkas" in resident.outbox()[-1].body
    resident.tap("Kirim")                                                       # 5
    city.work()

    assert inbound_count(city, resident) == 5
    case = the_case(city)
    assert case.description.startswith("Got di depan SD") and case.latitude == FATULULI[0]
    assert "LPR-00001" in resident.outbox()[-1].body
    forwarded = city.official(LURAH_FATULULI).received()
    assert forwarded and "LPR-00001" in forwarded[0].rendered, "the kelurahan's office got it"


def test_the_menu_and_the_categories_are_list_pickers_sent_by_content_sid(city):
    resident = city.resident()
    resident.send("halo")
    assert offered(resident) == ["Buat laporan baru", "Cek status laporan", "Bantuan", "Kirim aspirasi",
                                 "Dukung usulan warga"]
    menu = [sent for sent in resident.received() if sent.buttons][-1]
    assert menu.content_sid and menu.body == "", "a Content, not a Body"
    assert city.fake.content(menu.content_sid).content_type == "twilio/list-picker"
    assert "Menu:\n1. Buat laporan baru" in resident.outbox()[-1].body, "the typed text stays the record"

    resident.tap("Buat laporan baru")
    categories = offered(resident)
    assert categories == ["Jalan rusak", "Sampah menumpuk", "Banjir / saluran…", "Saluran air / got di…",
                          "Lainnya"]
    picker = [sent for sent in resident.received() if sent.buttons][-1]
    items = city.fake.content(picker.content_sid).types["twilio/list-picker"]["items"]
    assert [item["id"] for item in items] == ["category:jalan", "category:sampah", "category:banjir",
                                              "category:drainase", "category:lainnya"]
    assert all(item["description"] for item in items), "each row names the department that answers it"


def test_each_list_and_set_of_buttons_is_created_once_at_twilio(city):
    for number in ("+6281200000001", "+6281200000002"):
        resident = city.resident(number)
        resident.send("lapor")
        city.work()
    with city.session() as session:
        rows = session.scalars(select(WhatsAppTemplate).where(WhatsAppTemplate.purpose == "category_list")).all()
    assert len(rows) == 1 and rows[0].approval_status == "session"
    pickers = [sent for number in ("+6281200000001", "+6281200000002")
               for sent in city.fake.messages_to(f"whatsapp:{number}") if sent.buttons]
    assert {sent.content_sid for sent in pickers} == {rows[0].content_sid}
    assert sum(1 for content in city.fake.contents if content.friendly_name.startswith("lapor_category_list")) == 1


def test_a_new_category_in_the_directory_makes_a_new_list(city, tmp_path):
    directory = yaml.safe_load(SAMPLE_DIRECTORY.read_text())
    directory["categories"].insert(0, {"code": "lampu", "name": "Lampu jalan mati", "department": "pu",
                                       "evidence": "optional"})
    resident = city.resident()
    resident.send("lapor")
    city.work()
    city.load_directory(directory_file(tmp_path, directory))
    resident.send("batal")
    resident.send("lapor")
    assert offered(resident)[0] == "Lampu jalan mati"
    resident.tap("Lampu jalan mati")
    assert "Lampu jalan mati" in resident.outbox()[-1].body


def test_typing_every_answer_takes_at_most_eight_messages(conversation):
    conversation.send("lapor")
    conversation.send("1")
    conversation.send(DESCRIPTION)
    conversation.send("Jl. Frans Seda No. 12, dekat pasar")
    conversation.send_media()
    conversation.send("selesai")
    conversation.send("ya")
    assert inbound_count(conversation, conversation) == 7
    assert the_case(conversation).status == "open"


def test_typing_with_the_kelurahan_question_still_takes_eight(conversation):
    conversation.send("lapor")
    conversation.send("4")  # Saluran air: routed by area
    conversation.send(DESCRIPTION)
    conversation.send("Gang Kenari, belakang gereja")  # no area by that name: asked once
    assert "kelurahan mana" in conversation.last_reply()
    conversation.send("1")
    conversation.send_media()
    conversation.send("selesai")
    conversation.send("ya")
    assert inbound_count(conversation, conversation) == 8
    assert the_case(conversation).area_id is not None


def test_ubah_lokasi_at_the_summary_changes_the_place_and_comes_back_to_it(conversation):
    at_the_summary(conversation)
    conversation.tap("Ubah lokasi")
    assert "lokasinya" in conversation.last_reply()
    conversation.send_location(*OEBOBO_PIN, address="Jl. Soeharto No. 3")
    summary = conversation.last_reply()
    assert "Jl. Soeharto No. 3" in summary and "1 berkas" in summary, "the rest of the report is kept"
    conversation.tap("Kirim")
    case = the_case(conversation)
    assert (case.latitude, case.longitude) == OEBOBO_PIN and case.description == DESCRIPTION


def test_ubah_deskripsi_typed_at_the_summary_replaces_the_description(conversation):
    at_the_summary(conversation)
    conversation.send("ubah deskripsi")
    conversation.send("Lubang besar di depan kantor lurah, sudah dua motor jatuh.")
    summary = conversation.last_reply()
    assert "dua motor jatuh" in summary and "Periksa laporan" in summary
    conversation.send("kirim")
    assert the_case(conversation).description.startswith("Lubang besar di depan kantor lurah")


def test_is_it_fixed_comes_with_two_buttons_and_a_tap_closes_the_case(city):
    resident = city.resident()
    at_the_summary(resident)
    resident.tap("Kirim")
    city.work()
    city.official("+6281234500001").send("/selesai LPR-00001 Sudah ditambal.")
    assert offered(resident) == ["Sudah beres", "Belum"]
    buttons = [sent for sent in resident.received() if sent.buttons][-1]
    assert json.loads(buttons.content_variables) == {"1": "LPR-00001"}
    resident.tap("Sudah beres")
    city.work()
    assert the_case(city).status == "closed" and the_case(city).confirmation == "confirmed"


def test_leaving_a_report_for_the_menu_asks_with_two_buttons(conversation):
    conversation.send("lapor")
    conversation.send("1")
    conversation.send("menu")
    assert conversation.offered() == ["Ke menu", "Lanjutkan laporan"]
    conversation.tap("Lanjutkan laporan")
    assert "Ceritakan masalahnya" in conversation.last_reply()


def test_with_more_than_ten_categories_the_nine_most_used_and_a_row_for_the_rest(conversation, tmp_path):
    directory = yaml.safe_load(SAMPLE_DIRECTORY.read_text())
    directory["categories"] += [{"code": f"extra{n}", "name": f"Masalah lain {n}", "department": "pu",
                                 "evidence": "optional"} for n in range(1, 9)]
    conversation.load_directory(directory_file(tmp_path, directory))
    for number in ("+6281200000011", "+6281200000012"):  # two reports about the 13th category
        neighbour = conversation.someone_else(number)
        neighbour.send("lapor")
        neighbour.send("Masalah lain 8")
        neighbour.send(DESCRIPTION)
        neighbour.send("Jl. Frans Seda No. 12, dekat pasar")
        neighbour.send("selesai")
        neighbour.send("ya")
    conversation.send("lapor")
    rows = conversation.offered()
    assert len(rows) == 10 and rows[-1] == "Lainnya…"
    assert "Masalah lain 8" in rows, "the most used come first, whatever their place in the directory"
    assert "Masalah lain 7" not in rows
    conversation.tap("Lainnya…")
    everything = conversation.last_reply()
    assert "12. Masalah lain 7" in everything
    conversation.send("12")
    assert "Masalah lain 7" in conversation.last_reply()


def test_a_tap_outside_any_question_is_read_as_the_word_it_stands_for(conversation):
    conversation.send("halo")
    conversation.tap("Bantuan")
    assert "Kata yang bisa Anda ketik" in conversation.last_reply()


def test_a_tap_that_arrives_without_its_id_is_read_by_its_title(conversation):
    """Should Twilio post a list choice with only its title (Body) and MessageType, the bot finds
    the row among the taps it last offered this phone."""
    conversation.send("halo")
    conversation.send("Buat laporan baru", MessageType="interactive")
    assert "jenis masalahnya" in conversation.last_reply()
    conversation.send("Banjir / saluran…", MessageType="interactive")
    assert "Banjir / saluran tersumbat" in conversation.last_reply()


def test_a_button_of_an_earlier_question_answers_nothing_now(conversation):
    at_the_summary(conversation)
    conversation.tap("Ubah lokasi")
    conversation.tap("Ubah lokasi", back=0)  # a double tap: the summary's button again, now at the pin question
    reprompt = conversation.replies()[-2:]
    assert "pertanyaan sebelumnya" in reprompt[0] and "lokasinya" in reprompt[1]
    conversation.send_location(*FATULULI)
    conversation.send("menu")                 # "drop the report?"
    conversation.tap("Kirim", back=1)         # the summary's Kirim, an old message now
    assert "pertanyaan sebelumnya" in conversation.replies()[-2]
    conversation.tap("Lanjutkan laporan")
    conversation.tap("Kirim")
    assert the_case(conversation).status == "open", "the report went once, when Kirim answered the summary"


def test_sudah_beres_tapped_in_the_middle_of_another_report_closes_only_its_case(city):
    resident = city.resident()
    at_the_summary(resident)
    resident.tap("Kirim")
    city.work()
    city.official("+6281234500001").send("/selesai LPR-00001 Sudah ditambal.")
    city.work()
    resident.send("lapor")
    resident.tap("Sampah menumpuk")
    resident.send_media(caption="Sampah menumpuk di pinggir pasar tiga hari.")
    resident.send_location(*FATULULI)
    resident.tap("Sudah beres", back=2, replying=False)  # no OriginalRepliedMessageSid: not assumed
    city.work()
    with city.session() as session:
        first, = session.scalars(select(Case)).all()
    assert first.status == "closed", "the tap answered 'is it fixed?' for LPR-00001"
    resident.tap("Kirim")
    city.work()
    with city.session() as session:
        assert [case.status for case in session.scalars(select(Case).order_by(Case.id))] == ["closed", "open"]


def test_a_typed_address_after_ubah_lokasi_drops_the_old_pin(conversation):
    at_the_summary(conversation)
    conversation.tap("Ubah lokasi")
    conversation.send("Jl. Frans Seda No. 12, dekat pasar")
    conversation.tap("Kirim")
    case = the_case(conversation)
    assert case.address.startswith("Jl. Frans Seda") and case.latitude is None and case.longitude is None


def test_kirim_is_no_answer_outside_the_summary(conversation):
    conversation.send("lapor")
    conversation.send("1")
    conversation.send("menu")
    conversation.send("kirim")
    assert "Balas *ya* untuk membatalkan" in conversation.last_reply(), "asked again, the report kept"
