"""A broadcast to 2,000 subscribers through the worker and the fake Twilio: paced under the sender's
rate, each subscriber reached once (the MARKETING template outside their window), while a resident who
writes meanwhile files a report and is answered before the broadcast is done."""
from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import insert, select

from handlers.broadcasts import PACE_JOB, counts, create_broadcast
from handlers.outbox import PendingJobs
from harness import file_pothole_report
from models import Area, Broadcast, Resident, Subscription, utcnow

SENDER_MPS = 200
SUBSCRIBERS = 2_000


def subscribers_of_fatululi(city, count: int) -> list[str]:
    phones = [f"+62816{number:08d}" for number in range(count)]
    with city.session() as session:
        fatululi = session.scalars(select(Area.id).where(Area.code == "kel-fatululi")).one()
        ids = session.execute(insert(Resident).returning(Resident.id),
                              [{"phone": phone, "language": "id"} for phone in phones]).scalars().all()
        session.execute(insert(Subscription), [{"resident_id": resident_id, "area_id": fatululi,
                                                "consented_at": utcnow()} for resident_id in ids])
        session.commit()
    return phones


def broadcast_to_oebobo(city, text: str) -> int:
    with city.session() as session:
        oebobo = session.scalars(select(Area).where(Area.code == "kec-oebobo")).one()
        broadcast = create_broadcast(session, text, oebobo, None)
        session.commit()
        broadcast_id = broadcast.id
    city.worker_runtime.enqueue_broadcast(PendingJobs([(PACE_JOB, (broadcast_id,))]))
    return broadcast_id


def serve_broadcasts(queue) -> None:
    """The broadcasts' own worker, as worker.py runs one beside the others (here a thread: RQ's
    worker wants the main thread's signals, so the jobs are taken from the queue and run as it would)."""
    while job_id := queue.connection.lpop(queue.key):
        queue.fetch_job(job_id.decode()).perform()


def test_two_thousand_subscribers_each_get_it_once_at_the_senders_pace_while_a_resident_is_answered(city):
    city.restart_worker(TWILIO_SENDER_MPS=str(SENDER_MPS))
    city.sync_templates(approve=True)
    phones = subscribers_of_fatululi(city, SUBSCRIBERS)
    broadcast_id = broadcast_to_oebobo(city, "Musrenbang Kecamatan Oebobo, Sabtu 9 Januari pukul 09.00 di aula kantor camat.")

    broadcaster = threading.Thread(target=serve_broadcasts, args=(city.worker_runtime.broadcast_queue,))
    broadcaster.start()
    resident = city.resident("+6281200000777", name="Yohana")
    file_pothole_report(resident)
    city.work()  # the residents' worker, meanwhile
    answered_at = max(message.created for message in resident.received())
    broadcaster.join(timeout=300)
    city.work()

    addresses = {f"whatsapp:{phone}" for phone in phones}
    news = [message for message in list(city.fake.messages) if message.to in addresses]
    assert Counter(message.to for message in news) == Counter({address: 1 for address in addresses})
    assert all("Musrenbang Kecamatan Oebobo" in message.rendered and message.content_sid for message in news)
    per_second = Counter(message.created.replace(microsecond=0) for message in news)
    assert max(per_second.values()) <= SENDER_MPS
    assert answered_at < max(message.created for message in news)  # not queued behind the broadcast
    assert "LPR-" in resident.received()[-1].body
    with city.session() as session:
        figures = counts(session, session.get(Broadcast, broadcast_id))
    assert (figures.recipients, figures.sent, figures.failed, figures.waiting) == (SUBSCRIBERS, SUBSCRIBERS, 0, 0)
