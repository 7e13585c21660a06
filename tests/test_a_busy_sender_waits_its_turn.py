"""One phone's backlog never stands between another resident and their answer: a phone has at most
one job in each queue before bulk work; more of its jobs wait with the bulk work, and each job sends
every unsent message of the phone up to its own, so that nothing is sent twice or out of order."""
from __future__ import annotations

from bot.queueing import BULK_QUEUE_NAME, QUEUE_NAME, SECOND_QUEUE_NAME

SAYINGS = ("halo", "bantuan", "menu", "bantuan", "menu")


def waiting(city) -> dict[str, int]:
    return {queue.name: queue.count for queue in city.worker_runtime.queues}


def bodies(phone) -> list[str]:
    return [message.rendered for message in phone.received()]


def test_a_phone_writing_faster_than_the_worker_holds_two_places_and_no_more(city):
    busy = city.resident("+6281200000771", name="Sibuk")
    for text in SAYINGS:
        busy.send(text)
    assert waiting(city) == {QUEUE_NAME: 1, SECOND_QUEUE_NAME: 1, BULK_QUEUE_NAME: 3}
    newcomer = city.resident("+6281200000772", name="Baru")
    newcomer.send("halo")
    assert waiting(city) == {QUEUE_NAME: 2, SECOND_QUEUE_NAME: 1, BULK_QUEUE_NAME: 3}  # behind one of busy's


def test_a_busy_phones_answers_arrive_in_order_and_once_and_its_places_come_back(city):
    calm = city.resident("+6281200000773", name="Tenang")
    for text in SAYINGS:
        calm.send(text)
        city.work()
    expected = bodies(calm)
    busy = city.resident("+6281200000771", name="Sibuk")
    for text in SAYINGS:
        busy.send(text)  # no worker meanwhile
    city.work()
    assert bodies(busy) == expected
    busy.send("halo")  # its places were given back as its jobs started
    assert waiting(city) == {QUEUE_NAME: 1, SECOND_QUEUE_NAME: 0, BULK_QUEUE_NAME: 0}
