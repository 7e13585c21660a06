"""Admins send news from the console's *Kabar* page to the residents who typed *langganan*: the whole
city's, a kecamatan's (its kelurahan's subscribers) or a kelurahan's, perhaps announcing a budget round
while it votes. The broadcast is queued for the worker, which sends it at the sender's pace, and its
page counts how far it got. A refusal is a sentence, what was typed comes back, and staff of an
office cannot send news, nor read it: a broadcast speaks for the city."""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from redis.exceptions import ConnectionError as RedisConnectionError
from sqlalchemy import func, insert, select

from jobs.sweep import sweep
from models import Area, Broadcast, Resident, Subscription, as_utc, clock, utcnow
from test_staff_run_a_budget_round import AFTER_CLOSE, BEFORE, IN_REVIEW, IN_VOTING, a_round, account, travel_to

NEWS = "/admin/broadcasts"
FIRST = NEWS + "/1"
MUSRENBANG = "Musrenbang Kecamatan Oebobo hari Sabtu pukul 09.00 di aula kantor camat. Mari datang!"
IN_FATULULI = ["+6281600000001", "+6281600000002"]
IN_KELAPA_LIMA = ["+6281600000003"]


def subscribers(city, kelurahan: str, phones: list[str]) -> None:
    """Residents who typed *langganan* and chose ``kelurahan``, as rows (the opt-in itself is
    tests/test_residents_subscribe_to_news.py's)."""
    with city.session() as session:
        area_id = session.scalars(select(Area.id).where(Area.code == kelurahan)).one()
        ids = session.execute(insert(Resident).returning(Resident.id),
                              [{"phone": phone, "language": "id"} for phone in phones]).scalars().all()
        session.execute(insert(Subscription), [{"resident_id": resident_id, "area_id": area_id,
                                                "consented_at": utcnow()} for resident_id in ids])
        session.commit()


def compose(admin, body: str = MUSRENBANG, area: str = "kec-oebobo", round_: str = ""):
    return admin.submit(NEWS, NEWS, {"area": area, "body": body, "round": round_})


def figure(page: str, name: str) -> str:
    """One of a broadcast page's counts, as its table shows it."""
    return page.split(f'<th scope="row">{name}</th><td>', 1)[1].split("<", 1)[0]


def broadcasts(city) -> int:
    with city.session() as session:
        return session.scalar(select(func.count()).select_from(Broadcast))


def test_news_to_kec_oebobo_is_queued_and_the_worker_sends_it_to_its_kelurahans_subscribers_only(city):
    subscribers(city, "kel-fatululi", IN_FATULULI)
    subscribers(city, "kel-kelapa-lima", IN_KELAPA_LIMA)
    admin = account(city, "admin@kota.go.id", role="admin")
    page = admin.get(NEWS).text
    assert "yang mengetik <strong>langganan</strong>" in page and "paling banyak 72 pesan per detik" in page
    assert "TWILIO_SENDER_MPS (80) dikurangi sepersepuluh" in page and "sebagai pesan marketing" in page
    assert '<option value="kec-oebobo">Kec. Oebobo</option>' in page
    assert '<option value="kel-fatululi">Kel. Fatululi, Kec. Oebobo</option>' in page
    assert "Seluruh kota: 3 pelanggan aktif saat ini." in page

    sent = compose(admin)
    assert sent.status_code == 302 and sent.headers["Location"].endswith(FIRST)
    with city.session() as session:
        broadcast = session.scalars(select(Broadcast)).one()
        assert (broadcast.body, broadcast.area.code, broadcast.created_by.email, broadcast.round_id) == (
            MUSRENBANG, "kec-oebobo", "admin@kota.go.id", None)
        created = as_utc(broadcast.created_at)
    page = admin.get(FIRST).text
    assert "Kabar masuk antrean kirim: akan sampai ke 2 pelanggan." in page  # Oebobo's two, not Kelapa Lima's
    assert MUSRENBANG in page and "Kec. Oebobo" in page and "admin@kota.go.id" in page and "sedang dikirim…" in page
    in_the_city = created.astimezone(ZoneInfo("Asia/Jakarta")).strftime("%d-%m-%Y %H:%M")
    assert in_the_city in page and created.strftime("%d-%m-%Y %H:%M") not in page  # city time, never UTC

    city.work()
    for phone in IN_FATULULI:
        news = city.fake.messages_to(f"whatsapp:{phone}")
        assert len(news) == 1 and "Kabar untuk warga Kec. Oebobo" in news[0].rendered and MUSRENBANG in news[0].rendered
        assert news[0].content_sid  # outside their window: the MARKETING template
    assert city.fake.messages_to(f"whatsapp:{IN_KELAPA_LIMA[0]}") == []
    page = admin.get(FIRST).text
    assert [figure(page, name) for name in ("Penerima", "Terkirim", "Gagal", "Menunggu")] == ["2", "2", "0", "0"]
    assert "sedang dikirim" not in page
    listed = admin.get(NEWS).text
    assert MUSRENBANG[:60] in listed and '<td data-label="Penerima">2</td>' in listed
    assert '<td data-label="Terkirim">2</td>' in listed and "selesai " + in_the_city[:10] in listed


