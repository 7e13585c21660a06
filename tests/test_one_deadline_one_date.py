"""A deadline reads the same everywhere a person meets it: the official's WhatsApp, the console's
case page, its list, its map and its CSV say "paling lambat Senin, 28-12-2026" (in English "by
Monday, 28-12-2026"), each under the name of the deadline it is, and never as the midnight after it."""
from __future__ import annotations

import csv
import io
import re
from datetime import datetime, timedelta, timezone

from console import signed_in_admin
from harness import file_drain_report
from jobs.sweep import sweep
from models import clock

LURAH = "+6281234500022"  # Kelurahan Fatululi's, who gets drain reports placed there
WIB = timezone(timedelta(hours=7))
FIRST_ANSWER = "paling lambat Senin, 28-12-2026"
RESOLVE = "paling lambat Senin, 04-01-2027"


def at(year: int, month: int, day: int, hour: int) -> None:
    clock.travel(datetime(year, month, day, hour, tzinfo=WIB) - clock.now())


def a_drain_report_filed_before_christmas(city):
    """Filed on Wednesday 23 December 2026: one working day to answer (after the city's day off,
    Christmas and a weekend, Monday 28th), five to resolve (Monday 4 January)."""
    at(2026, 12, 23, 10)
    file_drain_report(city.resident())
    city.work()
    return city.official(LURAH)


def plain(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_the_official_reads_both_deadlines_as_days_with_their_weekday(city):
    lurah = a_drain_report_filed_before_christmas(city)
    lurah.tap_read(lurah.received()[0].sid)
    city.work()
    forward = next(sent.body for sent in lurah.received() if "Tenggat" in sent.body)
    assert f"*Tenggat jawab:* {FIRST_ANSWER}\n*Tenggat penyelesaian:* {RESOLVE}" in forward


def test_the_case_page_names_the_deadline_that_is_next_and_words_both_alike(city):
    a_drain_report_filed_before_christmas(city)
    page = plain(signed_in_admin(city).get("/admin/cases/LPR-00001").text)
    assert f"Tenggat jawaban pertama: {FIRST_ANSWER}" in page
    assert f"Tenggat jawaban pertama {FIRST_ANSWER}" in page and f"Tenggat penyelesaian {RESOLVE}" in page
    assert "29-12-2026" not in page and "05-01-2027" not in page, "never the midnight after the last day"


def test_once_answered_the_header_names_the_resolution_deadline_in_the_accounts_language(city):
    lurah = a_drain_report_filed_before_christmas(city)
    lurah.reply_to(lurah.received()[0].sid, "Besok kami cek ke lokasi.")
    city.work()
    admin = signed_in_admin(city)
    admin.submit("/admin/cases", "/admin/language", {})  # to English
    page = plain(admin.get("/admin/cases/LPR-00001").text)
    assert "Resolution due: by Monday, 04-01-2027" in page
    assert "(resolved)" not in page
    listing = plain(admin.get("/admin/cases").text)
    assert "by Monday, 04-01-2027" in listing


def test_the_csv_and_the_map_carry_the_same_words(city):
    a_drain_report_filed_before_christmas(city)
    admin = signed_in_admin(city)
    rows = list(csv.reader(io.StringIO(admin.get("/admin/cases.csv").text.lstrip("\ufeff"))))
    heading, row = rows
    assert row[heading.index("Tenggat jawaban pertama")] == FIRST_ANSWER
    assert row[heading.index("Tenggat penyelesaian")] == RESOLVE
    assert row[-2:] == ["2026-12-28", "2027-01-04"], "the same days, for a spreadsheet to sort"
    pin, = admin.get("/admin/map.geojson").json["features"]
    assert (pin["properties"]["due_label"], pin["properties"]["due_text"]) == ("Tenggat jawaban pertama", FIRST_ANSWER)
    assert pin["properties"]["due"] == "2026-12-28"


def test_a_reminder_and_the_late_list_use_the_same_day(city):
    lurah = a_drain_report_filed_before_christmas(city)
    at(2026, 12, 29, 10)  # Tuesday: the first answer is late
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    city.work()
    reminder = next(sent.rendered for sent in lurah.received() if "Pengingat" in sent.rendered)
    assert f"tenggatnya {FIRST_ANSWER}" in reminder
    lurah.send("/terlambat")
    city.work()
    assert f"terlambat dijawab (tenggat {FIRST_ANSWER})" in lurah.received()[-1].body
