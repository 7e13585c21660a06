"""A resident at the evidence question can always end it with the *Selesai* button, whatever they
sent before; the summary says "kirim" only for sending the report; the description question says a
photo with a caption will do; and an odd file outside a report is answered in words that fit it."""
from __future__ import annotations

from harness import a_photo

ROAD = "1"      # "Jalan rusak": evidence required
DRAIN = "4"     # "Saluran air / got di lingkungan": evidence optional


def at_the_evidence_question(conversation, category: str = ROAD) -> None:
    conversation.send("lapor")
    conversation.send(category)
    conversation.send("Got mampet di depan rumah, air meluap ke jalan tiap hujan.")
    conversation.send("Jl. Cihampelas No. 10, Bandung")
    if conversation.state == "area":
        conversation.send("lewati")
    conversation.replies()


def test_after_each_photo_the_done_button_is_offered_again(conversation):
    at_the_evidence_question(conversation)
    assert conversation.offered() == ["Selesai"]
    conversation.send_media(a_photo())
    assert conversation.last_reply() == "Bukti ke-1 diterima. Ada lagi? Kirimkan saja. Ketik *selesai* jika sudah."
    assert conversation.offered() == ["Selesai"]
    conversation.send_media(a_photo("another"))
    assert "Bukti ke-2 diterima." in conversation.last_reply()
    conversation.tap("Selesai")
    assert conversation.state == "confirm"


def test_done_with_no_evidence_where_it_is_required_offers_the_button_again(conversation):
    at_the_evidence_question(conversation)
    conversation.tap("Selesai")
    assert "wajib disertai bukti" in conversation.last_reply()
    assert conversation.offered() == ["Selesai"]
    assert conversation.state == "evidence"


def test_a_word_that_is_no_answer_is_reprompted_with_the_button(conversation):
    at_the_evidence_question(conversation, DRAIN)
    conversation.send("hmm")
    assert "bukti: foto, video atau dokumen" in conversation.last_reply()
    assert conversation.offered() == ["Selesai"]
    conversation.tap("Selesai")
    assert conversation.state == "confirm"


def test_a_refused_sticker_at_the_evidence_question_comes_back_to_it_with_its_button(conversation):
    at_the_evidence_question(conversation)
    conversation.send_media(b"RIFF....WEBP", "image/webp", message_type="sticker")
    refusal, question = conversation.replies()
    assert "Stiker tidak bisa" in refusal and "Kirim bukti" in question
    assert conversation.offered() == ["Selesai"]


def test_the_summary_says_kirim_only_for_sending_the_report(conversation):
    at_the_evidence_question(conversation)
    conversation.send_media(a_photo())
    conversation.tap("Selesai")
    summary = conversation.last_reply()
    assert "Tambahkan foto? Lampirkan saja sekarang." in summary
    assert summary.lower().count("kirim") == 1, summary


def test_the_description_question_says_a_photo_with_a_caption_will_do(conversation):
    conversation.send("lapor")
    conversation.send(ROAD)
    assert "Satu foto dengan keterangan juga cukup" in conversation.last_reply()


def test_a_sticker_at_the_menu_is_thanked_for_not_refused_as_evidence(conversation):
    conversation.send("halo")
    conversation.replies()
    conversation.send_media(b"RIFF....WEBP", "image/webp", message_type="sticker")
    said, menu = conversation.replies()
    assert said.startswith("Terima kasih atas stikernya") and "bukti" not in said
    assert "Menu" in menu
    assert conversation.media()[0].status == "rejected"


def test_an_odd_file_at_the_menu_says_what_to_send_for_a_report(conversation):
    conversation.send("halo")
    conversation.replies()
    conversation.send_media(b"MZ", "application/x-msdownload", message_type="document")
    said, _menu = conversation.replies()
    assert said == ("Maaf, berkas jenis application/x-msdownload tidak bisa kami terima. Untuk melapor, ketik "
                    "*lapor*, lalu kirim foto (JPG/PNG), video (MP4) atau dokumen (PDF/Office).")


def test_a_word_that_is_no_answer_at_the_summary_gets_the_summarys_buttons_again(conversation):
    at_the_evidence_question(conversation, DRAIN)
    conversation.tap("Selesai")
    offered = conversation.offered()
    conversation.send("hmm")
    assert "*ya* untuk mengirim laporan" in conversation.last_reply()
    assert conversation.offered() == offered == ["Kirim", "Ubah lokasi", "Batal"]
    conversation.tap("Kirim")
    assert "LPR-" in conversation.last_reply()


def test_a_word_that_is_no_answer_to_leaving_the_report_gets_its_buttons_again(conversation):
    at_the_evidence_question(conversation, DRAIN)
    conversation.send("menu")
    offered = conversation.offered()
    conversation.send("hmm")
    assert conversation.offered() == offered == ["Ke menu", "Lanjutkan laporan"]
    conversation.tap("Lanjutkan laporan")
    assert conversation.state == "evidence"


def test_where_evidence_is_required_a_reprompt_never_says_it_may_be_left_out(conversation):
    at_the_evidence_question(conversation, ROAD)
    conversation.send("hmm")
    reprompt = conversation.last_reply()
    assert "wajib disertai bukti" in reprompt and "tidak ada" not in reprompt
    assert conversation.offered() == ["Selesai"]