def test_a_text_too_short_or_too_long_is_refused_in_words_and_what_was_typed_comes_back(city):
    admin = account(city, "admin@kota.go.id", role="admin")
    too_short = compose(admin, body="Rapat.", area="kel-fatululi")
    assert too_short.status_code == 400
    assert "Teks kabar harus 10 sampai 500 huruf." in too_short.text
    assert "Rapat.</textarea>" in too_short.text and '<option selected value="kel-fatululi">' in too_short.text
    assert "Kel. Fatululi, Kec. Oebobo: 0 pelanggan aktif saat ini." in too_short.text
    assert "Teks kabar harus 10 sampai 500 huruf." in compose(admin, body="Kabar. " * 80).text
    assert "Teks kabar harus" in compose(admin, body="   spasi   ").text  # what counts is the text, not its margins
    assert broadcasts(city) == 0
    # 500 characters as the browser counts them, its 4 line breaks one each (a form posts them as two).
    five_lines = "\r\n".join(["x" * 99] * 5) + "!"
    assert len(five_lines) == 504 and compose(admin, body=five_lines).status_code == 302
    with city.session() as session:
        assert session.scalars(select(Broadcast.body)).one() == five_lines.replace("\r\n", "\n")


def test_a_round_is_announced_during_its_voting_and_refused_once_the_voting_closed(city):
    travel_to(BEFORE)
    admin = account(city, "admin@kota.go.id", role="admin")
    a_round(admin)
    travel_to(IN_REVIEW)
    assert "Anggaran Partisipatif Oebobo 2027" not in admin.get(NEWS).text  # not offered before its voting
    refused = compose(admin, round_="1")
    assert refused.status_code == 400
    assert ("Anggaran Partisipatif Oebobo 2027 tidak sedang dalam pemungutan suara: sebuah putaran hanya "
            "diumumkan selama pemungutan suaranya.") in refused.text

    travel_to(IN_VOTING)
    assert '<option value="1">Anggaran Partisipatif Oebobo 2027 · Kec. Oebobo</option>' in admin.get(NEWS).text
    assert compose(admin, body="Tiga proyek usulan warga menunggu pilihan Anda.", round_="1").status_code == 302
    page = admin.get(FIRST).text
    assert '<a href="/admin/rounds/1">Anggaran Partisipatif Oebobo 2027</a>' in page

    travel_to(AFTER_CLOSE)  # the voting closed while the form was open
    late = compose(admin, body="Hari terakhir untuk memilih proyek!", round_="1")
    assert late.status_code == 400 and "tidak sedang dalam pemungutan suara" in late.text
    assert "Hari terakhir untuk memilih proyek!</textarea>" in late.text
    assert "Anggaran Partisipatif Oebobo 2027 · Kec. Oebobo" not in late.text  # no longer offered
    assert "Putaran itu tidak ada." in compose(admin, round_="99").text
    assert "Wilayah itu tidak ada." in compose(admin, area="kel-atlantis").text
    assert broadcasts(city) == 1


def test_staff_of_an_office_can_neither_send_news_nor_read_it(city):
    admin = account(city, "admin@kota.go.id", role="admin")
    compose(admin)
    assert 'href="/admin/broadcasts"' in admin.get("/admin/cases").text
    staff = account(city, "dlh@kota.go.id", department="dlh")
    assert 'href="/admin/broadcasts"' not in staff.get("/admin/cases").text
    assert staff.get(NEWS).status_code == 403
    assert staff.submit("/admin/cases", NEWS, {"area": "city", "body": MUSRENBANG, "round": ""}).status_code == 403
    assert staff.get(FIRST).status_code == 403
    assert broadcasts(city) == 1
    assert city.app.test_client().get(NEWS).status_code == 302  # signed out: to the sign-in page
    assert admin.get(NEWS + "/2").status_code == 404


def test_the_text_is_shown_as_text(city):
    admin = account(city, "admin@kota.go.id", role="admin")
    compose(admin, body="<script>alert('kabar')</script> Musrenbang *Sabtu* pukul 09.00")
    escaped = "&lt;script&gt;alert(&#39;kabar&#39;)&lt;/script&gt; Musrenbang"
    page = admin.get(FIRST).text
    assert "<script>alert" not in page and escaped in page
    assert "<strong>Sabtu</strong>" in page  # WhatsApp's bold, as the resident's phone shows it
    listed = admin.get(NEWS).text
    assert "<script>alert" not in listed and escaped in listed


def test_news_whose_job_redis_refused_is_started_by_the_sweep(city, monkeypatch):
    subscribers(city, "kel-fatululi", IN_FATULULI)
    admin = account(city, "admin@kota.go.id", role="admin")

    def redis_down(*args, **kwargs):
        raise RedisConnectionError("Redis is restarting")

    monkeypatch.setattr(city.runtime, "enqueue_broadcast", redis_down)
    sent = compose(admin, area="kel-fatululi")
    assert sent.status_code == 302  # committed: an error page would only have the admin send it twice
    assert "akan sampai ke 2 pelanggan" in admin.get(FIRST).text
    assert city.queued_jobs() == 0
    clock.travel(timedelta(minutes=3))
    sweep(city.worker_runtime, older_than=timedelta(minutes=5))
    city.work()
    assert all(len(city.fake.messages_to(f"whatsapp:{phone}")) == 1 for phone in IN_FATULULI)
