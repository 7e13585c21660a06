"""The mayor's office acts on a case: residents and officials hear of it through the outbox and the
worker, and every action is an audit event naming who did it."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from console import Staff, make_account
from handlers.admin import NotAllowed, reply_as_office
from handlers.outbox import Outbox
from harness import BUDI, file_pothole_report, official_wrote_today
from models import AdminUser, Case, CaseEvent, Department

CASE = "/admin/cases/LPR-00001"


@pytest.fixture
def admin(city):
    make_account(city, "admin@kota.go.id")
    staff = Staff(city, "admin@kota.go.id")
    staff.sign_in()
    file_pothole_report(city.resident(name="Siti"))
    city.work()
    return staff


def audit(city, kind: str) -> list[tuple[str, str | None]]:
    """(who, note) of each event of ``kind`` on LPR-00001."""
    with city.session() as session:
        rows = session.execute(select(AdminUser.email, CaseEvent.note).join(
            AdminUser, AdminUser.id == CaseEvent.admin_user_id).where(CaseEvent.kind == kind))
        return [tuple(row) for row in rows]


def test_a_status_change_with_a_note_is_told_to_the_resident(city, admin):
    response = admin.submit(CASE, CASE + "/status", {"status": "in_progress", "note": "Tim sudah dijadwalkan."})
    assert response.status_code == 302
    assert "antrean" in admin.get(CASE).text  # the page says the message is queued
    city.work()
    told = city.resident().received()[-1].body
    assert "sedang diproses" in told and "Tim sudah dijadwalkan." in told
    assert city.case("LPR-00001").status == "in_progress"
    with city.session() as session:
        event = session.scalars(select(CaseEvent).where(CaseEvent.kind == "status_changed")).one()
        assert (event.actor, event.from_status, event.to_status) == ("admin", "open", "in_progress")
    assert audit(city, "status_changed") == [("admin@kota.go.id", "Tim sudah dijadwalkan.")]


def test_a_status_change_names_the_mayors_office_and_reaches_the_cases_official(city, admin):
    budi, seen = official_wrote_today(city)
    admin.submit(CASE, CASE + "/status", {"status": "in_progress", "note": "Tim sudah dijadwalkan."})
    city.work()
    told = city.resident().received()[-1].body
    assert "(Kantor Wali Kota)" in told and "Dinas Pekerjaan Umum" not in told
    heard = [sent.body for sent in budi.received()[seen:]]
    assert heard == ["🏛️ Kantor Wali Kota mengubah status laporan *LPR-00001* menjadi *sedang diproses* lewat "
                     "konsol.\nCatatan: Tim sudah dijadwalkan."]


def test_an_official_who_has_not_written_lately_is_prompted_and_then_hears_it(city, admin):
    """Outside an official's 24-hour window the news waits behind the *Baca* template."""
    admin.submit(CASE, CASE + "/status", {"status": "in_progress", "note": ""})
    city.work()
    budi = city.official(BUDI)
    prompt = budi.received()[-1]
    assert "LPR-00001" in prompt.rendered and "mengubah status" not in prompt.rendered
    budi.tap_read(prompt.sid)
    city.work()
    assert "mengubah status laporan *LPR-00001* menjadi *sedang diproses*" in budi.received()[-1].body


def test_an_action_before_the_forward_went_is_not_told_apart(city):
    """The officials learn of the case from its forward; news of a case they never got would puzzle them."""
    make_account(city, "admin@kota.go.id")
    staff = Staff(city, "admin@kota.go.id")
    staff.sign_in()
    file_pothole_report(city.resident(name="Siti"))  # its forward still queued
    staff.submit(CASE, CASE + "/status", {"status": "in_progress", "note": ""})
    city.work()
    assert city.messages(direction="out", kind="office_action") == []
    assert {sent.kind for sent in city.messages(direction="out", phone=BUDI)} == {"forward"}


