"""News with consent: ``langganan`` opts a number in to the news of its kelurahan and the city's budget
rounds, keeping when and by which message; ``berhenti langganan`` ends that alone, ``berhenti``
everything; a broadcast reaches the active subscribers of its area, each once."""
from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import select

from handlers.broadcasts import BroadcastError, counts, create_broadcast, next_recipients, per_second
from handlers.outbox import Outbox
from harness import IN_FATULULI
from handlers.budgeting import create_round
from models import Area, Broadcast, Message, Phase, Resident, Round, Subscription, clock
from test_residents_vote_on_the_budget import IN_VOTING, PROJECTS, a_round, travel_to

ZONE = ZoneInfo("Asia/Jakarta")


def subscription(conversation, number: str | None = None) -> Subscription | None:
    with conversation.session() as session:
        return session.scalars(select(Subscription).join(Resident).where(
            Resident.phone == (number or conversation.number))).first()


def test_a_resident_names_their_kelurahan_once_and_the_consent_is_kept_with_its_message(conversation):
    conversation.send("halo")
    conversation.send("langganan")
    assert "kelurahan mana" in conversation.last_reply()
    conversation.send("Fatululi")
    assert "kabar dari layanan *Lapor Wali Kota* untuk Kel. Fatululi, Kec. Oebobo" in conversation.last_reply()
    kept = subscription(conversation)
    with conversation.session() as session:
        consent = session.get(Message, kept.consent_message_id)
        assert consent.body == "Fatululi" and consent.phone == conversation.number
    assert kept.ended_at is None and kept.consented_at is not None
    conversation.send("Langganan")
    assert "sudah berlangganan" in conversation.last_reply()


def test_the_kelurahan_of_a_report_is_used_without_asking(conversation):
    conversation.send("lapor")
    conversation.send("4")
    conversation.send("Got depan rumah tersumbat sampah, air meluap ke jalan setiap hujan.")
    conversation.send_location(*IN_FATULULI)
    conversation.send("selesai")
    conversation.send("ya")
    conversation.send("subscribe")
    assert "Kel. Fatululi" in conversation.last_reply()


def test_unsubscribing_ends_the_news_only_and_berhenti_ends_it_too(conversation):
    conversation.send("langganan")
    conversation.send("0")
    assert "seluruh kota" in conversation.last_reply()
    conversation.send("berhenti langganan")
    assert "tidak lagi menerima kabar" in conversation.last_reply()
    assert subscription(conversation).ended_by == "unsubscribe"
    conversation.send("berhenti langganan")
    assert "tidak berlangganan" in conversation.last_reply()

    conversation.send("langganan")
    conversation.send("0")
    assert "aktif kembali" in conversation.last_reply()
    conversation.send("berhenti")
    assert subscription(conversation).ended_by == "stop"
    conversation.send("mulai")  # back for reports, not for news: that needs a new opt-in
    assert subscription(conversation).ended_at is not None


def subscribers(conversation, count: int, area_code: str | None) -> None:
    with conversation.session() as session:
        area = session.scalars(select(Area).where(Area.code == area_code)).one() if area_code else None
        for number in range(count):
            resident = Resident(phone=f"+62815{area_code and len(area_code) or 0:02d}{number:06d}")
            session.add(resident)
            session.flush()
            session.add(Subscription(resident_id=resident.id, area_id=area.id if area else None))
        session.commit()


def test_a_broadcast_reaches_its_areas_active_subscribers_once_in_batches(conversation):
    subscribers(conversation, 5, "kel-fatululi")
    subscribers(conversation, 3, "kel-kelapa-lima")
    with conversation.session() as session:
        stopped = session.scalars(select(Subscription).order_by(Subscription.id).limit(1)).one()
        stopped.resident.opted_out = True  # said berhenti: never sent news again
        oebobo = session.scalars(select(Area).where(Area.code == "kec-oebobo")).one()
        broadcast = create_broadcast(session, "Musrenbang Kecamatan Oebobo hari Sabtu pukul 09.00 di aula kantor camat.",
                                     oebobo, None)
        outbox = Outbox(session)
        batches = []
        while made := next_recipients(session, broadcast, outbox, 3, broadcast.created_at, ZONE):
            batches.append(made)
        outbox.flush()
        session.commit()
        assert [len(batch) for batch in batches] == [3, 1]  # Fatululi's four active, not Kelapa Lima's
        assert broadcast.finished_at is not None and broadcast.recipients == 4
        assert next_recipients(session, broadcast, outbox, 3, broadcast.created_at, ZONE) == []
        sent = session.scalars(select(Message).where(Message.broadcast_id == broadcast.id)).all()
        assert len({message.phone for message in sent}) == 4
        assert "Kabar untuk warga Kec. Oebobo" in sent[0].body and sent[0].template == "broadcast"
        assert counts(session, session.get(Broadcast, broadcast.id)).waiting == 4


