"""Each working day at 07:00 city time the mayor's office desk, and every number under ``digest:`` in
the directory file, gets one WhatsApp template: yesterday's new cases, what is open, late and
escalated, what was resolved yesterday, the slowest offices, residents' ideas and budget rounds."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import yaml

from handlers.budgeting import create_round
from harness import SAMPLE_DIRECTORY, directory_file, file_drain_report as send_drain_report
from jobs.sweep import sweep
from models import Phase, clock

WIB = timezone(timedelta(hours=7))
MAYORS_DESK = "+6281234500009"
SPOKESPERSON = "+6281299990001"  # not an official: only listed under digest:


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> None:
    clock.travel(datetime(year, month, day, hour, minute, tzinfo=WIB) - clock.now())


def file_drain_report(city, phone: str) -> None:
    send_drain_report(city.resident(phone=phone))
    city.work()


def swept(city) -> None:
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    city.work()


def digests_to(city, phone: str) -> list[str]:
    return [message.rendered for message in city.fake.messages_to(f"whatsapp:{phone}")
            if "Ringkasan laporan warga" in message.rendered]


def with_a_spokesperson(city, tmp_path) -> None:
    directory = yaml.safe_load(SAMPLE_DIRECTORY.read_text())
    directory["digest"] = [MAYORS_DESK, SPOKESPERSON]
    city.load_directory(directory_file(tmp_path, directory))


def test_the_digest_goes_at_seven_on_a_working_day_once_to_each_listed_number(city, tmp_path):
    with_a_spokesperson(city, tmp_path)
    at(2026, 12, 22, 10)  # Tuesday: a case nobody answers (due at the end of Wednesday: late)
    file_drain_report(city, "+6281200000001")
    at(2026, 12, 28, 9)   # Monday, after the day off, Christmas and the weekend: another (not due yet)
    file_drain_report(city, "+6281200000002")

    at(2026, 12, 29, 6, 59)  # Tuesday, just before seven
    swept(city)
    assert digests_to(city, MAYORS_DESK) == []

    at(2026, 12, 29, 7, 1)
    swept(city)
    city.restart_worker()
    swept(city)
    for phone in (MAYORS_DESK, SPOKESPERSON):
        digest = digests_to(city, phone)
        assert len(digest) == 1, phone
        assert ("28-12-2026: laporan baru 1, selesai 0; saat ini masih terbuka 2, lewat tenggat 1, "
                "tereskalasi 0") in digest[0]
        assert "Kelurahan Fatululi (1)" in digest[0]


def test_no_digest_on_a_weekend_or_a_holiday(city):
    at(2026, 12, 26, 8)   # Saturday
    swept(city)
    at(2026, 12, 25, 8)   # Christmas (the clock may go back in a test; the bot never relies on it)
    swept(city)
    assert digests_to(city, MAYORS_DESK) == []


def test_mondays_digest_counts_the_weekend_and_the_holiday_before_it(city):
    at(2027, 1, 2, 11)  # Saturday, the day after New Year's Day
    file_drain_report(city, "+6281200000003")
    at(2027, 1, 4, 7, 1)  # Monday: Thursday 31 December was the last working day
    swept(city)
    assert "31-12-2026 s.d. 03-01-2027: laporan baru 1" in digests_to(city, MAYORS_DESK)[0]


def test_the_digest_names_the_budget_rounds_whose_voting_opened_closes_tonight_or_closed(city):
    with city.session() as session:
        for name, voting, results in (("Anggaran Kota 2027", date(2026, 12, 28), date(2027, 1, 20)),
                                      ("Anggaran Oebobo 2027", date(2026, 12, 1), date(2026, 12, 30)),
                                      ("Anggaran Lama", date(2026, 11, 1), date(2026, 11, 20))):
            create_round(session, name=name, area=None, budget=100_000_000, zone=ZoneInfo("Asia/Jakarta"),
                         days={Phase.PROPOSALS: date(2026, 10, 1), Phase.REVIEW: date(2026, 10, 15),
                               Phase.VOTING: voting, Phase.RESULTS: results})
        session.commit()
    at(2026, 12, 29, 7, 1)  # Tuesday: the digest is about Monday 28, when the city's vote opened
    swept(city)
    (digest,) = digests_to(city, MAYORS_DESK)
    assert ("Anggaran partisipatif: pemungutan suara dibuka: Anggaran Kota 2027; ditutup malam ini: "
            "Anggaran Oebobo 2027.") in digest
