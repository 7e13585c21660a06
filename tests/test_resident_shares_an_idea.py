"""A resident shares an idea for the city (an aspiration): theme, title, idea, place, an optional
picture, then the summary; it gets an ``ASP-`` reference and waits for moderation, masked.

The conversation is tested alone (the ``conversation`` tester); what staff do with it in the console,
and what its author hears, end to end (``test_staff_moderate_ideas.py``)."""
from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from handlers.aspirations import mask_personal_data
from harness import IN_FATULULI, a_photo
from models import Aspiration, Media, clock

TITLE = "Taman bermain di lahan kosong RT 05"
IDEA = "Lahan kosong di samping balai RT 05 bisa menjadi taman bermain anak dengan bangku untuk orang tua."


def aspirations(conversation) -> list[Aspiration]:
    with conversation.session() as session:
        return list(session.scalars(select(Aspiration).options(joinedload(Aspiration.area)).order_by(Aspiration.id)))


def share_an_idea_up_to_the_place(conversation, *, title: str = TITLE, idea: str = IDEA) -> None:
    conversation.send("halo")
    conversation.send("aspirasi")
    conversation.send("1")  # Taman dan ruang hijau
    conversation.send(title)
    conversation.send(idea)


def test_an_idea_is_shared_in_a_few_steps_and_gets_a_reference_of_its_own_kind(conversation):
    conversation.send("halo")
    conversation.replies()
    conversation.send("aspirasi")
    ask = conversation.last_reply()
    assert "bukan pengaduan" in ask and "1. Taman dan ruang hijau" in ask
    assert conversation.offered()[:2] == ["Taman dan ruang hijau", "Jalan, trotoar dan lampu"]
    conversation.tap("Taman dan ruang hijau")
    assert "Tema: *Taman dan ruang hijau*" in conversation.last_reply()
    conversation.send(TITLE)
    assert "Ceritakan usulan Anda" in conversation.last_reply()
    conversation.send(IDEA)
    assert "Untuk wilayah mana?" in conversation.last_reply() and conversation.offered() == ["Seluruh kota"]
    conversation.send_location(*IN_FATULULI)
    assert conversation.offered() == ["Lewati"]  # a picture is optional
    conversation.tap("Lewati")
    summary = conversation.last_reply()
    assert TITLE in summary and IDEA in summary and "Kel. Fatululi, Kec. Oebobo" in summary
    assert "*Foto:* 0" in summary and conversation.offered() == ["Kirim", "Ubah tempat", "Batal"]
    conversation.tap("Kirim")
    sent = conversation.last_reply()
    assert "ASP-00001" in sent and "Dinas Lingkungan Hidup" in sent

    (aspiration,) = aspirations(conversation)
    assert (aspiration.ref, aspiration.status, aspiration.title, aspiration.body) == ("ASP-00001", "pending", TITLE, IDEA)
    assert aspiration.area.name == "Fatululi" and not aspiration.city_wide
    assert conversation.state == "menu"


def test_an_idea_for_the_whole_city_or_a_kelurahan_by_name(conversation):
    share_an_idea_up_to_the_place(conversation)
    conversation.send("seluruh kota")
    conversation.send("lewati")
    assert "*Wilayah:* Seluruh kota" in conversation.last_reply()
    conversation.send("ubah tempat")
    conversation.send("Oetete")
    assert "*Wilayah:* Kel. Oetete" in conversation.last_reply()  # back at the summary, no photo asked again
    conversation.send("kirim")
    (aspiration,) = aspirations(conversation)
    assert aspiration.area.name == "Oetete" and not aspiration.city_wide


def test_a_place_the_city_does_not_know_is_asked_again_with_names_that_look_alike(conversation):
    share_an_idea_up_to_the_place(conversation)
    conversation.send("Fatulul")
    unknown, asked_again = conversation.replies()[-2:]
    assert "tidak mengenal wilayah “Fatulul”" in unknown and "Fatululi" in unknown
    assert "Untuk wilayah mana?" in asked_again


