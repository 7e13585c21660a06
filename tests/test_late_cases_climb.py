"""A case nobody answers in time climbs: its officials are reminded, then the head of the office is
told, then the mayor's office, each once, in working days counted in the city's zone (weekends,
national holidays and the city's own days off skipped). Days pass in milliseconds: the one clock
moves, and the worker's sweep does the rest, as it does every few seconds in production."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import yaml
from sqlalchemy import select

from console import signed_in_admin
from factories import add_cases
from harness import SAMPLE_DIRECTORY, directory_file, file_drain_report as send_drain_report
from jobs.sweep import sweep
from models import Case, CaseEvent, clock

LURAH, STAFF = "+6281234500022", "+6281234500023"  # Kelurahan Fatululi; the lurah is its head
MAYORS_OFFICE = "+6281234500009"
CAMAT = "+6281234500021"  # Kecamatan Oebobo, Fatululi's
WIB = timezone(timedelta(hours=7))  # the sample city's CITY_TIMEZONE is the default, Asia/Jakarta


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> None:
    """Move the clock to this time in the city (WIB)."""
    clock.travel(datetime(year, month, day, hour, minute, tzinfo=WIB) - clock.now())


def file_drain_report(city):
    """A drain report in Fatululi ("route: area": 1 working day to answer, 5 to resolve), filed on
    Wednesday 23 December 2026 at 10:00, before the city's day off (24th, cuti bersama),
    Christmas (25th) and a weekend."""
    at(2026, 12, 23, 10)
    resident = city.resident()
    send_drain_report(resident)
    city.work()
    return resident


def swept(city) -> None:
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    city.work()


def texts_to(city, phone: str, word: str) -> list[str]:
    return [message.rendered for message in city.official(phone).received() if word in message.rendered]


def steps_taken(city) -> list[str]:
    with city.session() as session:
        return list(session.scalars(select(CaseEvent.kind).where(
            CaseEvent.kind.like("%\\_first\\_answer", escape="\\") | CaseEvent.kind.like("%\\_resolve", escape="\\"))
            .order_by(CaseEvent.id)))


def test_deadlines_skip_the_city_day_off_the_holiday_and_the_weekend(city):
    file_drain_report(city)
    case = city.only_case()
    # 24 Dec (day off), 25 Dec (Christmas), 26-27 Dec (weekend): the first working day is Monday 28th.
    assert case.first_answer_due_at.astimezone(WIB) == datetime(2026, 12, 29, 0, 0, tzinfo=WIB)
    # 28, 29, 30, 31 Dec, then 1 Jan (New Year) and the weekend: the fifth is Monday 4 January.
    assert case.resolve_due_at.astimezone(WIB) == datetime(2027, 1, 5, 0, 0, tzinfo=WIB)
    lurah = city.official(LURAH)
    lurah.tap_read(lurah.received()[0].sid)  # the whole forward, after its template
    city.work()
    assert ("*Tenggat jawab:* paling lambat Senin, 28-12-2026\n*Tenggat penyelesaian:* paling lambat Senin, "
            "04-01-2027") in texts_to(city, LURAH, "Tenggat")[0]


def test_an_unanswered_case_reminds_then_tells_the_head_then_the_mayors_office_each_once(city):
    file_drain_report(city)
    at(2026, 12, 28, 23, 59)  # the last minute of the deadline's day: nobody is bothered yet
    swept(city)
    assert steps_taken(city) == [] and texts_to(city, LURAH, "Pengingat") == []

    at(2026, 12, 29, 7, 1)  # the next office morning
    swept(city)
    for phone in (LURAH, STAFF):
        reminders = texts_to(city, phone, "Pengingat")
        assert len(reminders) == 1 and "LPR-00001" in reminders[0] and "28-12-2026" in reminders[0]
    city.restart_worker()  # a restart, and the sweep again: nothing twice
    swept(city)
    swept(city)
    assert steps_taken(city) == ["reminder_first_answer"]
    assert len(texts_to(city, LURAH, "Pengingat")) == 1

    at(2026, 12, 30, 7, 1)  # one working day later: the head of the office (the lurah), not the staff
    swept(city)
    assert len(texts_to(city, LURAH, "pimpinan unit")) == 1 and texts_to(city, STAFF, "pimpinan unit") == []
    assert texts_to(city, MAYORS_OFFICE, "Eskalasi") == []

    at(2026, 12, 31, 7, 1)  # one more: the mayor's office, and the case is marked escalated
    swept(city)
    swept(city)
    assert len(texts_to(city, MAYORS_OFFICE, "Eskalasi")) == 1
    assert steps_taken(city) == ["reminder_first_answer", "head_first_answer", "mayor_first_answer"]
    assert city.only_case().escalated_at is not None

    lurah = city.official(LURAH)
    lurah.send("/terlambat")
    city.work()
    assert "LPR-00001" in lurah.received()[-1].body and "terlambat dijawab (tenggat paling lambat Senin, 28-12-2026)" in (
        lurah.received()[-1].body)


def test_an_answered_case_is_not_reminded_until_its_resolve_deadline_passes_a_holiday(city):
    file_drain_report(city)
    at(2026, 12, 28, 9)
    lurah = city.official(LURAH)
    lurah.send("#LPR-00001 Besok tim kebersihan datang.")
    city.work()
    at(2027, 1, 4, 12)
    swept(city)
    assert steps_taken(city) == []
    # Due at the end of Monday 4 January; Tuesday 5th is a national holiday (Isra Mi'raj): the
    # reminder waits for Wednesday's office morning.
    at(2027, 1, 5, 12)
    swept(city)
    assert steps_taken(city) == []
    at(2027, 1, 6, 7, 1)
    swept(city)
    assert steps_taken(city) == ["reminder_resolve"]
    assert "belum diselesaikan" in texts_to(city, LURAH, "Pengingat")[0]


def test_two_sweeps_at_once_still_remind_once(city):
    file_drain_report(city)
    at(2026, 12, 29, 7, 1)
    failures = []

    def sweep_in_a_thread():
        try:
            sweep(city.worker_runtime, older_than=timedelta(seconds=30))
        except Exception as exc:  # SQLite may refuse the second writer: it must not send twice either
            failures.append(exc)

    threads = [threading.Thread(target=sweep_in_a_thread) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    city.work()
    assert steps_taken(city) == ["reminder_first_answer"]
    assert len(texts_to(city, LURAH, "Pengingat")) == 1 and len(texts_to(city, STAFF, "Pengingat")) == 1


def test_a_resolved_case_climbs_no_further(city):
    file_drain_report(city)
    at(2026, 12, 29, 7, 1)
    swept(city)
    lurah = city.official(LURAH)
    lurah.send("/selesai LPR-00001 Got sudah dibersihkan.")
    city.work()
    at(2027, 1, 8, 8)
    swept(city)
    assert steps_taken(city) == ["reminder_first_answer"]
    with city.session() as session:
        assert session.scalars(select(Case.escalated_at)).one() is None


def test_cases_open_from_before_deadlines_existed_get_them_from_the_first_sweep(city):
    at(2027, 1, 6, 9)  # Wednesday
    add_cases(city, 1, category="jalan", created_at=clock.now() - timedelta(days=90))  # no deadlines
    swept(city)
    case = city.only_case()
    assert case.first_answer_due_at.astimezone(WIB) == datetime(2027, 1, 8, 0, 0, tzinfo=WIB)  # end of Thursday
    assert steps_taken(city) == [], "not reminded, told to the head and escalated all in one morning"


def test_a_kelurahan_without_a_head_has_its_late_cases_told_to_the_camat(city, tmp_path):
    directory = yaml.safe_load(SAMPLE_DIRECTORY.read_text())
    fatululi = next(area for area in directory["areas"] if area["code"] == "kel-fatululi")
    for official in fatululi["officials"]:
        official.pop("head", None)
    city.load_directory(directory_file(tmp_path, directory))
    file_drain_report(city)
    at(2026, 12, 30, 7, 1)
    swept(city)
    assert texts_to(city, LURAH, "pimpinan unit") == []
    assert len(texts_to(city, CAMAT, "pimpinan unit")) == 1
    camat = city.official(CAMAT)
    camat.send("/terlambat")  # the camat oversees the kelurahan of the kecamatan
    city.work()
    assert "LPR-00001" in camat.received()[-1].body and "(Fatululi)" in camat.received()[-1].body


def test_the_directory_sets_the_steps_and_their_delays(city, tmp_path):
    directory = yaml.safe_load(SAMPLE_DIRECTORY.read_text())
    directory["escalation"] = {"reminder": 0, "mayor": 1}  # no head step; the mayor's office a day on
    city.load_directory(directory_file(tmp_path, directory))
    file_drain_report(city)
    at(2026, 12, 30, 7, 1)
    swept(city)
    assert steps_taken(city) == ["reminder_first_answer", "mayor_first_answer"]
    assert texts_to(city, LURAH, "pimpinan unit") == [] and len(texts_to(city, MAYORS_OFFICE, "Eskalasi")) == 1


def test_a_case_the_console_reopens_gets_a_new_resolve_deadline_and_climbs_from_it(city):
    file_drain_report(city)
    lurah = city.official(LURAH)
    lurah.send("#LPR-00001 Kami cek besok.")
    lurah.send("/selesai LPR-00001 Sudah dibersihkan.")
    city.work()
    at(2027, 1, 13, 9)  # Wednesday, long after the first resolve deadline (4 January)
    admin = signed_in_admin(city)
    admin.submit("/admin/cases/LPR-00001", "/admin/cases/LPR-00001/status", {"status": "open"})
    swept(city)
    assert steps_taken(city) == [], "not reminded, told to the head and escalated at once"
    # Five working days from Wednesday 13 January: the end of Wednesday 20 January.
    assert city.only_case().resolve_due_at.astimezone(WIB) == datetime(2027, 1, 21, 0, 0, tzinfo=WIB)