def test_setting_the_status_it_already_has_is_refused_politely(city, admin):
    admin.submit(CASE, CASE + "/status", {"status": "open"})
    assert "Tidak dapat dilakukan" in admin.get(CASE).text
    assert audit(city, "status_changed") == []


def test_a_reply_as_the_mayors_office_reaches_the_resident(city, admin):
    admin.submit(CASE, CASE + "/reply", {"text": "Kami pantau langsung. Terima kasih atas laporannya."})
    page = admin.get(CASE).text
    assert "Kami pantau langsung." in page and "menunggu dikirim" in page
    city.work()
    answer = city.resident().received()[-1].body
    assert "Kantor Wali Kota" in answer and "Kami pantau langsung." in answer
    assert audit(city, "admin_reply") == [("admin@kota.go.id", "Kami pantau langsung. Terima kasih atas laporannya.")]


def test_the_cases_official_reads_what_the_mayors_office_answered(city, admin):
    budi, seen = official_wrote_today(city)
    admin.submit(CASE, CASE + "/reply", {"text": "Kami pantau langsung."})
    city.work()
    heard = budi.received()[seen:]
    assert len(heard) == 1
    assert heard[0].body.startswith("🏛️ Kantor Wali Kota menjawab pelapor laporan *LPR-00001* lewat konsol:\n"
                                    "“Kami pantau langsung.”")


def test_reassigning_forwards_the_case_to_the_new_departments_officials(city, admin):
    with city.session() as session:
        dlh = session.scalars(select(Department.id).where(Department.code == "dlh")).one()
    admin.submit(CASE, CASE + "/reassign", {"department": str(dlh)})
    city.work()
    forward = city.official("+6281234500002").received()
    assert forward and "LPR-00001" in forward[0].rendered  # a template: they never wrote to the bot
    assert city.case("LPR-00001").department_id == dlh
    assert audit(city, "reassigned") == [("admin@kota.go.id", "Dinas Pekerjaan Umum → Dinas Lingkungan Hidup")]


def test_reassigning_tells_the_official_it_leaves_and_the_resident(city, admin):
    budi, seen = official_wrote_today(city)
    with city.session() as session:
        dlh = session.scalars(select(Department.id).where(Department.code == "dlh")).one()
    admin.submit(CASE, CASE + "/reassign", {"department": str(dlh)})
    city.work()
    assert [sent.body for sent in budi.received()[seen:]] == [
        "🏛️ Kantor Wali Kota mengalihkan laporan *LPR-00001* ke Dinas Lingkungan Hidup; laporan ini tidak "
        "lagi ditangani unit Anda."]
    assert city.resident().received()[-1].body == (
        "Laporan *LPR-00001* dialihkan oleh Kantor Wali Kota ke Dinas Lingkungan Hidup, yang kini menanganinya.")


def test_an_internal_note_is_on_the_timeline_and_never_sent(city, admin):
    sent_before = len(city.fake.messages)
    admin.submit(CASE, CASE + "/note", {"text": "Warga ini sudah melapor tiga kali; prioritaskan."})
    assert "prioritaskan" in admin.get(CASE).text
    city.work()
    assert len(city.fake.messages) == sent_before
    assert audit(city, "internal_note") == [("admin@kota.go.id", "Warga ini sudah melapor tiga kali; prioritaskan.")]
    city.resident().send("status LPR-00001")
    assert "prioritaskan" not in city.resident().last_reply()


def test_an_empty_reply_is_refused_with_a_reason(city, admin):
    admin.submit(CASE, CASE + "/reply", {"text": "   "})
    assert "Isian kosong atau terlalu panjang." in admin.get(CASE).text
    assert audit(city, "admin_reply") == []


def test_an_empty_reply_is_refused_by_the_action_itself_too(city, admin):
    """Whatever the form lets through, the handler sends no empty message."""
    with city.session() as session:
        case = session.scalars(select(Case)).one()
        with pytest.raises(NotAllowed):
            reply_as_office(session, case, " \n ", session.scalars(select(AdminUser)).one(), Outbox(session))
