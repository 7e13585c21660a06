"""One resident, several cases: ``status`` lists those still under way with what happened last, and a
reply (swipe) to the bot's message about one case goes to that case's officials, not another's."""
from __future__ import annotations

from harness import DESCRIPTION

FATULULI = (-10.175, 123.616)
PU = "+6281234500001"          # Dinas PU: roads
LURAH_FATULULI = "+6281234500022"


def file_report(resident, category: str, description: str = DESCRIPTION) -> None:
    resident.send("lapor")
    resident.send(category)
    resident.send_media(caption=description)
    resident.send_location(*FATULULI)
    resident.send("ya")


def test_status_lists_the_cases_under_way_with_their_last_step(city):
    resident = city.resident()
    file_report(resident, "jalan")                                        # LPR-00001 → Dinas PU
    file_report(resident, "drainase", "Got tersumbat di depan SD, air meluap.")  # LPR-00002 → lurah
    file_report(resident, "sampah", "Sampah menumpuk di pinggir pasar tiga hari.")  # LPR-00003
    city.work()
    city.official(PU).send("#LPR-00001 Tim kami menambal lubang itu besok pagi.")
    city.official(LURAH_FATULULI).send("/tolak LPR-00002 Bukan wilayah kami, sudah diteruskan.")
    city.work()

    resident.send("status")
    listing = resident.last_reply()
    assert "masih berjalan (2)" in listing
    assert "*LPR-00001* – Jalan rusak" in listing and "jawaban dari Budi Santoso: “Tim kami menambal" in listing
    assert "*LPR-00003* – Sampah menumpuk" in listing and "laporan dikirim" in listing
    assert "LPR-00002" not in listing and "1 laporan lain sudah selesai" in listing
    assert listing.index("LPR-00003") < listing.index("LPR-00001"), "newest first"


def test_status_for_a_resident_without_reports_says_how_to_start(conversation):
    conversation.send("halo")
    conversation.send("status")
    assert "belum pernah membuat laporan" in conversation.last_reply()


def test_the_menu_entry_for_status_lists_the_same(conversation):
    file_report(conversation, "jalan")
    conversation.send("menu")
    conversation.tap("Cek status laporan")
    assert "*LPR-00001* – Jalan rusak" in conversation.last_reply()


def test_a_reply_to_the_bots_message_about_a_case_goes_to_that_case(city):
    resident = city.resident()
    file_report(resident, "jalan")                                        # LPR-00001 → Dinas PU
    file_report(resident, "drainase", "Got tersumbat di depan SD, air meluap.")  # LPR-00002 → lurah
    city.work()
    confirmations = [message for message in resident.outbox() if "Nomor laporan Anda" in message.body]
    first_confirmation = confirmations[0]
    assert first_confirmation.sid, "sent, so that WhatsApp can quote it"

    resident.reply_to(first_confirmation.sid, "Lubangnya makin besar setelah hujan semalam.")
    city.work()
    pu = [sent.rendered for sent in city.official(PU).received()]
    lurah = [sent.rendered for sent in city.official(LURAH_FATULULI).received()]
    assert any("makin besar" in text and "LPR-00001" in text for text in pu)
    assert not any("makin besar" in text for text in lurah)
