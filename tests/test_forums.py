"""A kelurahan's musrenbang and a kecamatan's Forum Komunikasi Publik take their agenda from the
console's *Forum* page: the most supported open ideas of the area, printable and as CSV; staff
record what the forum made of each, and the author and its supporters hear it."""
from __future__ import annotations

import csv
import io

from sqlalchemy import select, update

from console import Staff, make_account
from harness import IDEA_TITLE, share_an_idea
from models import Aspiration, AspirationEvent

FATULULI_FORUM = "/admin/forum?area=kel-fatululi"
SUPPORTER = "+6281200000101"


def staff(city, email: str, role: str = "staff", department: str | None = None) -> Staff:
    make_account(city, email, role=role, department=department)
    account = Staff(city, email)
    account.sign_in()
    return account


def a_supported_idea(city):
    author = city.resident(name="Siti")
    share_an_idea(author)
    admin = staff(city, "admin@kota.go.id", role="admin")
    admin.submit("/admin/aspirations/ASP-00001", "/admin/aspirations/ASP-00001/publish", {})
    city.resident(SUPPORTER).send("dukung ASP-00001")
    city.work()
    return author, admin


def test_the_agenda_lists_the_areas_open_ideas_most_supported_first_and_as_csv(city):
    a_supported_idea(city)
    lurah_office = staff(city, "fatululi@kota.go.id", department="kel-fatululi")
    page = lurah_office.get(FATULULI_FORUM).text
    assert "Musrenbang Kelurahan Fatululi" in page and IDEA_TITLE in page and "[nomor disamarkan]" in page
    assert "Catat hasil forum" in page
    kecamatan = lurah_office.get("/admin/forum?area=kec-oebobo").text
    assert "Forum Komunikasi Publik Kecamatan Oebobo" in kecamatan and IDEA_TITLE in kecamatan  # its kelurahan's too
    assert IDEA_TITLE not in lurah_office.get("/admin/forum?area=kel-oetete").text
    exported = lurah_office.get("/admin/forum.csv?area=kel-fatululi")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Urutan", "Nomor", "Judul"] and rows[1][:3] == ["1", "ASP-00001", IDEA_TITLE]
    assert rows[1][4] == "1"  # one support


def test_the_forums_outcome_reaches_the_author_and_every_supporter(city):
    author, _ = a_supported_idea(city)
    lurah_office = staff(city, "fatululi@kota.go.id", department="kel-fatululi")
    seen = {phone: len(city.resident(phone).received()) for phone in (author.number, SUPPORTER)}
    response = lurah_office.submit(FATULULI_FORUM, "/admin/forum/ASP-00001/outcome",
                                   {"area": "kel-fatululi", "note": "Disepakati masuk usulan musrenbang kecamatan."})
    assert response.status_code == 302
    city.work()
    for phone, before in seen.items():
        (told,) = city.resident(phone).received()[before:]
        assert "Musrenbang Kelurahan Fatululi" in told.body and "Disepakati" in told.body
    with city.session() as session:
        assert session.scalars(select(AspirationEvent.note).where(AspirationEvent.kind == "forum")).one() == (
            "Disepakati masuk usulan musrenbang kecamatan.")
    again = lurah_office.submit(FATULULI_FORUM, "/admin/forum/ASP-00001/outcome",
                                {"area": "kel-fatululi", "note": "Disepakati masuk usulan musrenbang kecamatan."})
    assert again.status_code == 302 and "sudah tercatat" in lurah_office.get(FATULULI_FORUM).text  # a double submit
    city.work()
    assert len(city.resident(author.number).received()) == seen[author.number] + 1
    page = lurah_office.get("/admin/aspirations/ASP-00001")
    assert page.status_code == 404  # the kelurahan's office records the forum, the idea stays DLH's


def test_an_outcome_is_recorded_after_the_forum_though_the_idea_was_answered_meanwhile(city):
    a_supported_idea(city)
    with city.session() as session:
        session.execute(update(Aspiration).values(status="accepted"))
        session.commit()
    lurah_office = staff(city, "fatululi@kota.go.id", department="kel-fatululi")
    assert IDEA_TITLE not in lurah_office.get(FATULULI_FORUM).text  # no longer open: off the next agenda
    response = lurah_office.submit(FATULULI_FORUM, "/admin/forum/ASP-00001/outcome",
                                   {"area": "kel-fatululi", "note": "Dibahas; sudah diterima dinas."})
    assert response.status_code == 302
    assert lurah_office.submit(FATULULI_FORUM, "/admin/forum/ASP-00001/outcome",
                               {"area": "kel-oetete", "note": "Bukan wilayah kami."}).status_code == 404


def test_another_office_reads_the_agenda_but_records_nothing(city):
    a_supported_idea(city)
    pu = staff(city, "pu@kota.go.id", department="pu")
    page = pu.get(FATULULI_FORUM).text
    assert IDEA_TITLE in page and "Catat hasil forum" not in page
    response = pu.submit(FATULULI_FORUM, "/admin/forum/ASP-00001/outcome", {"area": "kel-fatululi", "note": "Tidak."})
    assert response.status_code == 404
