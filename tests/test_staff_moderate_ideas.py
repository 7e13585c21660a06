"""Staff of the answering office (or admins) publish or decline the ideas residents share, in the
console; nobody else reads them before, and the author hears what became of theirs."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from console import Staff, make_account
from harness import IDEA_TITLE, share_an_idea, template_of
from models import Aspiration, AspirationEvent, clock

IDEA_PAGE = "/admin/aspirations/ASP-00001"
TITLE = IDEA_TITLE


@pytest.fixture
def shared(city):
    resident = city.resident(name="Siti")
    share_an_idea(resident, photo=True)
    city.work()
    return resident


def staff_of(city, email: str, department: str) -> Staff:
    make_account(city, email, role="staff", department=department)
    staff = Staff(city, email)
    staff.sign_in()
    return staff


def test_a_new_idea_waits_in_the_answering_offices_queue_masked(city, shared):
    dlh = staff_of(city, "dlh@kota.go.id", "dlh")
    queue = dlh.get("/admin/aspirations").text
    assert "ASP-00001" in queue and TITLE in queue and "1 data pribadi disamarkan" in queue
    page = dlh.get(IDEA_PAGE).text
    assert "[nomor disamarkan]" in page and "0812 3456 7890" not in page and "+6281200000001" not in page
    assert "Kel. Fatululi, Kec. Oebobo" in page and "Terbitkan" in page
    (picture,) = [line for line in page.splitlines() if "/admin/media/" in line and "<img" in line]
    media_path = picture.split('href="')[1].split('"')[0]
    assert dlh.get(media_path).status_code == 200


def test_another_office_neither_lists_nor_opens_it(city, shared):
    pu = staff_of(city, "pu@kota.go.id", "pu")
    assert "ASP-00001" not in pu.get("/admin/aspirations").text
    assert pu.get(IDEA_PAGE).status_code == 404
    assert pu.submit("/admin/aspirations", IDEA_PAGE + "/publish", {}).status_code == 404
    with city.session() as session:
        assert session.scalars(select(Aspiration.status)).one() == "pending"


def test_publishing_tells_the_author_once(city, shared):
    dlh = staff_of(city, "dlh@kota.go.id", "dlh")
    before = len(shared.received())
    assert dlh.submit(IDEA_PAGE, IDEA_PAGE + "/publish", {}).status_code == 302
    assert "Diterbitkan" in dlh.get(IDEA_PAGE).text
    city.work()
    (told,) = shared.received()[before:]
    assert "ASP-00001" in told.body and "sudah diterbitkan" in told.body
    assert dlh.submit(IDEA_PAGE, IDEA_PAGE + "/publish", {}).status_code == 302  # twice: nothing more
    city.work()
    assert len(shared.received()) == before + 1
    with city.session() as session:
        kinds = session.execute(select(AspirationEvent.kind, AspirationEvent.admin_user_id.is_not(None))
                                .order_by(AspirationEvent.id)).all()
    assert [tuple(row) for row in kinds] == [("created", False), ("published", True)]


def test_declining_needs_a_reason_which_the_author_reads(city, shared):
    make_account(city, "admin@kota.go.id")
    admin = Staff(city, "admin@kota.go.id")
    admin.sign_in()
    before = len(shared.received())
    admin.submit(IDEA_PAGE, IDEA_PAGE + "/decline", {"reason": ""})
    assert "Tulis alasannya" in admin.get(IDEA_PAGE).text
    admin.submit(IDEA_PAGE, IDEA_PAGE + "/decline", {"reason": "Lahan itu milik sekolah, bukan milik kota."})
    city.work()
    (told,) = shared.received()[before:]
    assert "tidak diterbitkan" in told.body and "Lahan itu milik sekolah" in told.body
    shared.send("status ASP-00001")
    city.work()
    assert "Lahan itu milik sekolah" in shared.received()[-1].body


def test_an_author_whose_window_closed_hears_it_through_the_approved_template(city, shared):
    city.sync_templates()
    clock.travel(timedelta(hours=25))
    dlh = staff_of(city, "dlh@kota.go.id", "dlh")
    before = len(shared.received())
    dlh.submit(IDEA_PAGE, IDEA_PAGE + "/publish", {})
    city.work()
    (told,) = shared.received()[before:]
    assert template_of(city, told) == "aspiration_update"
    assert "ASP-00001" in told.rendered and TITLE in told.rendered and "diterbitkan" in told.rendered


def test_the_overview_counts_ideas_and_the_list_downloads_as_csv(city, shared):
    import csv
    import io

    dlh = staff_of(city, "dlh@kota.go.id", "dlh")
    overview = dlh.get("/admin/overview").text
    assert "<strong>1</strong> menunggu moderasi" in overview
    assert "<strong>0</strong> menunggu moderasi" in staff_of(city, "pu@kota.go.id", "pu").get("/admin/overview").text
    exported = dlh.get("/admin/aspirations.csv?status=pending")
    rows = list(csv.reader(io.StringIO(exported.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Nomor", "Dibuat", "Status"]
    assert rows[1][0] == "ASP-00001" and "[nomor disamarkan]" in rows[1][-1] and "0812" not in rows[1][-1]
