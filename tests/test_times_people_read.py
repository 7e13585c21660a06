"""Residents and staff read times in the city's zone (CITY_TIMEZONE), and a resident's ``status``
shows the latest answer from whoever gave it and the note of the last status change."""
from __future__ import annotations

import csv
import io
from datetime import datetime, timezone

import pytest
from sqlalchemy import update

from console import Staff, make_account
from factories import add_cases
from harness import City, file_pothole_report, forwarded_case
from models import Case

CASE = "/admin/cases/LPR-00001"
#: 21:23 in Jakarta (WIB, UTC+7); 22:23 in Makassar and Kupang (WITA, UTC+8).
EVENING = datetime(2026, 11, 25, 14, 23, tzinfo=timezone.utc)


@pytest.fixture
def kupang(city):
    """The same city set to Central Indonesian Time, as Kupang is: ``CITY_TIMEZONE=Asia/Makassar``."""
    world = City({**city.env, "CITY_TIMEZONE": "Asia/Makassar"}, city.fake, city.live_server)
    yield world
    world.close()


def signed_in_admin(city) -> Staff:
    make_account(city, "admin@kota.go.id")
    admin = Staff(city, "admin@kota.go.id")
    admin.sign_in()
    return admin


def last_changed_at(city, moment: datetime) -> None:
    """Pretend every case last changed at ``moment``."""
    with city.session() as session:
        session.execute(update(Case).values(updated_at=moment))
        session.commit()


# --- a resident asks for the status of their case --------------------------------------------

def test_status_shows_when_the_case_last_changed_in_wib_unless_the_city_says_otherwise(city):
    resident = city.resident()
    file_pothole_report(resident)
    last_changed_at(city, EVENING)
    resident.send("status LPR-00001")
    assert "Diperbarui: 25-11-2026 21:23 WIB" in resident.last_reply()


def test_status_shows_it_in_wita_in_a_city_set_to_asia_makassar(kupang):
    resident = kupang.resident()
    file_pothole_report(resident)
    last_changed_at(kupang, EVENING)
    resident.send("status LPR-00001")
    assert "Diperbarui: 25-11-2026 22:23 WITA" in resident.last_reply()
    resident.send("language")
    resident.send("status LPR-00001")
    assert "Updated: 25-11-2026 22:23 WITA" in resident.last_reply()


def test_status_shows_the_mayors_office_reply_from_the_console_when_it_is_the_latest_answer(city):
    resident, official, _forward = forwarded_case(city)
    official.send("#LPR-00001 Tim kami ke lokasi besok pagi.")
    signed_in_admin(city).submit(CASE, CASE + "/reply", {"text": "Kami pantau langsung dari balai kota."})
    resident.send("status LPR-00001")
    status = resident.last_reply()
    assert "Balasan terakhir dari Kantor Wali Kota:\n“Kami pantau langsung dari balai kota.”" in status
    assert "Tim kami ke lokasi" not in status


def test_status_shows_an_officials_reply_with_their_name_when_it_is_the_latest_answer(city):
    resident, official, _forward = forwarded_case(city)
    signed_in_admin(city).submit(CASE, CASE + "/reply", {"text": "Kami pantau langsung dari balai kota."})
    official.send("#LPR-00001 Tim kami ke lokasi besok pagi.")
    resident.send("status LPR-00001")
    status = resident.last_reply()
    assert ("Balasan terakhir dari Budi Santoso (Dinas Pekerjaan Umum):\n“Tim kami ke lokasi besok pagi.”"
            in status)
    assert "Kami pantau" not in status


def test_status_shows_the_note_of_the_last_status_change_that_had_one(city):
    resident, official, _forward = forwarded_case(city)
    official.send("/proses LPR-00001 Tim dijadwalkan hari Kamis.")
    resident.send("status LPR-00001")
    assert "(*sedang diproses*):\n“Tim dijadwalkan hari Kamis.”" in resident.last_reply()
    official.send("/selesai LPR-00001")  # no note: the one before still says the most
    resident.send("status LPR-00001")
    status = resident.last_reply()
    assert "Status: *selesai*" in status and "Tim dijadwalkan hari Kamis." in status
    admin = signed_in_admin(city)
    admin.submit(CASE, CASE + "/status", {"status": "in_progress", "note": "Dibuka lagi: aspal retak."})
    resident.send("status LPR-00001")
    status = resident.last_reply()
    assert "Catatan status terakhir (*sedang diproses*):\n“Dibuka lagi: aspal retak.”" in status
    assert "Kamis" not in status


# --- staff read a case in the console ----------------------------------------------------------

def test_the_console_shows_a_cases_times_in_the_citys_zone(kupang):
    add_cases(kupang, 1, created_at=EVENING)
    page = signed_in_admin(kupang).get(CASE).text
    assert "25-11-2026 22:23" in page and "21:23" not in page


def test_the_consoles_date_filters_take_whole_days_of_the_citys_zone(kupang):
    add_cases(kupang, 1, created_at=datetime(2026, 5, 1, 15, 30, tzinfo=timezone.utc))  # 1 May, 23:30 WITA
    add_cases(kupang, 1, created_at=datetime(2026, 5, 1, 16, 30, tzinfo=timezone.utc))  # 2 May, 00:30 WITA
    admin = signed_in_admin(kupang)
    may_first = admin.get("/admin/cases?date_from=2026-05-01&date_to=2026-05-01").text
    assert may_first.count('href="/admin/cases/LPR-') == 1 and "LPR-00001" in may_first
    may_second = admin.get("/admin/cases?date_from=2026-05-02&date_to=2026-05-02").text
    assert may_second.count('href="/admin/cases/LPR-') == 1 and "LPR-00002" in may_second
    export = admin.get("/admin/cases.csv?date_from=2026-05-02&date_to=2026-05-02").text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(export)))[1:]
    assert [row[:2] for row in rows] == [["LPR-00002", "02-05-2026 00:30"]]
