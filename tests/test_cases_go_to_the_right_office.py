"""A report is placed in its kelurahan by its pin or its address, and a category routed by area goes to
that kelurahan's office (the lurah), else its kecamatan's (the camat), else the category's department.
The sample directory is Kota Kupang's (bot/sample_directory.yaml, bot/sample_areas/)."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select

from console import Staff, make_account
from harness import DRAIN, IN_FATULULI, finish_report, report_up_to_the_location
from models import Case

ROAD = "1"         # "Jalan rusak": route: department (pu)
BUDI = "+6281234500001"                 # Dinas PU
CAMAT_OEBOBO = "+6281234500021"
LURAH_FATULULI, STAF_FATULULI = "+6281234500022", "+6281234500023"
LURAH_OESAPA = "+6281234500032"

IN_OETETE = (-10.153, 123.595)          # a kelurahan whose office lists nobody: its camat answers
AT_SEA = (-10.120, 123.600)


def routed(world) -> tuple[str, str | None]:
    """The only case's office and area, by name, read from the city or the conversation tester."""
    with world.session() as session:
        case = session.scalars(select(Case)).one()
        return case.department.name, case.area.name if case.area else None


def forwards_to(city, phone: str) -> list[str]:
    return [message.rendered for message in city.official(phone).received()]


def test_a_pin_in_a_kelurahan_goes_to_its_lurah_and_staff(city):
    resident = city.resident()
    report_up_to_the_location(resident, DRAIN, pin=IN_FATULULI)
    assert "*Wilayah:* Kel. Fatululi, Kec. Oebobo" in finish_report(resident)
    city.work()
    assert routed(city) == ("Kelurahan Fatululi", "Fatululi")
    assert "Kelurahan Fatululi" in resident.replies()[-1]
    for phone in (LURAH_FATULULI, STAF_FATULULI):
        forward = forwards_to(city, phone)
        assert len(forward) == 1 and "LPR-00001" in forward[0] and "Kel. Fatululi, Kec. Oebobo" in forward[0]
    assert forwards_to(city, BUDI) == [] and forwards_to(city, CAMAT_OEBOBO) == []


def test_a_kelurahan_without_officials_hands_its_cases_to_the_camat(city):
    resident = city.resident()
    report_up_to_the_location(resident, DRAIN, pin=IN_OETETE)
    finish_report(resident)
    city.work()
    assert routed(city) == ("Kecamatan Oebobo", "Oetete")
    assert len(forwards_to(city, CAMAT_OEBOBO)) == 1


def test_a_typed_address_that_names_the_kelurahan_is_placed_there(city):
    resident = city.resident()
    report_up_to_the_location(resident, DRAIN, address="Jl. Timor Raya km 8, kel. OESAPA, Kupang")
    finish_report(resident)
    city.work()
    assert routed(city) == ("Kelurahan Oesapa", "Oesapa")
    assert len(forwards_to(city, LURAH_OESAPA)) == 1


def test_a_place_no_area_covers_asks_once_for_the_kelurahan_from_a_short_list(conversation):
    report_up_to_the_location(conversation, DRAIN, pin=AT_SEA)
    question = conversation.last_reply()
    assert "kelurahan mana" in question and "1. Fatululi" in question and "4. Oesapa" in question
    conversation.send("4")
    assert "*Wilayah:* Kel. Oesapa, Kec. Kelapa Lima" in finish_report(conversation)
    assert routed(conversation) == ("Kelurahan Oesapa", "Oesapa")


def test_not_knowing_the_kelurahan_sends_the_case_to_the_department(city):
    resident = city.resident()
    report_up_to_the_location(resident, DRAIN, pin=AT_SEA)
    resident.send("0")
    assert "tanpa kelurahan" in resident.replies()[-2]
    assert "Wilayah" not in finish_report(resident)
    city.work()
    assert routed(city) == ("Dinas Pekerjaan Umum", None)
    assert len(forwards_to(city, BUDI)) == 1


def test_a_category_routed_by_department_keeps_its_department_but_shows_the_area(city):
    resident = city.resident()
    report_up_to_the_location(resident, ROAD, pin=IN_FATULULI)
    resident.send_media(None, "image/jpeg")
    finish_report(resident)
    city.work()
    assert routed(city) == ("Dinas Pekerjaan Umum", "Fatululi")
    assert "Kel. Fatululi, Kec. Oebobo" in forwards_to(city, BUDI)[0]
    assert forwards_to(city, LURAH_FATULULI) == []


def test_the_console_shows_the_area_and_the_deadlines_and_the_csv_carries_them(city):
    resident = city.resident()
    report_up_to_the_location(resident, DRAIN, pin=IN_FATULULI)
    finish_report(resident)
    city.work()
    make_account(city, "admin@kota.go.id")
    staff = Staff(city, "admin@kota.go.id")
    staff.sign_in()
    page = staff.get("/admin/cases/LPR-00001").text
    assert "Kel. Fatululi, Kec. Oebobo" in page and "Tenggat" in page
    listing = staff.get("/admin/cases").text
    assert "Kel. Fatululi, Kec. Oebobo" in listing
    rows = list(csv.reader(io.StringIO(staff.get("/admin/cases.csv").text.lstrip("\ufeff"))))
    heading, row = rows[0], rows[1]
    assert heading[-6:] == ["Wilayah", "Tenggat jawaban pertama", "Tenggat penyelesaian", "terlambat",
                            "Tanggal tenggat jawaban pertama", "Tanggal tenggat penyelesaian"]
    assert row[heading.index("Wilayah")] == "Kel. Fatululi, Kec. Oebobo"
    assert row[heading.index("Tenggat jawaban pertama")] != "—"


def test_the_lurah_lists_their_open_cases_with_due_dates(city):
    resident = city.resident()
    report_up_to_the_location(resident, DRAIN, pin=IN_FATULULI)
    finish_report(resident)
    city.work()
    lurah = city.official(LURAH_FATULULI)
    lurah.send("/kasus")
    city.work()
    listing = lurah.received()[-1].body
    assert "LPR-00001" in listing and "(Fatululi)" in listing and "jawab paling lambat" in listing
    lurah.send("/terlambat")
    city.work()
    assert "Tidak ada laporan unit Anda yang lewat tenggat" in lurah.received()[-1].body
    # Budi's department has none of it
    budi = city.official(BUDI)
    budi.send("/kasus")
    city.work()
    assert "LPR-00001" not in budi.received()[-1].body
