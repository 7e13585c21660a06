"""Residents read and support published ideas over WhatsApp: ``usulan`` lists the most supported of
their kelurahan, a tap shows one with *Dukung*, ``dukung ASP-00012`` works typed; one number, one
support (a unique constraint), ``batal dukung`` withdraws it."""
from __future__ import annotations

import threading

from sqlalchemy import func, select
from werkzeug.security import generate_password_hash

from handlers.aspirations import publish
from handlers.outbox import Outbox
from handlers.supports import add_support
from harness import IN_FATULULI
from models import AdminUser, Aspiration, Resident, Support

AUTHOR = "+6281200000009"


def share(conversation, title: str, *, place=None) -> str:
    """An idea by the author (``place``: a pin, else the whole city), published; its ref."""
    author = conversation.someone_else(AUTHOR, "Penulis")
    author.send("aspirasi")
    author.send("1")
    author.send(title)
    author.send("Usulan yang cukup panjang supaya diterima sebagai isi aspirasi warga.")
    if place is None:
        author.send("seluruh kota")
    else:
        author.send_location(*place)
    author.send("lewati")
    author.send("kirim")
    with conversation.session() as session:
        aspiration = session.scalars(select(Aspiration).order_by(Aspiration.id.desc()).limit(1)).one()
        admin = session.scalars(select(AdminUser)).first()
        if admin is None:
            admin = AdminUser(email="admin@kota.go.id", password_hash=generate_password_hash("x" * 12), role="admin")
            session.add(admin)
            session.flush()
        publish(session, aspiration, admin, Outbox(session))
        session.commit()
        return aspiration.ref


def support_count(conversation, ref: str) -> tuple[int, int]:
    """The count kept on the aspiration, and the rows it counts."""
    with conversation.session() as session:
        kept = session.scalars(select(Aspiration.support_count).where(Aspiration.ref == ref)).one()
        rows = session.scalar(select(func.count()).select_from(Support).join(Aspiration).where(Aspiration.ref == ref))
        return kept, rows


def test_ideas_are_listed_for_the_kelurahan_named_once_and_one_is_supported_with_a_tap(conversation):
    ref = share(conversation, "Taman bermain RT 05", place=IN_FATULULI)
    conversation.send("halo")
    conversation.send("usulan")
    assert "kelurahan mana" in conversation.last_reply()
    conversation.send("Fatululi")
    listed = conversation.last_reply()
    assert "Kel. Fatululi" in listed and "1. Taman bermain RT 05 (0 dukungan)" in listed
    assert conversation.offered() == ["Taman bermain RT 05"]
    conversation.tap("Taman bermain RT 05")
    assert ref in conversation.last_reply() and conversation.offered() == ["Dukung", "Lihat lainnya"]
    conversation.tap("Dukung")
    assert "kini *1* dukungan" in conversation.last_reply()
    assert support_count(conversation, ref) == (1, 1)

    conversation.send("usulan")  # asked once: remembered
    assert "(1 dukungan)" in conversation.last_reply()


def test_a_support_repeated_counts_once(conversation):
    ref = share(conversation, "Lampu jalan di gang mawar")
    conversation.send("halo")
    conversation.send(f"dukung {ref}")
    conversation.send(f"Dukung {ref.lower()}")
    assert "sudah mendukung" in conversation.last_reply()
    assert support_count(conversation, ref) == (1, 1)


def test_a_support_typed_as_a_first_message_or_mid_report_is_taken(conversation):
    ref = share(conversation, "Lampu jalan di gang mawar")
    conversation.send(f"dukung {ref}")  # first contact: the greeting, then the support
    assert "kini *1* dukungan" in conversation.last_reply()
    neighbour = conversation.someone_else("+6281200000003")
    neighbour.send("lapor")
    neighbour.send("1")
    neighbour.send(f"support {ref}")
    supported, asked_again = neighbour.replies()[-2:]
    assert "*2*" in supported and "Kategori: *Jalan rusak*" in asked_again
    assert neighbour.state == "description"


def test_a_support_is_withdrawn_with_batal_dukung(conversation):
    ref = share(conversation, "Lampu jalan di gang mawar")
    conversation.send("halo")
    conversation.send(f"dukung {ref}")
    conversation.send(f"batal dukung {ref}")
    assert "dibatalkan; kini 0 dukungan" in conversation.last_reply()
    conversation.send(f"batal dukung {ref}")
    assert "belum mendukung" in conversation.last_reply()
    assert support_count(conversation, ref) == (0, 0)