def test_a_picture_goes_with_the_idea(conversation):
    share_an_idea_up_to_the_place(conversation)
    conversation.send("seluruh kota")
    conversation.send_media(a_photo("playground"), "image/jpeg")
    assert "*Foto:* 1" in conversation.last_reply()
    conversation.send("kirim")
    (aspiration,) = aspirations(conversation)
    with conversation.session() as session:
        assert session.scalars(select(Media.aspiration_id)).all() == [aspiration.id]


def test_words_at_the_optional_picture_go_on_without_one(conversation):
    share_an_idea_up_to_the_place(conversation)
    conversation.send("kel fatululi")
    conversation.send("tidak ada foto")  # as people type it, not the button's word
    summary = conversation.last_reply()
    assert "Periksa aspirasi Anda" in summary and "*Foto:* 0" in summary


def test_a_title_longer_than_80_characters_is_asked_again(conversation):
    conversation.send("halo")
    conversation.send("aspirasi")
    conversation.send("1")
    conversation.send("Taman " * 20)
    assert "paling banyak 80" in conversation.last_reply() and conversation.state == "aspiration_title"
    conversation.send(TITLE)
    assert conversation.state == "aspiration_idea"


def test_an_idea_needs_words(conversation):
    share_an_idea_up_to_the_place(conversation, idea="taman")
    assert "minimal 20 huruf" in conversation.last_reply() and conversation.state == "aspiration_idea"


def test_no_more_than_three_ideas_a_day_from_one_number(conversation):
    for _ in range(3):
        share_an_idea_up_to_the_place(conversation)
        conversation.send("seluruh kota")
        conversation.send("lewati")
        conversation.send("kirim")
    conversation.send("aspirasi")
    assert "paling banyak 3 aspirasi per hari" in conversation.last_reply()
    assert conversation.state == "menu" and len(aspirations(conversation)) == 3
    conversation.later(days=1)
    conversation.send("aspirasi")
    assert conversation.state == "aspiration_theme"  # a new day in the city


def test_the_days_limit_counts_the_citys_day_also_just_after_its_midnight(conversation):
    now = clock.now()
    local = now.astimezone(ZoneInfo("Asia/Jakarta"))
    half_past_midnight = datetime.combine(local.date() + timedelta(days=1), time(0, 30), local.tzinfo)
    clock.travel(half_past_midnight - now)  # 00:30 WIB is 17:30 UTC the day before
    for _ in range(3):
        share_an_idea_up_to_the_place(conversation)
        conversation.send("seluruh kota")
        conversation.send("lewati")
        conversation.send("kirim")
    conversation.send("aspirasi")
    assert "paling banyak 3 aspirasi per hari" in conversation.last_reply()


def test_typing_another_flows_word_half_way_does_not_drop_what_was_written(conversation):
    share_an_idea_up_to_the_place(conversation)
    conversation.send("lapor")
    unfinished, asked_again = conversation.replies()[-2:]
    assert "Anda sedang menulis aspirasi" in unfinished and "Untuk wilayah mana?" in asked_again
    assert conversation.state == "aspiration_place"
    conversation.send("batal")
    conversation.send("lapor")
    conversation.send("1")
    conversation.send("aspirasi")
    assert "Anda sedang menulis laporan" in conversation.replies()[-2] and conversation.state == "description"


def test_a_picture_captioned_with_the_answer_is_kept_and_the_answer_taken(conversation):
    share_an_idea_up_to_the_place(conversation)
    conversation.send_media(a_photo("plot"), "image/jpeg", caption="seluruh kota")
    summary = conversation.last_reply()
    assert "*Wilayah:* Seluruh kota" in summary and "*Foto:* 1" in summary


def test_a_hash_reference_to_an_idea_tells_where_it_stands(conversation):
    share_an_idea_up_to_the_place(conversation)
    conversation.send("seluruh kota")
    conversation.send("lewati")
    conversation.send("kirim")
    conversation.send("#ASP-00001 sudah dibaca belum?")
    assert "menunggu dibaca petugas" in conversation.last_reply()


