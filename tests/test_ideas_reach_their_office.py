"""An idea that enough residents support goes to its office like a case: filed, masked, published,
supported by 50 numbers through signed webhooks, forwarded with a deadline in working days, and
answered; the author and every supporter hear the answer exactly once."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import yaml
from sqlalchemy import select

from console import Staff, make_account
from harness import SAMPLE_DIRECTORY, directory_file, share_an_idea
from jobs.sweep import sweep
from models import Aspiration, AspirationEvent, clock

IDEA_PAGE = "/admin/aspirations/ASP-00001"
SARI = "+6281234500002"  # Dinas Lingkungan Hidup, which answers the parks theme
WIB = timezone(timedelta(hours=7))
SUPPORTERS = [f"+628120000{number:04d}" for number in range(100, 150)]


def with_threshold(city, tmp_path, threshold: int) -> None:
    directory = yaml.safe_load(SAMPLE_DIRECTORY.read_text())
    directory["themes"][0]["support_threshold"] = threshold
    city.load_directory(directory_file(tmp_path, directory))


def the_aspiration(city) -> Aspiration:
    with city.session() as session:
        return session.scalars(select(Aspiration)).one()


def published_idea(city, tmp_path, threshold: int):
    with_threshold(city, tmp_path, threshold)
    author = city.resident(name="Siti")
    share_an_idea(author)
    make_account(city, "dlh@kota.go.id", role="staff", department="dlh")
    dlh = Staff(city, "dlh@kota.go.id")
    dlh.sign_in()
    dlh.submit(IDEA_PAGE, IDEA_PAGE + "/publish", {})
    city.work()
    return author, dlh


def test_fifty_supports_send_the_idea_to_its_office_and_every_supporter_hears_its_answer_once(city, tmp_path):
    author, dlh = published_idea(city, tmp_path, threshold=50)
    sari = city.official(SARI, "Sari Wulandari")
    sari_before = len(sari.received())
    for phone in SUPPORTERS[:49]:
        city.resident(phone, name="Warga").send("dukung ASP-00001")
    city.resident(SUPPORTERS[0]).send("dukung ASP-00001")  # again: counts once
    city.work()
    assert the_aspiration(city).status == "published" and the_aspiration(city).support_count == 49
    assert len(sari.received()) == sari_before

    city.resident(SUPPORTERS[49], name="Warga").send("dukung ASP-00001")  # the fiftieth
    city.work()
    aspiration = the_aspiration(city)
    assert (aspiration.status, aspiration.support_count) == ("forwarded", 50)
    assert aspiration.answer_due_at is not None and aspiration.answer_due_at > aspiration.forwarded_at
    (forward,) = sari.received()[sari_before:]
    assert "ASP-00001" in forward.rendered and "50" in forward.rendered
    assert "0812 3456 7890" not in forward.rendered  # masked for officials too
    assert "diteruskan ke Dinas Lingkungan Hidup" in author.received()[-1].body

    before = {phone: len(city.resident(phone).received()) for phone in [author.number, *SUPPORTERS]}
    page = dlh.get(IDEA_PAGE).text
    assert "Diterima dalam rencana" in page and "Tenggat" in page
    dlh.submit(IDEA_PAGE, IDEA_PAGE + "/answer", {"outcome": "accepted",
                                                   "note": "Masuk rencana kerja DLH 2027, anggaran Rp 150.000.000."})
    city.work()
    for phone, seen in before.items():
        told = city.resident(phone).received()[seen:]
        assert len(told) == 1, f"{phone} was told {len(told)} times"
        assert "diterima dalam rencana" in told[0].body and "Rp 150.000.000" in told[0].body
    assert "aspirasi yang Anda dukung" in city.resident(SUPPORTERS[7]).received()[-1].body
    assert "aspirasi Anda" in author.received()[-1].body
    with city.session() as session:
        kinds = session.scalars(select(AspirationEvent.kind).order_by(AspirationEvent.id)).all()
    assert kinds == ["created", "published", "forwarded", "accepted"]


def test_an_answer_in_discussion_comes_before_the_final_one_and_a_final_one_is_final(city, tmp_path):
    author, dlh = published_idea(city, tmp_path, threshold=2)
    for phone in SUPPORTERS[:2]:
        city.resident(phone).send("dukung ASP-00001")
    city.work()
    dlh.submit(IDEA_PAGE, IDEA_PAGE + "/answer", {"outcome": "in_discussion", "note": "Dibahas di musrenbang Januari."})
    city.work()
    assert "sedang dibahas" in author.received()[-1].body
    city.resident(SUPPORTERS[2]).send("dukung ASP-00001")  # still open to supports while discussed
    city.work()
    assert the_aspiration(city).support_count == 3
    dlh.submit(IDEA_PAGE, IDEA_PAGE + "/answer", {"outcome": "turned_down", "note": "Lahannya milik sekolah."})
    city.work()
    assert "tidak dapat dilaksanakan" in author.received()[-1].body
    seen = len(author.received())
    response = dlh.submit(IDEA_PAGE, IDEA_PAGE + "/answer", {"outcome": "accepted", "note": "Berubah pikiran."})
    assert response.status_code == 302
    city.work()
    assert len(author.received()) == seen and the_aspiration(city).status == "turned_down"
    author.send("status ASP-00001")
    city.work()
    assert "Lahannya milik sekolah" in author.received()[-1].body


def test_an_idea_its_office_does_not_answer_in_time_climbs_like_a_late_case(city, tmp_path):
    """Forwarded on Monday 7 December 2026 at 10:00 with 2 answer days: due at the end of Wednesday;
    the reminder on Thursday morning, the head on Friday, the mayor's office on Monday."""
    clock.travel(datetime(2026, 12, 7, 10, tzinfo=WIB) - clock.now())
    directory = yaml.safe_load(SAMPLE_DIRECTORY.read_text())
    directory["themes"][0].update(support_threshold=1, answer_days=2)
    directory["departments"][2]["officials"][0]["head"] = True  # Sari heads DLH
    city.load_directory(directory_file(tmp_path, directory))
    share_an_idea(city.resident(name="Siti"))
    make_account(city, "dlh@kota.go.id", role="staff", department="dlh")
    dlh = Staff(city, "dlh@kota.go.id")
    dlh.sign_in()
    dlh.submit(IDEA_PAGE, IDEA_PAGE + "/publish", {})
    city.resident(SUPPORTERS[0]).send("dukung ASP-00001")
    city.work()
    assert the_aspiration(city).status == "forwarded"
    clock.travel(datetime(2026, 12, 8, 7, 1, tzinfo=WIB) - clock.now())
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    city.work()
    (digest,) = [sent.rendered for sent in city.official("+6281234500009").received() if "Ringkasan" in sent.rendered]
    assert "Aspirasi warga: 1 mencapai ambang dukungan (ASP-00001), 0 belum dijawab lewat tenggat" in digest

    for day, expected in ((9, []), (10, ["reminder_answer"]), (11, ["reminder_answer", "head_answer"]),
                          (12, ["reminder_answer", "head_answer"]),  # Saturday: nothing
                          (14, ["reminder_answer", "head_answer", "mayor_answer"])):
        clock.travel(datetime(2026, 12, day, 8, tzinfo=WIB) - clock.now())
        for _ in range(2):  # a second sweep takes no step twice
            sweep(city.worker_runtime, older_than=timedelta(seconds=30))
            city.work()
        with city.session() as session:
            taken = session.scalars(select(AspirationEvent.kind).where(AspirationEvent.kind.like("%\\_answer", escape="\\"))
                                    .order_by(AspirationEvent.id)).all()
        assert taken == expected, f"on the {day}th"
    reminders = [sent.rendered for sent in city.official(SARI).received() if "ASP-00001" in sent.rendered
                 and ("Pengingat" in sent.rendered or "pimpinan" in sent.rendered)]
    assert len(reminders) == 2  # the reminder, and as the head
    assert any("ASP-00001" in sent.rendered for sent in city.official("+6281234500009").received())