def test_nobody_supports_their_own_idea_or_one_not_published(conversation):
    ref = share(conversation, "Lampu jalan di gang mawar")
    author = conversation.someone_else(AUTHOR, "Penulis")
    author.send(f"dukung {ref}")
    assert "aspirasi Anda sendiri" in author.last_reply()
    author.send("aspirasi")
    author.send("2")
    author.send("Trotoar Jalan El Tari")
    author.send("Trotoar di depan pasar rusak dan sempit, perlu diperlebar untuk pejalan kaki.")
    author.send("seluruh kota")
    author.send("lewati")
    author.send("kirim")  # ASP-00002: waiting for moderation
    conversation.send("dukung ASP-00002")
    assert "tidak ditemukan" in conversation.last_reply()
    conversation.send("dukung LPR-00001")
    assert "bukan aspirasi" in conversation.last_reply()
    assert support_count(conversation, "ASP-00002") == (0, 0)


def test_two_supports_from_one_number_at_the_same_moment_count_once(conversation):
    ref = share(conversation, "Lampu jalan di gang mawar")
    conversation.send("halo")
    start = threading.Barrier(2)
    outcomes = []

    def support() -> None:
        start.wait(timeout=30)  # as two workers would, each in its own transaction
        with conversation.session() as session:
            resident = session.scalars(select(Resident).where(Resident.phone == conversation.number)).one()
            aspiration = session.scalars(select(Aspiration).where(Aspiration.ref == ref)).one()
            outcomes.append(add_support(session, aspiration, resident).what)
            session.commit()

    threads = [threading.Thread(target=support) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["added", "already"]
    assert support_count(conversation, ref) == (1, 1)


def test_the_most_supported_come_first_and_the_area_comes_from_the_last_report(conversation):
    quiet = share(conversation, "Bangku taman", place=IN_FATULULI)
    popular = share(conversation, "Pohon peneduh")
    for number in ("+6281200000004", "+6281200000005"):
        conversation.someone_else(number).send(f"dukung {popular}")
    conversation.someone_else("+6281200000006").send(f"dukung {quiet}")
    conversation.send("lapor")
    conversation.send("4")  # a drain, routed by area
    conversation.send("Got mampet di depan rumah, air meluap ke jalan tiap hujan.")
    conversation.send_location(*IN_FATULULI)
    conversation.send("selesai")
    conversation.send("ya")
    conversation.send("usulan")  # not asked where: the report says Fatululi
    listed = conversation.last_reply()
    assert listed.index("Pohon peneduh (2 dukungan)") < listed.index("Bangku taman (1 dukungan)")


def test_browsing_never_swallows_what_is_no_answer_to_the_list_and_lapses_after_an_hour(conversation):
    share(conversation, "Lampu jalan di gang mawar")
    conversation.send("halo")
    conversation.send("usulan")
    conversation.send("0")  # the whole city's
    conversation.send("Selamat siang, kapan jalan di depan rumah saya diperbaiki?")
    assert conversation.state == "menu" and "Balas angka dari menu" in conversation.replies()[-2]
    conversation.send("usulan")
    conversation.send("0")
    conversation.later(hours=2)
    conversation.send("1")  # an hour later "1" is the menu's first row again, not the list's
    assert conversation.state == "category"


def test_an_answer_reaches_every_supporter_once_in_batches_that_resume(conversation):
    from handlers.aspirations import answer, tell_next_supporters
    from models import AspirationEvent, Message

    ref = share(conversation, "Lampu jalan di gang mawar")
    supporters = [f"+62812000002{number:02d}" for number in range(5)]
    for phone in supporters:
        conversation.someone_else(phone).send(f"dukung {ref}")
    with conversation.session() as session:
        aspiration = session.scalars(select(Aspiration).where(Aspiration.ref == ref)).one()
        aspiration.status = "forwarded"
        admin = session.scalars(select(AdminUser)).one()
        outbox = Outbox(session)
        answer(session, aspiration, "accepted", "Masuk rencana 2027.", admin, outbox)
        outbox.flush()
        session.commit()
    batches = 0
    while True:
        with conversation.session() as session:
            event = session.scalars(select(AspirationEvent).where(AspirationEvent.kind == "accepted")).one()
            outbox = Outbox(session)
            more = tell_next_supporters(session, event, outbox, limit=2)
            outbox.flush()
            session.commit()
        if not more:
            break
        batches += 1
    with conversation.session() as session:
        told = session.execute(select(Message.phone, func.count()).where(
            Message.direction == "out", Message.resident_id.is_not(None),
            Message.body.like("%diterima dalam rencana%")).group_by(Message.phone)).all()
        event = session.scalars(select(AspirationEvent).where(AspirationEvent.kind == "accepted")).one()
    assert batches == 3 and event.told_at is not None
    assert dict(told) == {phone: 1 for phone in [AUTHOR, *supporters]}
    with conversation.session() as session:  # a job run again tells nobody twice
        event = session.get(AspirationEvent, event.id)
        assert tell_next_supporters(session, event, Outbox(session)) is False