def test_menu_half_way_asks_before_dropping_the_idea(conversation):
    share_an_idea_up_to_the_place(conversation)
    conversation.send("menu")
    assert "Aspirasi yang sedang Anda tulis" in conversation.last_reply()
    assert conversation.offered() == ["Ke menu", "Lanjutkan aspirasi"]
    conversation.tap("Lanjutkan aspirasi")
    assert "Untuk wilayah mana?" in conversation.last_reply()
    conversation.send("batal")
    assert "Aspirasi dibatalkan" in conversation.replies()[-2]
    assert aspirations(conversation) == []


def test_the_author_asks_where_their_idea_stands(conversation):
    share_an_idea_up_to_the_place(conversation)
    conversation.send("seluruh kota")
    conversation.send("lewati")
    conversation.send("kirim")
    conversation.send("status ASP-00001")
    assert "menunggu dibaca petugas" in conversation.last_reply()
    conversation.someone_else("+6281200000002").send("status ASP-00001")
    assert "tidak ditemukan" in conversation.someone_else("+6281200000002").last_reply()


def test_the_menu_has_a_row_for_ideas_after_the_ones_people_know(conversation):
    conversation.send("halo")
    assert "4. Kirim aspirasi" in conversation.last_reply() or "Kirim aspirasi" in conversation.offered()
    conversation.send("4")
    assert conversation.state == "aspiration_theme"


def test_personal_data_in_an_idea_is_masked_before_anyone_else_reads_it(conversation):
    share_an_idea_up_to_the_place(conversation, idea=IDEA + " Hubungi saya di 0812-3456-7890 atau siti@contoh.id, "
                                                        "NIK 5371 0123 4567 0001.")
    conversation.send("seluruh kota")
    conversation.send("lewati")
    assert "0812-3456-7890" in conversation.last_reply()  # the author's own summary: as typed
    conversation.send("kirim")
    (aspiration,) = aspirations(conversation)
    assert "0812" not in aspiration.body and "siti@contoh.id" not in aspiration.body and "5371" not in aspiration.body
    assert "[nomor disamarkan]" in aspiration.body and "[e-mail disamarkan]" in aspiration.body
    assert "[NIK disamarkan]" in aspiration.body and aspiration.masked_count == 3


@pytest.mark.parametrize("text, masked", [
    ("telp +62 812 3456 7890 ya", "telp [nomor disamarkan] ya"),
    ("wa 081234567890.", "wa [nomor disamarkan]."),
    ("NIK 5371012345670001", "NIK [NIK disamarkan]"),
    ("kirim ke budi.santoso@kota.go.id", "kirim ke [e-mail disamarkan]"),
    ("NIK 5371 0123 4567 0001", "NIK [NIK disamarkan]"),
    ("(+62) 812 3456 7890", "[nomor disamarkan]"),
    ("+62 (0)812 3456 7890", "[nomor disamarkan]"),
    ("kantor (021) 1234567", "kantor [nomor disamarkan]"),
    ("hp08123456789", "hp[nomor disamarkan]"),
    ("0812 - 3456 - 7890", "[nomor disamarkan]"),
    ("0812–3456–7890", "[nomor disamarkan]"),
    ("6281234567890", "[nomor disamarkan]"),
    ("anggaran Rp 150.000.000 untuk 2027", "anggaran Rp 150.000.000 untuk 2027"),
    ("Rp 2.000.000.000 atau Rp 625.000.000", "Rp 2.000.000.000 atau Rp 625.000.000"),
    ("RT 05 RW 02, jalan 12 meter", "RT 05 RW 02, jalan 12 meter"),
    ("RT 01 02 03 04 05", "RT 01 02 03 04 05"),
    ("tanggal 01-02-2024 08.00", "tanggal 01-02-2024 08.00"),
    ("tahun 2021 2022 2023 2024", "tahun 2021 2022 2023 2024"),
    ("lihat ASP-00012 dan LPR-00042", "lihat ASP-00012 dan LPR-00042"),
])
def test_what_is_masked_and_what_is_not(text, masked):
    assert mask_personal_data(text).text == masked
