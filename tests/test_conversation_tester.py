"""The conversation tester (tests/harness.py) hears what a resident's phone hears: the same
conversation, typed and tapped, gets the same replies through it as through the webhook, the
worker and the fake Twilio. The step-level tests that use it rely on that."""
from __future__ import annotations

from harness import DESCRIPTION, a_photo


def file_a_report_by_tapping_and_typing(resident) -> list[list[str]]:
    """A road report that taps where it can and types the rest, with a photo (the phone's goes
    through the fake Twilio, the tester's only says it is one); what the bot said after each step."""
    heard = []
    for step in (lambda: resident.send("halo"),
                 lambda: resident.tap("Buat laporan baru"),
                 lambda: resident.tap("Jalan rusak"),
                 lambda: resident.send("bantuan"),
                 lambda: resident.send(DESCRIPTION),
                 lambda: resident.send_location(-10.175, 123.616, address="Jl. Frans Seda No. 12"),
                 lambda: resident.send("selesai"),
                 lambda: resident.send_media(a_photo("pothole"), "image/jpeg"),
                 lambda: resident.send("selesai"),
                 lambda: resident.tap("Ubah lokasi"),
                 lambda: resident.send("Jl. Soeharto No. 3, dekat pasar"),
                 lambda: resident.tap("Kirim")):
        step()
        heard.append(resident.replies())
    return heard


def test_the_tester_hears_what_the_phone_hears(city, conversation):
    """Both talk to one database (the test's), as two residents: the phone's report is the second."""
    heard_by_tester = file_a_report_by_tapping_and_typing(conversation)
    phone = city.resident("+6281200000002")
    heard_by_phone = file_a_report_by_tapping_and_typing(phone)
    assert heard_by_tester == [[reply.replace("LPR-00002", "LPR-00001") for reply in replies]
                               for replies in heard_by_phone]
    assert len(heard_by_tester[-1]) == 1 and "LPR-00001" in heard_by_tester[-1][0]
    assert conversation.state == "menu" and conversation.draft == {}
    assert city.case("LPR-00001").address == city.case("LPR-00002").address == "Jl. Soeharto No. 3, dekat pasar"