def test_an_older_ideas_support_button_supports_that_idea(city, tmp_path):
    _, dlh = published_idea(city, tmp_path, threshold=50)  # ASP-00001, in Fatululi
    other = city.resident("+6281200000088", name="Budi")
    for step in ("aspirasi", "1", "Bangku di taman kota", "Taman kota perlu bangku teduh untuk orang tua.",
                 "seluruh kota", "lewati", "kirim"):
        other.send(step)
    dlh.submit("/admin/aspirations/ASP-00002", "/admin/aspirations/ASP-00002/publish", {})
    city.work()
    neighbour = city.resident(SUPPORTERS[0], name="Warga")
    neighbour.send("halo")
    neighbour.send("usulan")
    neighbour.send("Fatululi")
    neighbour.tap("Bangku di taman kota")  # ASP-00002 shown
    neighbour.tap("Taman bermain di lahan…", back=1)  # a row of the same list: ASP-00001 shown
    neighbour.tap("Dukung", back=1)  # the button under ASP-00002, scrolled back to
    city.work()
    with city.session() as session:
        counts = dict(session.execute(select(Aspiration.ref, Aspiration.support_count)).all())
    assert counts == {"ASP-00001": 0, "ASP-00002": 1}


def test_a_threshold_lowered_in_the_directory_forwards_ideas_over_it_at_the_next_sweep(city, tmp_path):
    published_idea(city, tmp_path, threshold=50)
    for phone in SUPPORTERS[:3]:
        city.resident(phone).send("dukung ASP-00001")
    city.work()
    assert the_aspiration(city).status == "published"
    with_threshold(city, tmp_path, 3)
    sweep(city.worker_runtime, older_than=timedelta(seconds=30))
    city.work()
    assert the_aspiration(city).status == "forwarded"
    mayors_staff = Staff(city, "walikota@kota.go.id")
    make_account(city, "walikota@kota.go.id", role="staff", department="walikota")
    mayors_staff.sign_in()
    assert "ASP-00001" in mayors_staff.get("/admin/aspirations?status=forwarded").text  # the mayor's office oversees
    pu = Staff(city, "pu@kota.go.id")
    make_account(city, "pu@kota.go.id", role="staff", department="pu")
    pu.sign_in()
    assert pu.get(IDEA_PAGE).status_code == 404


def test_an_official_answers_from_whatsapp_with_the_cases_commands(city, tmp_path):
    author, _ = published_idea(city, tmp_path, threshold=1)
    city.resident(SUPPORTERS[0]).send("dukung ASP-00001")
    city.work()
    sari = city.official(SARI, "Sari Wulandari")
    sari.send("/proses ASP-00001")
    city.work()
    assert "Tulis catatannya" in sari.received()[-1].body
    budi = city.official("+6281234500001", "Budi Santoso")  # Dinas PU: not his office's
    budi.send("/selesai ASP-00001 sudah kami anggarkan")
    city.work()
    assert "bukan unit Anda" in budi.received()[-1].body
    sari.send("/selesai ASP-00001 Masuk rencana kerja 2027.")
    city.work()
    assert "diterima dalam rencana" in sari.received()[-1].body and "1 pendukung" in sari.received()[-1].body
    assert "Masuk rencana kerja 2027." in author.received()[-1].body
    assert "Masuk rencana kerja 2027." in city.resident(SUPPORTERS[0]).received()[-1].body
    with city.session() as session:
        event = session.scalars(select(AspirationEvent).where(AspirationEvent.kind == "accepted")).one()
        assert (event.actor, event.official.name) == ("official", "Sari Wulandari")
