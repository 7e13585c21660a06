"""When an office resolves a case, its resident is asked whether it is really fixed: ``ya`` closes it
(and they may rate the handling), ``belum`` with a note and a photo reopens it and sends it back to the
same office; a week without an answer closes it as resolved, not confirmed."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from handlers.catalog import t
from harness import a_photo, file_drain_report
from jobs.sweep import sweep
from models import Case, CaseEvent, clock

LURAH = "+6281234500022"


def resolved_case(city):
    """A drain report in Fatululi, answered and resolved by the lurah; returns (resident, lurah)."""
    resident = city.resident(name="Siti")
    file_drain_report(resident)
    city.work()
    lurah = city.official(LURAH)
    lurah.send("/selesai LPR-00001 Got sudah dibersihkan petugas.")
    city.work()
    return resident, lurah


def resolved_case_a_day_later(city):
    """The same, resolved when the resident's 24-hour window has closed."""
    resident = city.resident(name="Siti")
    file_drain_report(resident)
    city.work()
    clock.travel(timedelta(hours=25))
    lurah = city.official(LURAH)
    lurah.send("/selesai LPR-00001 Got sudah dibersihkan petugas.")
    city.work()
    return resident, lurah


def case_row(city) -> dict:
    with city.session() as session:
        case = session.scalars(select(Case)).one()
        return {"status": case.status, "confirmation": case.confirmation, "reopens": case.reopen_count,
                "rating": case.rating, "office": case.department.name}


def test_the_resolved_case_asks_the_resident_whether_it_is_really_fixed(city):
    resident, _ = resolved_case(city)
    status, question = resident.replies()[-2:]
    assert "selesai" in status and "Got sudah dibersihkan" in status
    assert "LPR-00001" in question and "benar-benar sudah beres" in question
    assert case_row(city)["status"] == "resolved"


def test_outside_the_window_the_question_waits_for_the_residents_next_message(city):
    resident, lurah = resolved_case_a_day_later(city)
    asked = lambda: any("benar-benar sudah beres" in message.rendered for message in resident.received())  # noqa: E731
    assert resident.received()[-1].content_sid and not asked(), "only the status template reached them"
    resident.send("halo?")
    city.work()
    assert asked()
    resident.send("ya")
    assert case_row(city)["status"] == "closed"


def test_ya_closes_it_and_a_rating_is_kept_for_the_office(city):
    resident, _ = resolved_case(city)
    resident.send("ya")
    thanks = resident.last_reply()
    assert "ditutup" in thanks and "*1* sampai *5*" in thanks
    resident.send("4")
    assert "4/5" in resident.last_reply()
    assert case_row(city) == {"status": "closed", "confirmation": "confirmed", "reopens": 0, "rating": 4,
                              "office": "Kelurahan Fatululi"}
    resident.send("1")  # the rating was taken: "1" is the menu's "file a report" again
    assert "jenis masalahnya" in resident.last_reply()


def test_skipping_the_rating_leaves_the_menu_working(city):
    resident, _ = resolved_case(city)
    resident.send("yes")
    resident.send("menu")
    assert case_row(city)["rating"] is None and case_row(city)["status"] == "closed"


def test_belum_with_a_photo_reopens_it_and_sends_it_back_to_the_same_office(city):
    resident, lurah = resolved_case(city)
    before = len(lurah.received())
    resident.send_media(a_photo(), "image/jpeg", caption="belum, airnya masih meluap tadi pagi")
    city.work()
    assert "dibuka kembali" in resident.last_reply()
    row = case_row(city)
    assert row["status"] == "open" and row["reopens"] == 1 and row["office"] == "Kelurahan Fatululi"
    relayed = lurah.received()[before:]
    assert any("belum beres" in message.rendered and "airnya masih meluap tadi pagi" in message.rendered
               for message in relayed)
    assert any(message.media_urls for message in relayed), "the resident's photo goes with it"
    with city.session() as session:
        kinds = list(session.scalars(select(CaseEvent.kind).order_by(CaseEvent.id)))
    assert kinds[-1] == "reopened"


def test_a_photo_sent_just_after_belum_goes_with_it(city):
    resident, lurah = resolved_case(city)
    resident.send("belum")
    city.work()
    before = len(lurah.received())
    resident.send_media(a_photo(), "image/jpeg")
    city.work()
    assert "diteruskan" in resident.last_reply()
    assert any(message.media_urls for message in lurah.received()[before:])


def test_a_swipe_reply_to_the_question_answers_it(city):
    resident, _ = resolved_case(city)
    question = resident.received()[-1]
    assert "benar-benar sudah beres" in question.rendered
    resident.reply_to(question.sid, "tidak")
    assert case_row(city)["status"] == "open"


def test_a_week_of_silence_closes_it_as_resolved_not_confirmed(city):
    resolved_case(city)
    clock.travel(timedelta(days=6, hours=23))
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    assert case_row(city)["status"] == "resolved"
    clock.travel(timedelta(hours=2))
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    assert case_row(city)["status"] == "closed" and case_row(city)["confirmation"] == "unconfirmed"


def test_ya_while_no_case_awaits_an_answer_is_just_the_menu(conversation):
    conversation.send("halo")
    conversation.send("ya")
    answers = conversation.replies()
    assert answers[-1] == t("menu")
    assert not any("ditutup" in reply for reply in answers)
