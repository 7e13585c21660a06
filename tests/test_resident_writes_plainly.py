"""Most residents never swipe to reply: what they type at the menu reaches the case an office is
talking with them about, thanks are passed on without a question in return, and an answer to
"is it fixed?" that is neither yes nor no reaches the officials too."""
from __future__ import annotations

from datetime import timedelta

from models import clock
from harness import BUDI, file_pothole_report, forwarded_case
from jobs.sweep import sweep


def official_answers(city, official, forward, text: str = "Tim kami datang besok pagi.") -> None:
    official.reply_to(forward.sid, text)
    city.work()


def test_ok_pak_typed_after_an_officials_answer_reaches_the_official_and_gets_a_brief_thanks(city):
    resident, official, forward = forwarded_case(city)
    official_answers(city, official, forward)
    before = len(official.received())
    resident.send("ok pak")
    city.work()
    relayed = official.received()[before:]
    assert len(relayed) == 1 and "ok pak" in relayed[0].body and "LPR-00001" in relayed[0].body
    answer = resident.replies()[-1]
    assert "LPR-00001" in answer and "Diteruskan" in answer
    assert "pilihan itu tidak ada" not in answer and "Menu" not in answer


def test_a_thumbs_up_is_passed_on_as_it_is(city):
    resident, official, forward = forwarded_case(city)
    official_answers(city, official, forward)
    resident.send("👍")
    city.work()
    assert "👍" in official.received()[-1].body


def test_a_question_typed_plainly_reaches_the_official_of_the_case(city):
    resident, official, forward = forwarded_case(city)
    official_answers(city, official, forward)
    resident.send("Jam berapa petugasnya datang?")
    city.work()
    assert "Jam berapa petugasnya datang?" in official.received()[-1].body
    assert "diteruskan" in resident.replies()[-1]


def test_with_no_case_answered_lately_plain_text_gets_the_menu_naming_its_choices(city):
    resident, official, forward = forwarded_case(city)
    official_answers(city, official, forward)
    clock.travel(timedelta(days=8))
    before = len(official.received())
    resident.send("ok pak")
    city.work()
    assert len(official.received()) == before
    reprompt = next(text for text in resident.replies() if text.startswith("Maaf"))
    assert "*1* Buat laporan baru" in reprompt and "*2* Cek status laporan" in reprompt
    assert "*3* Bantuan" in reprompt


def test_a_case_nobody_answered_yet_does_not_catch_plain_text(city):
    resident = city.resident(name="Siti")
    file_pothole_report(resident)
    city.work()
    official = city.official(BUDI)
    before = len(official.received())
    resident.replies()
    resident.send("halo lagi")
    city.work()
    assert len(official.received()) == before
    assert any("Maaf" in text for text in resident.replies())


def test_with_two_cases_answered_the_resident_picks_which_one_and_the_message_goes_there(city):
    resident, official, forward = forwarded_case(city)
    official_answers(city, official, forward)
    file_pothole_report(resident)
    city.work()
    second_forward = [message for message in official.received() if "LPR-00002" in message.body][0]
    official_answers(city, official, second_forward, "Kami cek lusa.")
    resident.replies()
    before = len(official.received())
    resident.send("Terima kasih, ditunggu.")
    city.work()
    question = resident.replies()[-1]
    assert "LPR-00001" in question and "LPR-00002" in question
    assert len(official.received()) == before  # nothing relayed until the resident says where
    resident.tap("LPR-00001 Jalan rusak")
    city.work()
    relayed = official.received()[before:]
    assert len(relayed) == 1 and "LPR-00001" in relayed[0].body and "Terima kasih, ditunggu." in relayed[0].body


def test_the_case_can_be_picked_by_its_number_typed(city):
    resident, official, forward = forwarded_case(city)
    official_answers(city, official, forward)
    file_pothole_report(resident)
    city.work()
    second_forward = [message for message in official.received() if "LPR-00002" in message.body][0]
    official_answers(city, official, second_forward, "Kami cek lusa.")
    resident.send("Masih ada genangan juga")
    city.work()
    listed = resident.replies()[-1]
    number = "1" if listed.index("1. LPR-00002") < listed.index("LPR-00001") else "2"
    before = len(official.received())
    resident.send(number)
    city.work()
    assert "Masih ada genangan juga" in official.received()[before].body
    assert "LPR-00002" in official.received()[before].body


def resolved_case(city):
    resident, official, forward = forwarded_case(city)
    official.send("/selesai LPR-00001 Sudah ditambal")
    city.work()
    resident.replies()
    return resident, official, forward


def test_thanks_swiped_to_the_officials_message_after_resolve_reaches_them_and_asks_nothing(city):
    resident, official, forward = resolved_case(city)
    said = [message for message in resident.received() if "LPR-00001" in message.body]
    before = len(official.received())
    resident.reply_to(said[-1].sid, "Terima kasih pak, cepat sekali.")
    city.work()
    assert "Terima kasih pak, cepat sekali." in official.received()[before].body
    answer = resident.replies()[-1]
    assert "beres?" not in answer and "Balas *ya*" not in answer
    assert city.case("LPR-00001").confirmation is None  # the question stays open


def test_a_remark_to_is_it_fixed_is_relayed_and_a_later_ya_still_closes_the_case(city):
    resident, official, _ = resolved_case(city)
    before = len(official.received())
    resident.send("Sudah lumayan, tapi catnya belum kering")
    city.work()
    assert "catnya belum kering" in official.received()[before].body
    resident.send("ya")
    city.work()
    assert city.case("LPR-00001").confirmation is not None


def test_ya_and_belum_still_answer_is_it_fixed(city):
    resident, official, _ = resolved_case(city)
    resident.send("belum, masih berlubang")
    city.work()
    case = city.case("LPR-00001")
    assert case.status == "open"


def test_a_resident_who_wrote_without_answering_is_asked_again_once_half_a_day_later(city):
    resident, official, _ = resolved_case(city)
    resident.send("Terima kasih pak")
    city.work()
    resident.replies()
    clock.travel(timedelta(hours=11))
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    city.work()
    assert not any("beres" in text for text in resident.replies())  # not yet
    clock.travel(timedelta(hours=2))
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    city.work()
    asked = [text for text in resident.replies() if "LPR-00001" in text and "beres" in text]
    assert len(asked) == 1
    clock.travel(timedelta(hours=13))
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    city.work()
    assert not any("beres" in text for text in resident.replies())  # once only


def test_a_resident_who_said_nothing_is_not_asked_again(city):
    resident, official, _ = resolved_case(city)
    clock.travel(timedelta(hours=13))
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    city.work()
    assert not any("beres" in text for text in resident.replies())