def test_a_broadcast_goes_a_tenth_slower_than_the_sender_allows():
    assert per_second(80) == 72 and per_second(1) == 1


def test_a_rounds_announcement_offers_pilih_which_opens_the_ballot(conversation):
    round_id = a_round(conversation, PROJECTS)
    conversation.send("langganan")
    conversation.send("0")
    travel_to(IN_VOTING)
    with conversation.session() as session:
        round_ = session.get(Round, round_id)
        broadcast = create_broadcast(session, "Tiga proyek usulan warga menunggu pilihan Anda.", None, None,
                                     round_, clock.now())
        outbox = Outbox(session)
        next_recipients(session, broadcast, outbox, 10, clock.now(), ZONE)
        outbox.flush()
        session.commit()
    announced = conversation.last_reply()
    assert "pemungutan suara *Anggaran Partisipatif 2027* dibuka sampai Senin, 04-01-2027 pukul 23.59" in announced
    assert conversation.offered() == ["Pilih"]
    conversation.tap("Pilih")
    assert "1. Taman baca RW 03 — Rp 150.000.000" in conversation.last_reply()
    assert conversation.state == "vote_ballot"


def test_a_round_is_announced_only_while_it_votes(conversation):
    round_id = a_round(conversation, PROJECTS)  # the clock is in its review
    with conversation.session() as session:
        try:
            create_broadcast(session, "Sebentar lagi pemungutan suara dibuka.", None, None, session.get(Round, round_id),
                             clock.now())
        except BroadcastError as refused:
            assert refused.key == "round_not_voting"
        else:
            raise AssertionError("a round in its review was announced")


def test_the_same_news_twice_in_a_row_is_a_double_click_and_goes_once(conversation):
    with conversation.session() as session:
        text = "Pemadaman air di Fatululi hari Selasa pukul 08.00-12.00."
        create_broadcast(session, text, None, None)
        session.commit()
        try:
            create_broadcast(session, text, None, None)
        except BroadcastError as refused:
            assert refused.key == "broadcast_repeated"
        else:
            raise AssertionError("the same news was queued twice")


def test_a_kecamatans_round_is_announced_only_to_those_who_vote_in_it(conversation):
    with conversation.session() as session:
        oebobo, kelapa_lima = (session.scalars(select(Area).where(Area.code == code)).one()
                               for code in ("kec-oebobo", "kec-kelapa-lima"))
        round_ = create_round(session, name="Anggaran Oebobo", area=oebobo, budget=1_000_000, zone=ZONE,
                              days={Phase.PROPOSALS: date(2026, 12, 1), Phase.REVIEW: date(2026, 12, 10),
                                    Phase.VOTING: date(2026, 12, 20), Phase.RESULTS: date(2027, 1, 5)})
        try:
            create_broadcast(session, "Pemungutan suara dibuka, ayo memilih!", kelapa_lima, None, round_, IN_VOTING)
        except BroadcastError as refused:
            assert refused.key == "round_elsewhere"
        else:
            raise AssertionError("Kelapa Lima was told of Oebobo's vote")
        fatululi = session.scalars(select(Area).where(Area.code == "kel-fatululi")).one()
        assert create_broadcast(session, "Pemungutan suara dibuka, ayo memilih!", fatululi, None, round_, IN_VOTING)


def test_news_not_yet_sent_is_never_sent_once_the_resident_unsubscribes(conversation):
    conversation.send("langganan")
    conversation.send("0")
    with conversation.session() as session:
        broadcast = create_broadcast(session, "Kerja bakti di Jl. El Tari hari Minggu pukul 07.00.", None, None)
        outbox = Outbox(session)
        next_recipients(session, broadcast, outbox, 10, clock.now(), ZONE)
        outbox.flush()
        session.commit()
    conversation.send("berhenti langganan")
    with conversation.session() as session:
        (news,) = session.scalars(select(Message).where(Message.broadcast_id.is_not(None))).all()
        assert news.status == "suppressed"
